"""百家号适配器：article/publish 或 video/publish → 在文章列表中查询状态。"""

from __future__ import annotations

import datetime as dt

from ..adapter import Adapter
from ..errors import ErrorKind, PlatformError, UncertainError
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
from .client import BaijiahaoClient

COUNTS = ("view_count", "recommend_count", "comment_count", "share_count", "likes_count", "collect_count")
FAILED_STATUS = {"rejected": "百家号审核未通过", "withdraw": "文章已被撤回"}


class BaijiahaoAdapter(Adapter):
    meta = PlatformMeta(
        code="baijiahao",
        name="百家号",
        automatic=True,
        content_kinds=(ContentKind.ARTICLE, ContentKind.VIDEO),
        credential_fields=(
            CredentialField("app_id", "百家号 app_id"),
            CredentialField("app_token", "百家号 app_token", secret=True, help="百家号后台 → 开发者服务"),
        ),
        max_publishing_seconds=3600,
        default_base_url=BaijiahaoClient.default_base_url,
        has_metrics=True,
        notes="封面和视频须为公网可访问的 URL；发文占用账号每日额度。",
    )
    client_class = BaijiahaoClient
    client: BaijiahaoClient

    def validate(self, item: PublishItem) -> list[str]:
        return formatter.validate(item)

    def format(self, item: PublishItem) -> dict:
        return formatter.video_payload(item) if item.kind is ContentKind.VIDEO else formatter.article_payload(item)

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        c = self.client
        payload = self.format(item)

        def publish() -> dict:
            send = c.publish_video if item.kind is ContentKind.VIDEO else c.publish_article
            return {"article_id": send(payload), "at": self.clock()}

        self._step(cp, "publish", publish, on_step, unsafe=True, reconcile=lambda: self._reconcile(cp, item))
        return self.status(cp, on_step)

    def _reconcile(self, cp: dict, item: PublishItem) -> dict:
        """发布请求中断：在当天的文章列表里按标题找回；找不到就停下请人工核实（不重发）。"""
        day = dt.datetime.fromtimestamp(float(cp["started_at"]), dt.timezone(dt.timedelta(hours=8))).date()
        for a in self.client.list_articles(day.isoformat(), self.today().isoformat()):
            if a.get("title") == item.title:
                return {"article_id": str(a["article_id"]), "at": self.clock(), "reconciled": True}
        raise UncertainError(
            platform=self.meta.code, code="interrupted", raw_message="publish interrupted, article not found",
            explanation="上次发布请求中断，且在百家号文章列表中没找到该文章。为避免重复发布已停止，请到百家号后台核实后人工登记",
            kind=ErrorKind.UNCERTAIN,
        )

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        cp = checkpoint
        self._begin(cp, None)
        if cp.get("state") in (PublishState.PUBLISHED, PublishState.FAILED) or "publish" not in cp["steps"]:
            return self.progress(cp)
        article_id = cp["steps"]["publish"]["article_id"]
        day = dt.datetime.fromtimestamp(float(cp["started_at"]), dt.timezone(dt.timedelta(hours=8))).date()
        found = next((a for a in self.client.list_articles(day.isoformat(), self.today().isoformat())
                      if str(a.get("article_id")) == article_id), None)
        cp["polls"] = int(cp.get("polls") or 0) + 1
        cp["external_id"] = article_id
        status = (found or {}).get("status", "")
        if status == "publish":
            progress = self._finish(cp, PublishState.PUBLISHED, external_id=article_id, url=found.get("article_url", ""))
        elif status in FAILED_STATUS:
            err = PlatformError(platform=self.meta.code, code=f"status_{status}", raw_message=f"status={status}",
                                explanation=FAILED_STATUS[status], kind=ErrorKind.PERMANENT)
            progress = self._finish(cp, PublishState.FAILED, message=err.explanation, error=err)
        else:
            progress = self.progress(cp)
        self._emit(cp, on_step)
        return progress

    def fetch_metrics(self, start: dt.date, end: dt.date, *, external_ids: tuple[str, ...] = ()) -> list[MetricRow]:
        """百家号只有文章累计数：返回今天的快照。"""
        self._require_external_ids(external_ids)
        today = self.today()
        acc = self.account.account_id if self.account else ""
        rows = []
        for aid in external_ids:
            data = self.client.statistics(aid)
            rows += [MetricRow(today, k, float(data[k]), "baijiahao", acc, aid) for k in COUNTS if k in data]
        return rows
