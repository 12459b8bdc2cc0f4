"""传播分析的写操作：标记重点内容、登记/导入外部传播（去重合并）、从舆情信息计入、生成与定稿传播分析报告。"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm

from . import documents
from .choices import FINDING_SECTIONS, EntryKind, FoundBy, ReachBasis
from .imports import read_entries
from .models import Flagship, PropagationReport, ReachEntry
from .permissions import SpreadPerm
from .selectors import entry_key

ENTRY_FIELDS = ["kind", "outlet", "title", "url", "published_at", "reach", "basis", "found_by", "note"]


@transaction.atomic
def flagship_mark(*, actor, item, note: str = "") -> Flagship:
    workspace = item.workspace
    require_perm(actor, workspace, SpreadPerm.EDIT)
    if item.status not in ("approved", "archived"):
        raise ValidationError({"item": "只有已通过审核的稿件才能设为重点内容"})
    if Flagship.objects.filter(item=item).exists():
        raise ValidationError({"item": "这篇稿件已经是重点内容"})
    flagship = Flagship.objects.create(workspace=workspace, item=item, note=note[:300], marked_by=actor)
    record(Action.CREATE, obj=flagship, workspace=workspace, actor=actor, after={"稿件": item.title, "说明": note},
           message="设为重点内容")
    return flagship


@transaction.atomic
def flagship_unmark(*, actor, flagship: Flagship) -> None:
    require_perm(actor, flagship.workspace, SpreadPerm.EDIT)
    if flagship.reports.filter(final=True).exists():
        raise ValidationError("这篇重点内容已有定稿的传播分析报告（已计入合同），不能取消")
    record(Action.DELETE, obj=flagship, workspace=flagship.workspace, actor=actor,
           before={"稿件": flagship.item.title, "外部传播": flagship.entries.count()}, message="取消重点内容")
    flagship.delete()


def _check(*, outlet: str, url: str, published_at: dt.datetime, reach: int, kind: str, basis: str) -> None:
    errors = {}
    if not outlet.strip():
        errors["outlet"] = "请填写转载的账号或媒体"
    if url and not is_web_url(url):
        errors["url"] = "链接必须以 http:// 或 https:// 开头"
    if published_at > clock.now() + dt.timedelta(minutes=5):
        errors["published_at"] = "发布时间不能晚于现在"
    if reach < 0:
        errors["reach"] = "传播量不能为负数"
    if kind not in EntryKind.values:
        errors["kind"] = "类型不对"
    if basis not in ReachBasis.values:
        errors["basis"] = "传播量依据不对"
    if basis == ReachBasis.NONE and reach:
        errors["reach"] = "依据为“未知（不计量）”时传播量应为 0"
    if errors:
        raise ValidationError(errors)


def _upsert(*, actor, flagship: Flagship, found_by: str, kind: str, outlet: str, title: str, url: str,
            published_at: dt.datetime, reach: int, basis: str, note: str = "", mention=None) -> tuple[ReachEntry, str]:
    """登记一条外部传播；链接键已存在时合并（记上新的发现途径，传播量取较大的一个），返回 (记录, created|merged|unchanged)。"""
    _check(outlet=outlet, url=url, published_at=published_at, reach=reach, kind=kind, basis=basis)
    key = entry_key(url=url, outlet=outlet, title=title, day=timezone.localtime(published_at).date())
    entry = ReachEntry.objects.select_for_update().filter(flagship=flagship, key=key).first()
    if entry is None:
        entry = ReachEntry(workspace=flagship.workspace, flagship=flagship, key=key, kind=kind, outlet=outlet[:120],
                           title=title[:300], url=url[:1000], published_at=published_at, reach=reach, basis=basis,
                           found_by=[found_by], mention=mention, note=note[:300], created_by=actor)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # 同时有人登记了同一条：按合并处理
            return _upsert(actor=actor, flagship=flagship, found_by=found_by, kind=kind, outlet=outlet, title=title,
                           url=url, published_at=published_at, reach=reach, basis=basis, note=note, mention=mention)
        record(Action.CREATE, obj=entry, workspace=flagship.workspace, actor=actor,
               after=snapshot(entry, ENTRY_FIELDS), message="登记外部传播")
        return entry, "created"
    before = snapshot(entry, ENTRY_FIELDS)
    changed = False
    if found_by not in entry.found_by:
        entry.found_by = [*entry.found_by, found_by]
        changed = True
    if reach > entry.reach and basis != ReachBasis.NONE:
        entry.reach, entry.basis = reach, basis
        changed = True
    if mention is not None and entry.mention_id is None:
        entry.mention = mention
        changed = True
    if not entry.title and title:
        entry.title = title[:300]
        changed = True
    if not changed:
        return entry, "unchanged"
    entry.save()
    record(Action.UPDATE, obj=entry, workspace=flagship.workspace, actor=actor, before=before,
           after=snapshot(entry, ENTRY_FIELDS), message="合并重复的外部传播（只计一次）")
    return entry, "merged"


@transaction.atomic
def entry_add(*, actor, flagship: Flagship, kind: str, outlet: str, title: str = "", url: str = "",
              published_at: dt.datetime, reach: int = 0, basis: str = ReachBasis.PUBLIC, note: str = ""):
    require_perm(actor, flagship.workspace, SpreadPerm.EDIT)
    return _upsert(actor=actor, flagship=flagship, found_by=FoundBy.MANUAL, kind=kind, outlet=outlet, title=title,
                   url=url, published_at=published_at, reach=reach, basis=basis, note=note)


@transaction.atomic
def entry_update(*, actor, entry: ReachEntry, kind: str, outlet: str, title: str, url: str,
                 published_at: dt.datetime, reach: int, basis: str, note: str = "") -> ReachEntry:
    require_perm(actor, entry.workspace, SpreadPerm.EDIT)
    _check(outlet=outlet, url=url, published_at=published_at, reach=reach, kind=kind, basis=basis)
    key = entry_key(url=url, outlet=outlet, title=title, day=timezone.localtime(published_at).date())
    if ReachEntry.objects.filter(flagship=entry.flagship, key=key).exclude(pk=entry.pk).exists():
        raise ValidationError({"url": "这篇重点内容已登记过这条传播（链接相同），不能重复计"})
    before = snapshot(entry, ENTRY_FIELDS)
    entry.kind, entry.outlet, entry.title, entry.url = kind, outlet[:120], title[:300], url[:1000]
    entry.published_at, entry.reach, entry.basis, entry.note, entry.key = published_at, reach, basis, note[:300], key
    entry.save()
    record(Action.UPDATE, obj=entry, workspace=entry.workspace, actor=actor, before=before,
           after=snapshot(entry, ENTRY_FIELDS), message="修改外部传播")
    return entry


@transaction.atomic
def entry_delete(*, actor, entry: ReachEntry) -> None:
    require_perm(actor, entry.workspace, SpreadPerm.EDIT)
    record(Action.DELETE, obj=entry, workspace=entry.workspace, actor=actor, before=snapshot(entry, ENTRY_FIELDS),
           message="删除外部传播")
    entry.delete()


def entries_import(*, actor, flagship: Flagship, data: bytes, filename: str) -> dict[str, int]:
    """导入外部传播登记表：全部行通过校验才写入；与已登记的（含舆情监测发现的）按链接合并，只计一次。"""
    require_perm(actor, flagship.workspace, SpreadPerm.EDIT)
    rows = read_entries(data, filename)
    counts = {"created": 0, "merged": 0, "unchanged": 0}
    with transaction.atomic():
        for row in rows:
            try:
                _entry, outcome = _upsert(actor=actor, flagship=flagship, found_by=FoundBy.IMPORT, kind=row.kind,
                                          outlet=row.outlet, title=row.title, url=row.url,
                                          published_at=row.published_at, reach=row.reach, basis=row.basis)
            except ValidationError as exc:
                raise ValidationError([f"文件“{filename}”第 {row.row} 行：{m}，整个文件没有导入"
                                       for m in exc.messages]) from exc
            counts[outcome] += 1
        record(Action.IMPORT, obj=flagship, workspace=flagship.workspace, actor=actor,
               after={"文件": filename, "新增": counts["created"], "合并": counts["merged"], "未变": counts["unchanged"]},
               message=f"导入外部传播 {filename}")
    return counts


@transaction.atomic
def entry_from_mention(*, actor, flagship: Flagship, mention, kind: str = EntryKind.REPOST, reach: int = 0,
                       basis: str = ReachBasis.NONE):
    """把舆情监测发现的一条信息计入传播（与已登记的同一链接合并）。"""
    require_perm(actor, flagship.workspace, SpreadPerm.EDIT)
    if mention.workspace_id != flagship.workspace_id:
        raise ValidationError("舆情信息不属于本工作区")
    return _upsert(actor=actor, flagship=flagship, found_by=FoundBy.MONITORING, kind=kind,
                   outlet=(mention.source_name or mention.author or str(mention.source))[:120], title=mention.title,
                   url=mention.url, published_at=mention.published_at, reach=reach, basis=basis, mention=mention)


def report_generate(*, actor, flagship: Flagship, findings: dict | None = None, title: str = "") -> PropagationReport:
    """生成传播分析报告（Word）；分析段落可编辑，数字全部取自当前数据。"""
    workspace = flagship.workspace
    require_perm(actor, workspace, SpreadPerm.EDIT)
    known = {k for k, _t in FINDING_SECTIONS}
    findings = {k: str(v).strip()[:5000] for k, v in (findings or {}).items() if k in known}
    title = (title.strip() or f"《{flagship.item.title}》传播分析报告")[:200]
    doc, numbers = documents.build(flagship, findings=findings, title=title)
    with tempfile.TemporaryDirectory(prefix="rongmei-spread-") as tmp:
        path = doc.save_docx(Path(tmp) / "report.docx")
        content = path.read_bytes()
    with transaction.atomic():
        report = PropagationReport(workspace=workspace, flagship=flagship, title=title, findings=findings,
                                   numbers=numbers, created_by=actor)
        report.docx.save(f"{timezone.localtime():%Y%m%d-%H%M%S}.docx", ContentFile(content), save=False)
        report.save()
        record(Action.CREATE, obj=report, workspace=workspace, actor=actor,
               after={"标题": title, "全网传播量": numbers["total"], "证据条数": numbers["rows"]},
               message="生成传播分析报告")
    return report


@transaction.atomic
def report_finalize(*, actor, report: PropagationReport) -> PropagationReport:
    require_perm(actor, report.workspace, SpreadPerm.FINALIZE)
    if report.final:
        raise ValidationError("这份报告已经定稿")
    report.final, report.finalized_at, report.finalized_by = True, clock.now(), actor
    report.save(update_fields=["final", "finalized_at", "finalized_by"])
    record(Action.APPROVE, obj=report, workspace=report.workspace, actor=actor,
           after={"标题": report.title, "全网传播量": report.numbers.get("total")}, message="传播分析报告定稿")
    return report
