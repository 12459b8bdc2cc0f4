"""舆情归档（core.archive）：期间内（北京时间）开始的每个事件一份卷宗（概况、时间线、相关预警、复盘），
期间内首次发出的预警一份台账（Excel），以及期间内生成的舆情文档（月报、专报、应对方案、应急预案的 Word 原件）。"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rongmei.core.archive import ArchiveFile
from rongmei.core.labels import choice_label, minute_text
from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from . import selectors
from .choices import AlertState, EventState, RiskGrade
from .models import Alert, Event, OpinionDocument


def _t(value) -> str:
    return minute_text(value)


def _label(choices, value) -> str:
    return choice_label(choices, value)


def event_dossier(event: Event) -> bytes:
    lines = [f"# {event.title}", "", f"- 级别：{_label(RiskGrade, event.grade)}", f"- 状态：{_label(EventState, event.state)}",
             f"- 负责人：{event.owner or '—'}", f"- 开始：{_t(event.opened_at)}", f"- 结束：{_t(event.closed_at)}"]
    if event.crisis_at:
        lines.append(f"- 危机开关打开：{_t(event.crisis_at)}")
    if event.plan_id:
        lines.append(f"- 适用应急预案：{event.plan.title}（第 {event.plan.version} 版）")
    lines += ["", "## 事件概述", "", event.summary or "—", "", "## 时间线", ""]
    entries = list(event.entries.select_related("actor").order_by("at", "id"))
    lines += [f"- {_t(e.at)} 【{e.get_kind_display()}】{e.text}（{e.actor or '系统'}）" + (f" {e.url}" if e.url else "")
              for e in entries] or ["（没有记录）"]
    lines += ["", "## 相关预警", ""]
    alerts = list(event.alerts.select_related("acknowledged_by").order_by("first_at", "id"))
    lines += [f"- {_t(a.first_at)} 【{_label(RiskGrade, a.grade)}】{a.title}：{_label(AlertState, a.state)}"
              + (f"，{a.acknowledged_by} 于 {_t(a.acknowledged_at)} 确认" if a.acknowledged_at else "")
              for a in alerts] or ["（没有预警）"]
    if event.review_cause or event.review_handling or event.review_lessons:
        lines += ["", "## 结案复盘", "", f"起因：{event.review_cause or '—'}", "",
                  f"处置经过：{event.review_handling or '—'}", "", f"经验教训：{event.review_lessons or '—'}"]
    return "\n".join(lines).encode("utf-8")


ALERT_COLUMNS = (Column("首次预警", width=17), Column("最近预警", width=17), Column("级别"), Column("标题", width=40),
                 Column("内容", width=50), Column("状态"), Column("接收人", width=24), Column("确认人"),
                 Column("确认时间", width=17), Column("升级时间", width=17), Column("所属事件", width=30))


def alerts_xlsx(workspace, alerts: list[Alert], start: dt.date, end: dt.date) -> bytes:
    rows = [(_t(a.first_at), _t(a.last_at), _label(RiskGrade, a.grade), a.title, a.body, _label(AlertState, a.state),
             "、".join(str(u) for u in a.recipients.all()), str(a.acknowledged_by or ""),
             _t(a.acknowledged_at) if a.acknowledged_at else "", _t(a.escalated_at) if a.escalated_at else "",
             a.event.title if a.event_id else "") for a in alerts]
    return sheets_xlsx([Sheet("舆情预警", ALERT_COLUMNS, rows, title=f"{workspace.name} 舆情预警记录",
                              preamble=[("期间", f"{start.isoformat()} 至 {end.isoformat()}"), ("预警数", len(rows))],
                              wrap=frozenset({"标题", "内容"}))])


def _read(doc: OpinionDocument) -> bytes:
    with doc.docx.open("rb") as fh:
        return fh.read()


def collect(workspace, start: dt.date, end: dt.date):
    for event in selectors.events_opened_between(workspace, start, end):
        day = timezone.localtime(event.opened_at).date()
        yield ArchiveFile(name=f"{day.isoformat()}-舆情事件-{event.title}.md", title=f"舆情事件：{event.title}",
                          date=day, content=lambda event=event: event_dossier(event),
                          note=f"{_label(RiskGrade, event.grade)}，{_label(EventState, event.state)}")
    alerts = list(selectors.alerts_first_between(workspace, start, end))
    if alerts:
        yield ArchiveFile(name=f"{start.isoformat()}至{end.isoformat()}-舆情预警记录.xlsx",
                          title=f"舆情预警记录（{start.isoformat()} 至 {end.isoformat()}）", date=end,
                          content=alerts_xlsx(workspace, alerts, start, end), note=f"{len(alerts)} 条")
    for doc in selectors.documents_done_between(workspace, start, end):
        day = timezone.localtime(doc.created_at).date()
        yield ArchiveFile(name=f"{day.isoformat()}-{doc.get_kind_display()}-{doc.title}.docx",
                          title=f"{doc.get_kind_display()}：{doc.title}", date=day,
                          content=lambda doc=doc: _read(doc), note=f"第 {doc.version} 版" if doc.version > 1 else "")
