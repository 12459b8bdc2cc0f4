"""本工作区的互动消息也是舆情信息：定时（每 5 分钟）把新消息写成信息。

互动（interaction）在舆情之下，这里直接读它的模型；按消息主键水位增量同步，去重键是消息编号，重复执行不会重复写。
写入走 ``services.mentions_ingest``（全部或全不、事务提交后发出 ``mentions_created``，预警据此定级）。
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from rongmei.interaction.models import Message
from rongmei.workspaces.models import Workspace

from .choices import SourceKind
from .ingest import MentionInput
from .models import Mention
from .services import mentions_ingest, system_source

BATCH = 1000


def sync_workspace(workspace: Workspace, *, limit: int = 20 * BATCH) -> int:
    """把工作区里还没同步的互动消息写成信息；返回新增条数。"""
    source = system_source(workspace=workspace, kind=SourceKind.INBOX)
    watermark = Mention.objects.filter(workspace=workspace, source=source).aggregate(m=Max("message_id"))["m"] or 0
    created = 0
    seen = 0
    while seen < limit:
        batch = list(
            Message.objects.filter(workspace=workspace, id__gt=watermark).select_related("account").order_by("id")[:BATCH]
        )
        if not batch:
            break
        items = [_to_input(msg) for msg in batch if (msg.text or "").strip()]
        if items:
            created += mentions_ingest(source=source, items=items, actor=None).count
        seen += len(batch)
        watermark = batch[-1].pk
    return created


def _to_input(msg: Message) -> MentionInput:
    account = getattr(msg, "account", None)
    return MentionInput(
        text=msg.text,
        author=msg.author or "",
        source_name=str(account or "")[:120],
        published_at=msg.received_at if isinstance(msg.received_at, dt.datetime) else None,
        external_id=f"message:{msg.pk}",
        message_id=msg.pk,
    )


def sync_inbox() -> list[str]:
    out = []
    for ws in Workspace.objects.filter(is_active=True):
        n = sync_workspace(ws)
        if n:
            out.append(f"{ws.name}：互动消息新增 {n} 条舆情信息")
    return out
