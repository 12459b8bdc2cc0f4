"""报告的写操作：请求生成（入队 Huey 任务）、生成、修改文字部分后重新生成、定时生成。"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.permissions import require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines import months, workdays
from rongmei.engines.docgen import PdfConversionFailed, to_pdf
from rongmei.workspaces.models import Workspace

from .builders import build
from .choices import SECTIONS, ReportKind, ReportState
from .models import Report
from .permissions import ReportsPerm

log = logging.getLogger(__name__)


class ReportGenerationFailed(RuntimeError):
    """报告生成失败（原因已存入 Report.error）。任务抛出它，任务列表才会显示“失败”而不是“已完成”。"""


def default_period(kind: str, workspace, today: dt.date) -> tuple[dt.date, dt.date]:
    """各类报告的默认期间（以 today 为参照）。"""
    first = months.month_start(today)
    if kind == ReportKind.NEWS_BRIEF:
        return today - dt.timedelta(days=3), today - dt.timedelta(days=1)
    if kind == ReportKind.MONTHLY_DATA:
        return months.prev_month(today), first - dt.timedelta(days=1)
    if kind == ReportKind.MONTHLY_SUMMARY:
        return first, months.month_end(today)
    if kind == ReportKind.QUARTERLY:
        q_first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return months.add_months(q_first, -3), q_first - dt.timedelta(days=1)
    if kind == ReportKind.HALF_YEAR:
        if today.month > 6:
            return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
        return dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31)
    if kind == ReportKind.ANNUAL:
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    start = workspace.period_start or dt.date(today.year, 1, 1)
    end = workspace.period_end or months.month_end(today)
    if kind == ReportKind.MIDTERM:
        return start, start + (end - start) / 2
    return start, end


def due_date(kind: str, start: dt.date, end: dt.date) -> dt.date | None:
    """报送期限：月度数据报告次月 5 日前（种子 002）；月度工作总结当月 30 日前（种子 000）；
    终期综合总结在服务期结束后 14 个工作日内（种子 000）。"""
    if kind == ReportKind.MONTHLY_DATA:
        nxt = end + dt.timedelta(days=1)
        return nxt.replace(day=5)
    if kind == ReportKind.MONTHLY_SUMMARY:
        return end.replace(day=min(30, months.month_end(end).day))
    if kind == ReportKind.FINAL:
        try:
            return workdays.add_workdays(end, 14)
        except workdays.CalendarCoverageError:
            return end + dt.timedelta(days=20)
    if kind in (ReportKind.QUARTERLY, ReportKind.HALF_YEAR, ReportKind.ANNUAL, ReportKind.MIDTERM):
        return end + dt.timedelta(days=15)
    return None


def default_title(kind: str, workspace, start: dt.date, end: dt.date) -> str:
    label = ReportKind(kind).label
    if kind in (ReportKind.MONTHLY_DATA, ReportKind.MONTHLY_SUMMARY):
        return f"{start.year}年{start.month}月{label}"
    if kind == ReportKind.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度运营分析报告"
    if kind == ReportKind.ANNUAL:
        return f"{start.year}年度工作总结"
    if kind == ReportKind.HALF_YEAR:
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年工作总结"
    if kind == ReportKind.NEWS_BRIEF:
        return f"新闻速览（{start:%m月%d日}—{end:%m月%d日}）"
    return f"{workspace.name}{label}"


@transaction.atomic
def report_request(*, actor, workspace, kind: str, period_start: dt.date | None = None,
                   period_end: dt.date | None = None, title: str = "", params: dict | None = None,
                   sections: dict | None = None, scheduled: bool = False) -> Report:
    """登记一份报告并入队生成（事务提交后执行）。"""
    require_perm(actor, workspace, ReportsPerm.GENERATE)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": f"未知的报告类型“{kind}”"})
    if period_start is None or period_end is None:
        period_start, period_end = default_period(kind, workspace, clock.today())
    if period_end < period_start:
        raise ValidationError({"period_end": "结束日期不能早于开始日期"})
    if (period_end - period_start).days > 366 * 5:
        raise ValidationError({"period_end": "报告期间不能超过 5 年"})
    known = {k for k, _t in SECTIONS.get(kind, [])}
    report = Report.objects.create(
        workspace=workspace, kind=kind, period_start=period_start, period_end=period_end,
        title=(title or default_title(kind, workspace, period_start, period_end))[:200],
        due_date=due_date(kind, period_start, period_end), params=params or {},
        sections={k: v for k, v in (sections or {}).items() if k in known}, created_by=actor, scheduled=scheduled)
    record(Action.CREATE, obj=report, workspace=workspace, actor=actor,
           after={"类型": report.get_kind_display(), "期间": f"{period_start}—{period_end}", "参数": report.params},
           message="请求生成报告")
    _enqueue(report, actor)
    return report


def _enqueue(report: Report, actor) -> None:
    job_enqueue("reports.generate", report.pk, label=f"生成报告：{report.title}", workspace=report.workspace, actor=actor)


@transaction.atomic
def report_update_sections(*, actor, report: Report, sections: dict, regenerate: bool = True) -> Report:
    require_perm(actor, report.workspace, ReportsPerm.GENERATE)
    known = {k for k, _t in SECTIONS.get(report.kind, [])}
    before = dict(report.sections or {})
    report.sections = {**before, **{k: str(v) for k, v in sections.items() if k in known}}
    if regenerate:
        report.state = ReportState.QUEUED
        report.error = ""  # 上一次失败的原因不再显示在重新排队的报告上
    report.save()
    record(Action.UPDATE, obj=report, workspace=report.workspace, actor=actor, before=before, after=report.sections,
           message="修改报告文字")
    if regenerate:
        _enqueue(report, actor)
    return report


def report_generate(report_id: int) -> Report:
    """生成 Word/Excel（以及本机有 LibreOffice 且参数要求时的 PDF）。失败时状态为“生成失败”并保存原因。"""


    report = Report.objects.select_related("workspace").get(pk=report_id)
    Report.objects.filter(pk=report.pk).update(state=ReportState.RUNNING, error="")
    as_of = clock.now()
    try:
        doc, numbers = build(report)
        base = f"{report.title}".replace("/", "-")
        with tempfile.TemporaryDirectory(prefix="rongmei-report-") as tmp:
            docx = doc.save_docx(Path(tmp) / f"{base}.docx")
            xlsx = doc.save_xlsx(Path(tmp) / f"{base}.xlsx")
            pdf = None
            if (report.params or {}).get("pdf"):
                try:
                    pdf = to_pdf(docx)
                except PdfConversionFailed as exc:
                    numbers["pdf_error"] = str(exc)
            for field in ("docx", "xlsx", "pdf"):
                old = getattr(report, field)
                if old:
                    old.delete(save=False)
            report.docx.save(docx.name, ContentFile(docx.read_bytes()), save=False)
            report.xlsx.save(xlsx.name, ContentFile(xlsx.read_bytes()), save=False)
            if pdf is not None:
                report.pdf.save(pdf.name, ContentFile(pdf.read_bytes()), save=False)
    except Exception as exc:
        log.exception("报告生成失败：%s", report)
        report.state = ReportState.FAILED
        report.error = (str(exc) or type(exc).__name__)[:2000]
        report.finished_at = clock.now()
        report.save()
        return report
    report.numbers = numbers
    report.data_as_of = as_of
    report.state = ReportState.DONE
    report.finished_at = clock.now()
    report.save()
    return report


def report_downloaded(*, actor, report: Report, fmt: str) -> None:
    require_perm(actor, report.workspace, ReportsPerm.DOWNLOAD)
    record(Action.EXPORT, obj=report, workspace=report.workspace, actor=actor, message=f"下载报告（{fmt}）")


# ---------------------------------------------------------------------------------------------- 定时
#: 合同模板 → 定时生成的报告（种子 000 内蒙古残联：新闻速览每周三期、月度工作总结；种子 001 北京规自委：
#: 季度运营分析；种子 002 安源：月度数据报告次月 5 日前）。
SCHEDULES: dict[str, tuple[str, ...]] = {
    "inner-mongolia-dpf-2025": (ReportKind.NEWS_BRIEF, ReportKind.MONTHLY_SUMMARY),
    "beijing-planning-2023": (ReportKind.QUARTERLY,),
    "anyuan-employment": (ReportKind.MONTHLY_DATA,),
}


def scheduled_due(workspace, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """今天应当自动生成的报告（类型, 开始, 结束）。"""
    out = []
    kinds = SCHEDULES.get(workspace.contract_template, ())
    in_service = (workspace.period_start is None or workspace.period_start <= today) and (
        workspace.period_end is None or today <= workspace.period_end + dt.timedelta(days=31))
    if not in_service:
        return out
    if ReportKind.NEWS_BRIEF in kinds and today.weekday() in (0, 2, 4):  # 周一、三、五
        out.append((ReportKind.NEWS_BRIEF, *default_period(ReportKind.NEWS_BRIEF, workspace, today)))
    if ReportKind.MONTHLY_DATA in kinds and today.day == 1:  # 1 日生成，5 日前报送
        out.append((ReportKind.MONTHLY_DATA, *default_period(ReportKind.MONTHLY_DATA, workspace, today)))
    if ReportKind.MONTHLY_SUMMARY in kinds and today.day == 25:  # 25 日生成草稿，30 日前报送
        out.append((ReportKind.MONTHLY_SUMMARY, *default_period(ReportKind.MONTHLY_SUMMARY, workspace, today)))
    if ReportKind.QUARTERLY in kinds and today.day == 1 and today.month in (1, 4, 7, 10):
        out.append((ReportKind.QUARTERLY, *default_period(ReportKind.QUARTERLY, workspace, today)))
    if workspace.period_end and today == workspace.period_end + dt.timedelta(days=1):
        out.append((ReportKind.FINAL, workspace.period_start or workspace.period_end, workspace.period_end))
    return out


def scheduled_generate(*, today: dt.date) -> list[Report]:
    created = []
    for ws in Workspace.objects.filter(is_active=True):
        for kind, start, end in scheduled_due(ws, today):
            if Report.objects.filter(workspace=ws, kind=kind, period_start=start, period_end=end).exists():
                continue
            created.append(report_request(actor=None, workspace=ws, kind=kind, period_start=start, period_end=end,
                                          scheduled=True))
    return created
