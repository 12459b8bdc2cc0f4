"""微博开放平台 v2 客户端。token 由 OAuth 授权得到（网站应用无刷新令牌），过期须重新授权。"""

from __future__ import annotations

from typing import Any

import httpx

from ..client import PlatformClient
from ..errors import AuthError, ErrorInfo, ErrorKind
from ..models import MediaFile
from ..tokens import Token

A, R, B, C, P = ErrorKind.AUTH, ErrorKind.RATE, ErrorKind.BUSY, ErrorKind.CONFIG, ErrorKind.PERMANENT

WEIBO_ERRORS: dict[int | str, ErrorInfo] = {
    10001: ErrorInfo(B, "微博系统错误，稍后重试"),
    10002: ErrorInfo(B, "微博服务暂停，稍后重试"),
    10003: ErrorInfo(B, "微博远程服务错误，稍后重试"),
    10009: ErrorInfo(B, "微博任务过多，系统繁忙"),
    10004: ErrorInfo(C, "服务器 IP 被微博限制"),
    10005: ErrorInfo(C, "该接口需要更高级别的应用权限"),
    10006: ErrorInfo(C, "缺少应用 AppKey"),
    10008: ErrorInfo(P, "参数错误"),
    10012: ErrorInfo(P, "非法请求"),
    10013: ErrorInfo(C, "不合法的微博用户"),
    10014: ErrorInfo(C, "应用的接口访问权限受限"),
    10016: ErrorInfo(P, "缺少必填参数"),
    10017: ErrorInfo(P, "参数值非法（常见原因：正文链接不在应用绑定的安全域名下）"),
    10022: ErrorInfo(R, "服务器 IP 请求频次超过上限，一小时后重试", retry_after=3600),
    10023: ErrorInfo(R, "账号请求频次超过上限，一小时后重试", retry_after=3600),
    10024: ErrorInfo(R, "账号调用该接口的频次超过上限（约每小时 30 条），一小时后重试", retry_after=3600),
    20003: ErrorInfo(C, "微博用户不存在"),
    20006: ErrorInfo(P, "图片太大"),
    20012: ErrorInfo(P, "正文超过 140 字"),
    20016: ErrorInfo(R, "发微博太频繁，十分钟后重试", retry_after=600),
    20017: ErrorInfo(P, "与最近发布的微博内容重复"),
    20019: ErrorInfo(P, "与最近发布的微博内容重复"),
    20101: ErrorInfo(P, "目标微博不存在"),
    21301: ErrorInfo(A, "微博授权失败"),
    21314: ErrorInfo(A, "微博授权令牌已被使用"),
    21315: ErrorInfo(A, "微博授权令牌已过期"),
    21316: ErrorInfo(A, "微博授权令牌已被撤销"),
    21317: ErrorInfo(A, "微博授权令牌被拒绝"),
    21327: ErrorInfo(A, "微博授权已过期"),
    21332: ErrorInfo(A, "微博授权令牌无效"),
}


class WeiboClient(PlatformClient):
    platform = "weibo"
    default_base_url = "https://api.weibo.com"
    errors = WEIBO_ERRORS
    required_credentials = ("access_token",)

    def _fetch_token(self, current: Token | None) -> Token:
        cred = self.account.credentials
        expires_at = float(cred.get("expires_at") or self.clock() + 365 * 86400)
        if current is None and expires_at - self.clock() > (self.tokens.margin if self.tokens else 0):
            return Token(access_token=cred["access_token"], expires_at=expires_at, extra={"uid": cred.get("uid", "")})
        # 网站应用没有 refresh_token：只能由运营管理员重新授权
        raise AuthError(
            platform=self.platform,
            code=21327,
            raw_message="expired_token",
            explanation="微博授权已过期，请账号管理员在“账号管理”中重新授权微博",
            kind=ErrorKind.AUTH,
        )

    def _apply_token(self, token: Token, params: dict, headers: dict, data: dict | None) -> None:
        if data is not None:
            data["access_token"] = token.access_token
        else:
            params["access_token"] = token.access_token

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        if isinstance(body, dict) and body.get("error_code") not in (None, 0, "0"):
            code = body["error_code"]
            return (int(code) if str(code).isdigit() else code), str(body.get("error", ""))
        if response.status_code >= 400:
            return f"http_{response.status_code}", response.text[:200]
        return None

    def share(self, status: str, pic: MediaFile | None = None) -> dict:
        files = {"pic": (pic.filename, pic.data, pic.content_type)} if pic is not None else None
        return self.call("POST", "/2/statuses/share.json", data={"status": status}, files=files, unsafe=True)

    def comments_to_me(self, *, since_id: str = "", page: int = 1, count: int = 50) -> dict:
        """我收到的评论（所有微博），新的在前；``since_id`` 只取比它新的。"""
        params: dict = {"count": count, "page": page}
        if since_id:
            params["since_id"] = since_id
        return self.call("GET", "/2/comments/to_me.json", params=params)

    def comment_reply(self, post_id: str, cid: str, comment: str) -> dict:
        """回复一条评论（``cid`` 评论 id，``id`` 微博 id），返回新评论对象。"""
        return self.call("POST", "/2/comments/reply.json", data={"cid": cid, "id": post_id, "comment": comment},
                         unsafe=True)

    def counts(self, ids: list[str]) -> list[dict]:
        out: list[dict] = []
        for i in range(0, len(ids), 100):  # 每次最多 100 个
            out += self.call("GET", "/2/statuses/count.json", params={"ids": ",".join(ids[i:i + 100])})
        return out
