"""只读的衍生产物：文本对比、宣传审批表（.docx）、发布署名、交付物事实。"""

from __future__ import annotations

import datetime as dt
import difflib
import io

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from docx import Document
from docx.shared import Cm

from rongmei.engines.docgen import set_run_font, xml_text

from . import selectors
from .choices import NON_DELIVERABLE_KINDS, ItemStatus, StageType, Verdict
from .models import ContentItem, ReviewDecision


def diff_html(old: str, new: str) -> SafeString:
    """按字符比较（适合中文），删除用 <del>，新增用 <ins>。"""
    sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            out.append(escape(old[a0:a1]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(old[a0:a1])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(new[b0:b1])}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>\n"))


def diff_stats(old: str, new: str) -> dict:
    sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    added = removed = 0
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op in ("delete", "replace"):
            removed += a1 - a0
        if op in ("insert", "replace"):
            added += b1 - b0
    return {"added": added, "removed": removed, "ratio": round(sm.ratio() * 100, 1)}


def _cycle_decisions(item) -> list[ReviewDecision]:
    """最近一轮送审以来的决定（审批表与署名只反映最终通过的这一轮）。"""
    decisions = list(selectors.decisions_of(item))
    last_submit = max((i for i, d in enumerate(decisions) if d.stage_name == "送审"), default=0)
    return decisions[last_submit:]


def sign_off(item) -> list[tuple[str, list[str]]]:
    """[(角色称谓, [姓名…]), …]：编辑、校对、审核、终审。"""
    out: dict[str, list[str]] = {"编辑": [str(item.author)]}
    approvals = [d for d in _cycle_decisions(item) if d.verdict == Verdict.APPROVE and d.actor_id]
    last_order = max((d.stage_order for d in approvals), default=None)
    for d in approvals:
        if item.status == ItemStatus.APPROVED and d.stage_order == last_order:
            label = "终审"
        else:
            label = "校对" if d.stage_type == StageType.PROOFREAD else "审核"
        names = out.setdefault(label, [])
        if str(d.actor) not in names:
            names.append(str(d.actor))
    order = ["编辑", "校对", "审核", "终审"]
    return [(k, out[k]) for k in order if k in out]


def footer_text(item) -> str:
    """发布稿末尾的署名，如“编辑：王… 审核：李… 终审：吴…”。"""
    return " ".join(f"{label}：{'、'.join(names)}" for label, names in sign_off(item))


def approval_form_docx(item: ContentItem) -> bytes:
    """宣传审批表（Word）。"""


    def font(run, size=10.5, bold=None):
        return set_run_font(run, "宋体", "Times New Roman", size, bold=bold)

    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.2)
        if item.confidentiality:  # 密级标注印在每页页眉
            font(section.header.paragraphs[0].add_run(item.get_confidentiality_display()), 12, True)
    title = doc.add_paragraph()
    title.alignment = 1
    font(title.add_run(xml_text(f"{item.workspace.client_name or item.workspace.name}宣传审批表")), 16, True)
    rev = item.current_revision
    accounts = "、".join(str(a) for a in item.target_accounts.all()) or "—"
    rows = [
        ("标题", item.title),
        ("内容形态", item.get_kind_display()),
        ("栏目", str(item.column) if item.column else "—"),
        ("选题/主题", " / ".join(x for x in [item.topic, str(item.theme) if item.theme else ""] if x) or "—"),
        ("作者/团队", f"{item.author}{('（' + item.team + '）') if item.team else ''}"),
        ("原创/转载", "原创" if item.is_original else f"转载（来源：{item.source}）"),
        ("重要程度", item.get_importance_display()),
        ("密级", item.get_confidentiality_display()),
        ("拟发布账号", accounts),
        ("截止日期", item.deadline.strftime("%Y-%m-%d") if item.deadline else "—"),
        ("审批版本", f"第 {rev.number} 版（{timezone.localtime(rev.created_at):%Y-%m-%d %H:%M}）" if rev else "—"),
        ("当前状态", item.get_status_display()),
    ]
    if item.duration_seconds:
        rows.insert(2, ("时长", f"{item.duration_seconds // 60} 分 {item.duration_seconds % 60} 秒"))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in rows:
        cells = table.add_row().cells
        font(cells[0].paragraphs[0].add_run(xml_text(k)), bold=True)
        font(cells[1].paragraphs[0].add_run(xml_text(str(v))))
        cells[0].width = Cm(3.5)
        cells[1].width = Cm(13)
    doc.add_paragraph()
    h = doc.add_paragraph()
    font(h.add_run("审核记录"), 12, True)
    log = doc.add_table(rows=1, cols=5)
    log.style = "Table Grid"
    for cell, text in zip(log.rows[0].cells, ["环节", "审核人", "时间", "结论", "意见"], strict=True):
        font(cell.paragraphs[0].add_run(xml_text(text)), bold=True)
    for d in selectors.decisions_of(item):
        cells = log.add_row().cells
        values = [d.stage_name, str(d.actor) if d.actor_id else "系统",
                  timezone.localtime(d.decided_at).strftime("%Y-%m-%d %H:%M"), d.get_verdict_display(), d.comments]
        for cell, text in zip(cells, values, strict=True):
            font(cell.paragraphs[0].add_run(xml_text(text)), 9.5)
    doc.add_paragraph()
    p = doc.add_paragraph()
    font(p.add_run(xml_text("署名：" + footer_text(item))), 10.5)
    p = doc.add_paragraph()
    font(p.add_run(f"打印时间：{timezone.localtime():%Y-%m-%d %H:%M}"), 9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def deliverable_facts_revision(workspace) -> tuple:
    """Changes whenever deliverable_facts would (an item was added, approved, edited or archived)."""
    row = ContentItem.objects.filter(workspace=workspace).aggregate(n=Count("id"), last=Max("updated_at"))
    return (row["n"], row["last"])


def deliverable_facts(workspace, start: dt.date, end: dt.date) -> list[dict]:
    """已通过终审的非发布类交付物（海报、宣传片、微纪录片、培训课时、H5、报告……）→ facts-v1。"""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end, dt.time.max, tzinfo=tz)
    qs = (ContentItem.objects.filter(workspace=workspace, approved_at__range=(lo, hi))
          .filter(status__in=[ItemStatus.APPROVED, ItemStatus.ARCHIVED])
          .exclude(kind__in=NON_DELIVERABLE_KINDS)
          .only("pk", "kind", "title", "approved_at", "duration_seconds", "is_original").order_by("approved_at"))
    out = []
    for item in qs:
        fact = {
            "type": "deliverable",
            "date": timezone.localtime(item.approved_at).date().isoformat(),
            "kind": item.kind,
            "item": str(item.pk),
            "minutes": item.duration_minutes,
            "ref": f"production.item:{item.pk}",
            "title": item.title,
            "original": item.is_original,
        }
        out.append(fact)
    return out
