"""快手开放平台客户端：OAuth 刷新、start_upload → 上传 → publish、作品数据。"""

from __future__ import annotations

from typing import Any

import httpx

from ..client import PlatformClient
from ..errors import ErrorInfo, ErrorKind
from ..models import MediaFile
from ..oauth import seed_or_refresh
from ..tokens import Token

A, C, P = ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.PERMANENT

# 快手公开的错误码很少；401/403 为网关返回的授权失败（按授权过期处理）。
KUAISHOU_ERRORS: dict[int | str, ErrorInfo] = {
    100200100: ErrorInfo(P, "快手接口参数错误"),
    100200101: ErrorInfo(C, "快手 app_id / app_secret 校验失败，请检查账号配置"),
    401: ErrorInfo(A, "快手授权已过期或无效"),
    403: ErrorInfo(A, "快手拒绝访问（授权无效或权限不足）"),
}


class KuaishouClient(PlatformClient):
    platform = "kuaishou"
    default_base_url = "https://open.kuaishou.com"
    errors = KUAISHOU_ERRORS
    required_credentials = ("app_id", "app_secret")

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
        cred = self.account.credentials
        body = self.call(
            "GET",
            "/oauth2/refresh_token",
            params={"app_id": cred["app_id"], "app_secret": cred["app_secret"], "refresh_token": refresh_token,
                    "grant_type": "refresh_token"},
            auth=False,
        )
        return Token(
            access_token=body["access_token"],
            expires_at=self.clock() + float(body.get("expires_in", 172800)),
            refresh_token=body.get("refresh_token") or refresh_token,
            refresh_expires_at=self.clock() + float(body.get("refresh_token_expires_in", 15552000)),
            extra={"open_id": body.get("open_id", "")},
        )

    def _apply_token(self, token: Token, params: dict, headers: dict, data: dict | None) -> None:
        params["app_id"] = self.account.credentials["app_id"]
        params["access_token"] = token.access_token

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        if isinstance(body, dict) and "result" in body and body["result"] != 1:
            return int(body["result"]), str(body.get("error_msg", ""))
        if response.status_code in (401, 403):
            return response.status_code, response.text[:200]
        return None

    def start_upload(self) -> dict:
        return self.call("POST", "/openapi/photo/start_upload")

    def upload(self, endpoint: str, upload_token: str, video: MediaFile) -> None:
        """上传到 start_upload 返回的主机（multipart 方式）。"""
        self.call(
            "POST",
            f"http://{endpoint}/api/upload/multipart",
            params={"upload_token": upload_token},
            files={"file": (video.filename, video.data, video.content_type)},
            auth=False,
        )

    def publish(self, upload_token: str, fields: dict, cover: MediaFile) -> dict:
        body = self.call(
            "POST",
            "/openapi/photo/publish",
            params={"upload_token": upload_token},
            data=fields,
            files={"cover": (cover.filename, cover.data, cover.content_type)},
            unsafe=True,
        )
        return body["video_info"]

    def photo_info(self, photo_id: str) -> dict:
        return self.call("GET", "/openapi/photo/info", params={"photo_id": photo_id})["video_info"]
