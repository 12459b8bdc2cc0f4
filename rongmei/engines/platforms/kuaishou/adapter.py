"""快手适配器：start_upload → 上传视频 → photo/publish → 查询 photo/info 直到 pending=false。"""

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
from .client import KuaishouClient

COUNTS = ("view_count", "like_count", "comment_count")


class KuaishouAdapter(Adapter):
    meta = PlatformMeta(
        code="kuaishou",
        name="快手",
        automatic=True,
        content_kinds=(ContentKind.VIDEO,),
        credential_fields=(
            CredentialField("app_id", "应用 AppID"),
            CredentialField("app_secret", "应用 AppSecret", secret=True),
            CredentialField("access_token", "授权令牌", secret=True, required=False),
            CredentialField("refresh_token", "刷新令牌", secret=True, required=False,
                            help="OAuth 授权获得，180 天有效；用“授权账号”按钮时自动填写"),
            CredentialField("expires_at", "授权令牌到期时间（Unix 秒）", required=False),
        ),
        max_publishing_seconds=2 * 3600,
        default_base_url=KuaishouClient.default_base_url,
        has_metrics=True,
        notes="发布为异步处理（先显示“处理中”），稍后自动查询结果；快手没有评论接口。",
    )
    client_class = KuaishouClient
    client: KuaishouClient

    def validate(self, item: PublishItem) -> list[str]:
        return formatter.validate(item)

    def format(self, item: PublishItem) -> dict:
        return formatter.publish_fields(item)

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        c = self.client
        if "publish" not in cp["steps"]:
            assert item.video is not None and item.cover is not None
            # upload_token 只对一次发布有效：上传与发布在同一个断点里
            start = self._step(cp, "start_upload", lambda: {k: c.start_upload()[k] for k in ("upload_token", "endpoint")},
                               on_step)
            self._step(cp, "upload", lambda: c.upload(start["endpoint"], start["upload_token"], item.video) or True,
                       on_step)
            fields = formatter.publish_fields(item)

            def publish() -> dict:
                info = c.publish(start["upload_token"], fields, item.cover)
                return {"photo_id": str(info["photo_id"]), "pending": bool(info.get("pending")), "at": self.clock()}

            self._step(cp, "publish", publish, on_step, unsafe=True)
        return self.status(cp, on_step)

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        cp = checkpoint
        self._begin(cp, None)
        if cp.get("state") in (PublishState.PUBLISHED, PublishState.FAILED) or "publish" not in cp["steps"]:
            return self.progress(cp)
        photo_id = cp["steps"]["publish"]["photo_id"]
        info = self.client.photo_info(photo_id)
        cp["polls"] = int(cp.get("polls") or 0) + 1
        cp["last_response"] = info
        if info.get("pending"):
            cp["external_id"] = photo_id
            progress = self.progress(cp)
        else:
            progress = self._finish(cp, PublishState.PUBLISHED, external_id=photo_id,
                                    url=f"https://www.kuaishou.com/short-video/{photo_id}")
        self._emit(cp, on_step)
        return progress

    def fetch_metrics(self, start: dt.date, end: dt.date, *, external_ids: tuple[str, ...] = ()) -> list[MetricRow]:
        """快手只有作品累计数：返回今天的快照（播放、点赞、评论）。"""
        self._require_external_ids(external_ids)
        today = self.today()
        acc = self.account.account_id if self.account else ""
        rows = []
        for pid in external_ids:
            info = self.client.photo_info(pid)
            rows += [MetricRow(today, k, float(info[k]), "kuaishou", acc, pid) for k in COUNTS if k in info]
        return rows
