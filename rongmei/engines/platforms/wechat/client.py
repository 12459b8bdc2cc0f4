"""公众号 API 客户端：stable_token、素材、草稿、发表、群发、数据统计、留言。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx

from ..client import PlatformClient
from ..errors import ConfigError, ErrorKind
from ..models import MediaFile
from ..tokens import Token
from .codes import WECHAT_ERRORS

# datacube 接口 → 最大跨度（天）。end - begin 必须小于跨度。
DATACUBE_SPANS = {
    "getusersummary": 7,
    "getusercumulate": 7,
    "getarticleread": 1,
    "getarticleshare": 1,
    "getbizsummary": 30,
    "getarticletotaldetail": 1,
    "getupstreammsg": 7,
    "getinterfacesummary": 30,
}
# 已下线的旧版图文分析接口（调用返回 47009），不要再用
RETIRED_DATACUBE = frozenset(
    {"getarticlesummary", "getarticletotal", "getuserread", "getuserreadhour", "getusershare", "getusersharehour"}
)


def split_range(begin: dt.date, end: dt.date, span: int) -> Iterator[tuple[dt.date, dt.date]]:
    """把 [begin, end] 切成每段最多 ``span`` 天的区间。"""
    cur = begin
    while cur <= end:
        stop = min(end, cur + dt.timedelta(days=span - 1))
        yield cur, stop
        cur = stop + dt.timedelta(days=1)


class WechatClient(PlatformClient):
    platform = "wechat"
    default_base_url = "https://api.weixin.qq.com"
    errors = WECHAT_ERRORS
    required_credentials = ("appid", "secret")

    def _fetch_token(self, current: Token | None) -> Token:
        body = self.call(
            "POST",
            "/cgi-bin/stable_token",
            json_body={
                "grant_type": "client_credential",
                "appid": self.account.credentials["appid"],
                "secret": self.account.credentials["secret"],
                "force_refresh": False,
            },
            auth=False,
        )
        return Token(access_token=body["access_token"], expires_at=self.clock() + float(body.get("expires_in", 7200)))

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        if isinstance(body, dict) and body.get("errcode") not in (None, 0):
            return int(body["errcode"]), str(body.get("errmsg", ""))
        return None

    # --- 带参数二维码（渠道码）---------------------------------------------------------------------

    def qrcode_create(self, scene_str: str, *, expire_seconds: int | None = None) -> dict:
        """生成带参数二维码：``expire_seconds`` 为 None 时是永久码（QR_LIMIT_STR_SCENE，每个账号最多 10 万个），
        否则临时码（QR_STR_SCENE，最长 30 天）。返回 {"ticket", "url", "expire_seconds"?}；用户扫码关注时推送的
        subscribe 事件 EventKey 为 ``qrscene_`` + scene_str，已关注用户扫码为 SCAN 事件，EventKey 为 scene_str。"""
        if not 1 <= len(scene_str) <= 64:
            raise ConfigError(platform=self.platform, code="bad_scene", raw_message=scene_str,
                              explanation="二维码场景值须为 1～64 个字符", kind=ErrorKind.CONFIG)
        body: dict = {"action_info": {"scene": {"scene_str": scene_str}}}
        if expire_seconds is None:
            body["action_name"] = "QR_LIMIT_STR_SCENE"
        else:
            body["action_name"] = "QR_STR_SCENE"
            body["expire_seconds"] = max(60, min(int(expire_seconds), 2592000))
        return self.call("POST", "/cgi-bin/qrcode/create", json_body=body)

    # --- 素材与发布 --------------------------------------------------------------------------------

    def add_material(self, media: MediaFile, kind: str = "image") -> dict:
        """永久素材，返回 {"media_id", "url"}。"""
        return self.call(
            "POST",
            "/cgi-bin/material/add_material",
            params={"type": kind},
            files={"media": (media.filename, media.data, media.content_type)},
        )

    def upload_image(self, media: MediaFile) -> str:
        """正文内嵌图片（<1MB jpg/png），返回 mmbiz 地址。"""
        body = self.call(
            "POST", "/cgi-bin/media/uploadimg", files={"media": (media.filename, media.data, media.content_type)}
        )
        return body["url"]

    def draft_add(self, payload: dict) -> str:
        return self.call("POST", "/cgi-bin/draft/add", json_body=payload)["media_id"]

    def draft_get(self, media_id: str) -> dict:
        return self.call("POST", "/cgi-bin/draft/get", json_body={"media_id": media_id})

    def freepublish_submit(self, media_id: str) -> dict:
        return self.call("POST", "/cgi-bin/freepublish/submit", json_body={"media_id": media_id}, unsafe=True)

    def freepublish_get(self, publish_id: str) -> dict:
        return self.call("POST", "/cgi-bin/freepublish/get", json_body={"publish_id": str(publish_id)})

    def freepublish_batchget(self, offset: int = 0, count: int = 20) -> dict:
        return self.call(
            "POST", "/cgi-bin/freepublish/batchget", json_body={"offset": offset, "count": count, "no_content": 1}
        )

    def mass_sendall(self, payload: dict) -> dict:
        # 45065：相同 clientmsgid 已群发过——平台侧幂等，视为成功（响应带原 msg_id）
        return self.call("POST", "/cgi-bin/message/mass/sendall", json_body=payload, unsafe=True, ok_codes={45065})

    def mass_get(self, msg_id: str) -> dict:
        return self.call("POST", "/cgi-bin/message/mass/get", json_body={"msg_id": msg_id})

    # --- 数据统计 ----------------------------------------------------------------------------------

    def datacube(self, name: str, begin: dt.date, end: dt.date) -> list[dict]:
        """调用一个 datacube 接口；超过跨度的区间自动切分，结果按顺序拼接。"""
        if name in RETIRED_DATACUBE:
            # 仍然发请求：平台会返回 47009，错误信息里带中文说明（便于运营人员理解）
            return self.call("POST", f"/datacube/{name}", json_body=_dates(begin, end)).get("list", [])
        span = DATACUBE_SPANS.get(name)
        if span is None:
            raise ConfigError(
                platform=self.platform,
                code="unknown_datacube",
                raw_message=name,
                explanation=f"未知的数据接口：{name}",
                kind=ErrorKind.CONFIG,
            )
        rows: list[dict] = []
        for b, e in split_range(begin, end, span):
            rows.extend(self.call("POST", f"/datacube/{name}", json_body=_dates(b, e)).get("list") or [])
        return rows

    # --- 留言 --------------------------------------------------------------------------------------

    def list_comments(self, msg_data_id: str | int, index: int = 0, begin: int = 0, count: int = 49, kind: int = 0) -> dict:
        """留言列表。``index`` 从 0 开始；``count`` 须小于 50。"""
        if not 0 < count < 50:
            raise ConfigError(
                platform=self.platform,
                code=88010,
                raw_message=f"count={count}",
                explanation="每次获取留言须少于 50 条",
                kind=ErrorKind.CONFIG,
            )
        return self.call(
            "POST",
            "/cgi-bin/comment/list",
            json_body={"msg_data_id": int(msg_data_id), "index": index, "begin": begin, "count": count, "type": kind},
        )

    def comment_reply(self, msg_data_id: str | int, index: int, user_comment_id: str | int, content: str) -> dict:
        """回复留言（每条留言只能回复一次，再回复得 88005）。"""
        return self.call(
            "POST",
            "/cgi-bin/comment/reply/add",
            json_body={"msg_data_id": int(msg_data_id), "index": int(index),
                       "user_comment_id": int(user_comment_id), "content": content},
            unsafe=True,
        )

    def comment_elect(self, msg_data_id: str | int, index: int, user_comment_id: str | int, elected: bool) -> dict:
        """精选（markelect）或取消精选（unmarkelect）一条留言。"""
        op = "markelect" if elected else "unmarkelect"
        return self.call(
            "POST",
            f"/cgi-bin/comment/{op}",
            json_body={"msg_data_id": int(msg_data_id), "index": int(index), "user_comment_id": int(user_comment_id)},
        )

    # --- 客服消息 ----------------------------------------------------------------------------------

    def custom_send_text(self, openid: str, content: str) -> dict:
        """客服消息（文本）。只能在用户发消息后 48 小时内发送，每次最多 5 条（45015 / 45047）。"""
        return self.call(
            "POST",
            "/cgi-bin/message/custom/send",
            json_body={"touser": openid, "msgtype": "text", "text": {"content": content}},
            unsafe=True,
        )


def _dates(begin: dt.date, end: dt.date) -> dict:
    return {"begin_date": begin.isoformat(), "end_date": end.isoformat()}
