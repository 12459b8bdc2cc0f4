"""抖音适配器：upload_video → create_video → 查询 video_data 的审核状态。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..adapter import Adapter
from ..errors import ErrorKind, PlatformError
from ..inbox import CommentTarget, IncomingPage, collect_targets, from_epoch, split_ref
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
    has_comments = True
    page_size = 20
    max_pages = 20

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

    # --- 评论 --------------------------------------------------------------------------------------

    def fetch_incoming(self, cursor: dict | None = None, *, targets: Sequence[CommentTarget] = ()) -> IncomingPage:
        """按作品拉评论（``targets[i].params["item_id"]``，缺省用 ``content_id``）。

        每个作品的游标记平台的 ``cursor``（上次读到的位置）与最新评论时间 ``hwm`` 及该时刻的评论 id：
        先读第一页（新评论在前时），再从上次的 ``cursor`` 读到 ``has_more`` 为假（新评论在后时）。"""
        return collect_targets(targets, cursor, self._comments_of)

    def _comments_of(self, target: CommentTarget, state: dict) -> tuple[list[Incoming], dict]:
        item_id = str(target.params.get("item_id") or target.content_id)
        hwm = int(state.get("hwm") or 0)
        at_hwm = set(state.get("ids") or [])
        found: dict[str, dict] = {}

        def read(cur: int) -> tuple[int, bool, int]:
            data = self.client.comment_list(item_id, cursor=cur, count=self.page_size)
            batch = data.get("list") or []
            for c in batch:
                t, cid = int(c.get("create_time") or 0), str(c.get("comment_id") or "")
                if cid and (t > hwm or (t == hwm and cid not in at_hwm)):
                    found[cid] = c
            return int(data.get("cursor") or cur + len(batch)), bool(data.get("has_more")), len(batch)

        nxt, more, _ = read(0)
        cur = max(nxt, int(state.get("cursor") or 0))
        pages = 1
        while more and pages < self.max_pages:
            nxt, more, n = read(cur)
            pages += 1
            if not n:
                break
            cur = nxt
        times = [int(c.get("create_time") or 0) for c in found.values()]
        new_hwm = max([hwm, *times])
        ids = sorted({cid for cid, c in found.items() if int(c.get("create_time") or 0) == new_hwm}
                     | (at_hwm if new_hwm == hwm else set()))
        items = [self._incoming(item_id, target.content_id, c)
                 for c in sorted(found.values(), key=lambda c: (int(c.get("create_time") or 0), str(c["comment_id"])))]
        return items, {"cursor": cur, "hwm": new_hwm, "ids": ids}

    @staticmethod
    def _incoming(item_id: str, content_id: str, c: dict) -> Incoming:
        return Incoming(
            external_id=f"{item_id}:{c['comment_id']}",
            kind=IncomingKind.COMMENT,
            text=str(c.get("content") or ""),
            author=str(c.get("nick_name") or ""),
            author_id=str(c.get("comment_user_id") or ""),
            created_at=from_epoch(c.get("create_time")),
            content_external_id=content_id,
            raw=c,
        )

    def reply(self, external_id: str, text: str) -> str:
        item_id, comment_id = split_ref("douyin", external_id, "作品或评论编号")
        new_id = self.client.comment_reply(item_id, comment_id, text)
        return f"{item_id}:{new_id}" if new_id else ""
