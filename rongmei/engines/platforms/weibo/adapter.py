"""微博适配器：statuses/share.json（同步发布，无轮询）。"""

from __future__ import annotations

import datetime as dt

from ..adapter import Adapter
from ..models import (
    ContentKind,
    CredentialField,
    MetricRow,
    PlatformMeta,
    PublishItem,
    PublishProgress,
    PublishState,
    StepCallback,
)
from . import formatter
from .client import WeiboClient


class WeiboAdapter(Adapter):
    meta = PlatformMeta(
        code="weibo",
        name="新浪微博",
        automatic=True,
        content_kinds=(ContentKind.TEXT, ContentKind.ARTICLE),
        credential_fields=(
            CredentialField("app_key", "应用 App Key", required=False, help="用“授权账号”按钮授权时需要"),
            CredentialField("app_secret", "应用 App Secret", secret=True, required=False,
                            help="用“授权账号”按钮授权时需要"),
            CredentialField("access_token", "授权令牌（access_token）", secret=True, required=False,
                            help="通过微博 OAuth 授权获得；用“授权账号”按钮时自动填写"),
            CredentialField("expires_at", "令牌到期时间（Unix 秒）", required=False),
            CredentialField("uid", "微博用户 ID", required=False),
        ),
        max_publishing_seconds=10 * 60,
        default_base_url=WeiboClient.default_base_url,
        has_metrics=True,
        notes="通过“分享”接口发布，正文须含应用安全域名下的链接，不能带 #话题#；授权过期需重新授权。",
    )
    client_class = WeiboClient
    client: WeiboClient

    def validate(self, item: PublishItem) -> list[str]:
        return formatter.validate(item)

    def format(self, item: PublishItem) -> dict:
        return formatter.share_payload(item)

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        c = self.client

        def share() -> dict:
            r = c.share(formatter.status_text(item), item.cover)
            idstr = str(r.get("idstr") or r.get("id"))
            uid = str((r.get("user") or {}).get("idstr") or (r.get("user") or {}).get("id") or "")
            return {"id": idstr, "uid": uid, "at": self.clock()}

        r = self._step(cp, "share", share, on_step, unsafe=True)
        url = f"https://weibo.com/{r['uid']}/{r['id']}" if r.get("uid") else f"https://m.weibo.cn/status/{r['id']}"
        progress = self._finish(cp, PublishState.PUBLISHED, external_id=r["id"], url=url)
        self._emit(cp, on_step)
        return progress

    def fetch_metrics(self, start: dt.date, end: dt.date, *, external_ids: tuple[str, ...] = ()) -> list[MetricRow]:
        """微博没有按日统计接口：返回今天的累计快照（评论、转发、点赞数）。"""
        self._require_external_ids(external_ids)
        today = self.today()
        acc = self.account.account_id if self.account else ""
        rows = []
        for r in self.client.counts(list(external_ids)):
            for metric, key in (("comments", "comments"), ("reposts", "reposts"), ("attitudes", "attitudes")):
                if key in r:
                    rows.append(MetricRow(today, metric, float(r[key]), "weibo", acc, str(r["id"])))
        return rows
