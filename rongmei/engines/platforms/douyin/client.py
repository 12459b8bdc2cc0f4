"""抖音开放平台客户端：OAuth 刷新、视频上传与发布、数据接口。"""

from __future__ import annotations

from typing import Any

import httpx

from ..client import PlatformClient
from ..errors import ErrorInfo, ErrorKind
from ..models import MediaFile
from ..oauth import seed_or_refresh
from ..tokens import Token

A, R, B, C, P = ErrorKind.AUTH, ErrorKind.RATE, ErrorKind.BUSY, ErrorKind.CONFIG, ErrorKind.PERMANENT
_NO_CAPABILITY = "该抖音应用没有“代替用户发布视频”能力（需平台审批，党政机关网站应用可申请），请改为人工发布"

DOUYIN_ERRORS: dict[int | str, ErrorInfo] = {
    28001005: ErrorInfo(B, "抖音系统繁忙，稍后重试"),
    28001006: ErrorInfo(B, "抖音网络错误，稍后重试"),
    2100004: ErrorInfo(B, "抖音系统繁忙，稍后重试"),
    28001007: ErrorInfo(P, "请求参数不合法"),
    2100005: ErrorInfo(P, "请求参数不合法"),
    28001008: ErrorInfo(A, "抖音 access_token 已过期"),
    2190008: ErrorInfo(A, "抖音 access_token 已过期"),
    2190002: ErrorInfo(A, "抖音 access_token 无效"),
    28001012: ErrorInfo(C, "抖音用户未授权该权限（如 video.create），请重新授权并勾选"),
    28001014: ErrorInfo(C, _NO_CAPABILITY),
    28001018: ErrorInfo(C, _NO_CAPABILITY),
    2190004: ErrorInfo(C, _NO_CAPABILITY),
    28001015: ErrorInfo(C, "access_token 与 open_id 不匹配，请重新授权"),
    28001016: ErrorInfo(C, "抖音应用已被封禁或下线"),
    28001019: ErrorInfo(C, "该能力已被封禁"),
    28001020: ErrorInfo(C, "用户未绑定为测试应用的测试用户"),
    28001021: ErrorInfo(C, "测试应用已过期"),
    28001045: ErrorInfo(C, "抖音账号已注销"),
    28001046: ErrorInfo(C, "抖音账号已被封禁"),
    28001047: ErrorInfo(C, "抖音账号为私密账号"),
    2100007: ErrorInfo(C, "没有权限"),
    2100009: ErrorInfo(C, "抖音账号已被封禁"),
    28001052: ErrorInfo(R, "触发抖音风控，请降低频率（五分钟后重试）", retry_after=300),
    28001056: ErrorInfo(P, "该接口已下线"),
    28003017: ErrorInfo(R, "抖音接口配额已用完，将于次日重试"),
    2190001: ErrorInfo(R, "抖音接口配额已用完，将于次日重试"),
    28003018: ErrorInfo(R, "抖音接口调用过于频繁，一分钟后重试", retry_after=60),
    10010: ErrorInfo(A, "抖音刷新令牌已过期（30 天），请账号管理员重新授权"),
    10020: ErrorInfo(C, "抖音刷新令牌续期次数已用完，请账号管理员重新授权"),
    10004: ErrorInfo(C, "抖音应用没有该权限"),
    10005: ErrorInfo(P, "缺少参数"),
}


class DouyinClient(PlatformClient):
    platform = "douyin"
    default_base_url = "https://open.douyin.com"
    errors = DOUYIN_ERRORS
    required_credentials = ("client_key", "open_id")

    @property
    def open_id(self) -> str:
        return self.account.credentials["open_id"]

    def _fetch_token(self, current: Token | None) -> Token:
        return seed_or_refresh(
            platform=self.platform,
            credentials=self.account.credentials,
            current=current,
            now=self.clock(),
            margin=self.tokens.margin if self.tokens else 0,
            refresh=self._refresh,
        )

    def _refresh(self, refresh_token: str) -> Token:
        body = self.call(
            "POST",
            "/oauth/refresh_token/",
            data={
                "client_key": self.account.credentials["client_key"],
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            },
            auth=False,
        )
        d = body["data"]
        return Token(
            access_token=d["access_token"],
            expires_at=self.clock() + float(d.get("expires_in", 1296000)),
            refresh_token=d.get("refresh_token") or refresh_token,
            refresh_expires_at=self.clock() + float(d.get("refresh_expires_in", 2592000)),
            extra={"open_id": d.get("open_id", self.open_id)},
        )

    def _apply_token(self, token: Token, params: dict, headers: dict, data: dict | None) -> None:
        headers["access-token"] = token.access_token
        params.setdefault("open_id", self.open_id)

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        if not isinstance(body, dict):
            return None
        for part in (body.get("data"), body.get("extra")):
            if isinstance(part, dict) and part.get("error_code") not in (None, 0):
                return int(part["error_code"]), str(part.get("description", ""))
        return None

    def upload_video(self, video: MediaFile) -> str:
        body = self.call(
            "POST",
            "/api/douyin/v1/video/upload_video/",
            files={"video": (video.filename, video.data, video.content_type)},
        )
        return body["data"]["video"]["video_id"]

    def create_video(self, payload: dict) -> str:
        body = self.call("POST", "/api/douyin/v1/video/create_video/", json_body=payload, unsafe=True)
        return body["data"]["item_id"]

    def video_data(self, item_ids: list[str]) -> list[dict]:
        body = self.call("POST", "/api/douyin/v1/video/video_data/", json_body={"item_ids": item_ids})
        return body["data"].get("list") or []

    def external_user(self, metric: str, date_type: int) -> list[dict]:
        """账号级日序列：metric ∈ fans/like/comment/share/item/profile；date_type ∈ 7/15/30。"""
        body = self.call("GET", f"/data/external/user/{metric}/", params={"date_type": date_type})
        return body["data"].get("result_list") or []

    # --- 评论（scope item.comment） -------------------------------------------------------------------

    def comment_list(self, item_id: str, *, cursor: int = 0, count: int = 20) -> dict:
        """作品评论列表：返回 ``data``（``list``、``cursor``、``has_more``）。item_id 由 httpx 做 URL 编码。"""
        body = self.call("GET", "/item/comment/list/", params={"item_id": item_id, "cursor": cursor, "count": count})
        return body.get("data") or {}

    def comment_reply(self, item_id: str, comment_id: str, content: str) -> str:
        body = self.call("POST", "/item/comment/reply/",
                         json_body={"item_id": item_id, "comment_id": comment_id, "content": content}, unsafe=True)
        return str((body.get("data") or {}).get("comment_id") or "")
