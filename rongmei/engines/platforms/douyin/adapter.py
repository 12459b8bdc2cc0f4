"""抖音适配器：upload_video → create_video → 查询 video_data 的审核状态。"""

from __future__ import annotations

import datetime as dt

from ..adapter import Adapter
from ..errors import ErrorKind, PlatformError
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
from .client import DouyinClient

# 账号级数据接口 → (返回字段, 规范化指标名)
USER_SERIES = {
    "fans": (("new_fans", "new_fans"), ("total_fans", "total_fans")),
    "like": (("new_like", "new_like"),),
    "comment": (("new_comment", "new_comment"),),
    "share": (("new_share", "new_share"),),
    "item": (("new_play", "new_play"), ("new_issue", "new_issue")),
}
VIDEO_COUNTS = ("play_count", "digg_count", "comment_count", "share_count", "forward_count", "download_count")


class DouyinAdapter(Adapter):
    meta = PlatformMeta(
        code="douyin",
        name="抖音",
        automatic=True,
        content_kinds=(ContentKind.VIDEO,),
        credential_fields=(
            CredentialField("client_key", "应用 Client Key"),
            CredentialField("client_secret", "应用 Client Secret", secret=True, required=False,
                            help="用“授权账号”按钮授权时需要"),
            CredentialField("open_id", "授权用户标识（OpenID）", required=False, help="授权后自动填写"),
            CredentialField("access_token", "授权令牌", secret=True, required=False),
            CredentialField("refresh_token", "刷新令牌", secret=True, required=False,
                            help="OAuth 授权获得，30 天有效；用“授权账号”按钮时自动填写"),
            CredentialField("expires_at", "授权令牌到期时间（Unix 秒）", required=False),
        ),
        max_publishing_seconds=2 * 3600,
        default_base_url=DouyinClient.default_base_url,
        has_metrics=True,
        notes="代发视频须应用获批“视频发布”能力（党政机关网站应用可申请）；未获批的账号请用人工发布。",
    )
    client_class = DouyinClient
    client: DouyinClient

    def validate(self, item: PublishItem) -> list[str]:
        return formatter.validate(item)

    def format(self, item: PublishItem) -> dict:
        return formatter.create_payload(item)

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        c = self.client
        if "create" not in cp["steps"]:
            assert item.video is not None
            video_id = self._step(cp, "upload", lambda: c.upload_video(item.video), on_step)
            payload = formatter.create_payload(item, video_id)
            self._step(cp, "create", lambda: {"item_id": c.create_video(payload), "at": self.clock()}, on_step,
                       unsafe=True)
        return self.status(cp, on_step)

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        cp = checkpoint
        self._begin(cp, None)
        if cp.get("state") in (PublishState.PUBLISHED, PublishState.FAILED) or "create" not in cp["steps"]:
            return self.progress(cp)
        item_id = cp["steps"]["create"]["item_id"]
        videos = self.client.video_data([item_id])
        cp["polls"] = int(cp.get("polls") or 0) + 1
        video = videos[0] if videos else {}
        cp["last_response"] = video
        status = int(video.get("video_status") or 4)
        if video.get("is_reviewed") and status in (1, 5):
            progress = self._finish(cp, PublishState.PUBLISHED, external_id=item_id, url=video.get("share_url", ""))
        elif video.get("is_reviewed") and status == 2:
            err = PlatformError(platform="douyin", code="video_status_2", raw_message="video_status=2",
                                explanation="抖音审核结果：不适宜公开", kind=ErrorKind.PERMANENT)
            progress = self._finish(cp, PublishState.FAILED, external_id=item_id, message=err.explanation, error=err)
        else:
            cp["external_id"] = item_id
            progress = self.progress(cp)
        self._emit(cp, on_step)
        return progress

    def fetch_metrics(self, start: dt.date, end: dt.date, *, external_ids: tuple[str, ...] = ()) -> list[MetricRow]:
        """账号日序列（data.external.user，最近 7/15/30 天）；传 ``external_ids`` 时另给作品累计快照。"""
        today = self.today()
        back = (today - start).days
        date_type = 7 if back <= 7 else 15 if back <= 15 else 30
        acc = self.account.account_id if self.account else ""
        rows: list[MetricRow] = []
        for series, fields in USER_SERIES.items():
            for r in self.client.external_user(series, date_type):
                day = dt.date.fromisoformat(r["date"])
                if start <= day <= end:
                    rows += [MetricRow(day, metric, float(r[key]), "douyin", acc)
                             for key, metric in fields if key in r]
        if external_ids:
            for v in self.client.video_data(list(external_ids)):
                stats = v.get("statistics") or {}
                rows += [MetricRow(today, k, float(stats[k]), "douyin", acc, v.get("item_id", ""))
                         for k in VIDEO_COUNTS if k in stats]
        return rows
