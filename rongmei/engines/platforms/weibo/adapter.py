"""微博适配器：statuses/share.json（同步发布，无轮询）。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..adapter import Adapter
from ..errors import PlatformError
from ..inbox import CommentTarget, IncomingPage, split_ref
from ..models import (
    ContentKind,
    CredentialField,
    Incoming,
    IncomingKind,
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
    has_comments = True
    page_size = 50
    max_pages = 20

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

    # --- 评论 --------------------------------------------------------------------------------------

    def fetch_incoming(self, cursor: dict | None = None, *, targets: Sequence[CommentTarget] = ()) -> IncomingPage:
        """``comments/to_me``：账号所有微博下的新评论，游标为最大评论 id（``since_id``）。不需要 targets。"""
        since_id = str((cursor or {}).get("since_id") or "")
        found: dict[int, dict] = {}
        try:
            for page in range(1, self.max_pages + 1):
                body = self.client.comments_to_me(since_id=since_id, page=page, count=self.page_size)
                batch = body.get("comments") or []
                for c in batch:
                    cid = int(c.get("idstr") or c.get("id") or 0)
                    if not since_id or cid > int(since_id):
                        found[cid] = c
                if len(batch) < self.page_size:
                    break
        except PlatformError as exc:
            # 分页途中失败：不前移游标（已拉到的照常返回，下次从旧游标重拉，重复的由收件箱按 id 去重）
            return IncomingPage([self._incoming(c) for _, c in sorted(found.items())], dict(cursor or {}), error=exc)
        new_since = str(max([int(since_id or 0), *found])) if (found or since_id) else ""
        return IncomingPage([self._incoming(c) for _, c in sorted(found.items())],
                            {"since_id": new_since} if new_since else {})

    @staticmethod
    def _incoming(c: dict) -> Incoming:
        status = c.get("status") or {}
        post_id = str(status.get("idstr") or status.get("id") or "")
        parent = c.get("reply_comment") or None
        user = c.get("user") or {}
        try:
            created = dt.datetime.strptime(str(c.get("created_at")), "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            created = None
        return Incoming(
            external_id=f"{post_id}:{c.get('idstr') or c.get('id')}",
            kind=IncomingKind.REPLY if parent else IncomingKind.COMMENT,
            text=str(c.get("text") or ""),
            author=str(user.get("screen_name") or ""),
            author_id=str(user.get("idstr") or user.get("id") or ""),
            created_at=created,
            parent_external_id=f"{post_id}:{parent.get('idstr') or parent.get('id')}" if parent else None,
            content_external_id=post_id or None,
            raw=c,
        )

    def reply(self, external_id: str, text: str) -> str:
        post_id, cid = split_ref("weibo", external_id, "微博或评论编号")
        r = self.client.comment_reply(post_id, cid, text)
        return f"{post_id}:{r.get('idstr') or r.get('id') or ''}"
