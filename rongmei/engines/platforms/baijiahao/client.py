"""百家号开发者接口客户端：静态 app_id + app_token（无过期），放在请求体里。"""

from __future__ import annotations

from typing import Any

import httpx

from ..client import PlatformClient
from ..errors import ErrorInfo, ErrorKind

R, B, C, P = ErrorKind.RATE, ErrorKind.BUSY, ErrorKind.CONFIG, ErrorKind.PERMANENT
PREFIX = "/builderinner/open/resource"

BAIJIAHAO_ERRORS: dict[int | str, ErrorInfo] = {
    2: ErrorInfo(P, "参数错误"),
    4: ErrorInfo(B, "百家号数据库错误，稍后重试"),
    5: ErrorInfo(B, "百家号数据库错误，稍后重试"),
    10003: ErrorInfo(B, "百家号数据库错误，稍后重试"),
    10005: ErrorInfo(B, "百家号内部错误，稍后重试"),
    60000006: ErrorInfo(B, "百家号内部错误，稍后重试"),
    60000020: ErrorInfo(B, "百家号内部错误，稍后重试"),
    10002: ErrorInfo(C, "没有该接口的权限"),
    10009: ErrorInfo(P, "不是本账号的文章"),
    27012: ErrorInfo(P, "文章修改次数已达上限"),
    301001: ErrorInfo(P, "没有有效数据"),
    301002: ErrorInfo(R, "今日图片上传额度已用完，将于次日重试"),
    301003: ErrorInfo(P, "图片重复"),
    300016: ErrorInfo(P, "只有图文可以修改"),
    60000005: ErrorInfo(C, "百家号账号未通过审核或已被禁言"),
    60000009: ErrorInfo(C, "百家号账号不存在"),
    60001001: ErrorInfo(C, "百家号授权校验失败，请检查 app_id 与 app_token"),
    60001003: ErrorInfo(P, "文章状态不允许此操作（或重复提交）"),
    60001008: ErrorInfo(R, "今日发文数量校验未通过，将于次日重试"),
    60001009: ErrorInfo(R, "今日发文额度已用完，将于次日重试"),
    80000107: ErrorInfo(P, "文章不存在"),
    800000201: ErrorInfo(P, "文章状态异常"),
}


class BaijiahaoClient(PlatformClient):
    platform = "baijiahao"
    default_base_url = "https://baijiahao.baidu.com"
    errors = BAIJIAHAO_ERRORS
    uses_tokens = False
    required_credentials = ("app_id", "app_token")

    def _error_of(self, response: httpx.Response, body: Any) -> tuple[int | str, str] | None:
        if isinstance(body, dict) and body.get("errno") not in (None, 0):
            return int(body["errno"]), str(body.get("errmsg", ""))
        return None

    def post(self, name: str, payload: dict, *, unsafe: bool = False) -> dict:
        cred = self.account.credentials
        body = {"app_id": cred["app_id"], "app_token": cred["app_token"], **payload}
        return self.call("POST", f"{PREFIX}/{name}", json_body=body, unsafe=unsafe).get("data") or {}

    def publish_article(self, payload: dict) -> str:
        return str(self.post("article/publish", payload, unsafe=True)["article_id"])

    def publish_video(self, payload: dict) -> str:
        return str(self.post("video/publish", payload, unsafe=True)["article_id"])

    def list_articles(self, start: str, end: str, page_no: int = 1, page_size: int = 20) -> list[dict]:
        data = self.post("query/articleListall", {"start_time": start, "end_time": end, "page_no": page_no,
                                                  "page_size": page_size})
        return data.get("items") or []

    def statistics(self, article_id: str) -> dict:
        return self.post("query/articleStatistics", {"article_id": article_id})
