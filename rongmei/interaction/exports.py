"""互动的 Excel 导出（只经 engines.docgen.sheets_xlsx；平台文本以“=”开头也按文本写出，不会变成公式）。"""

from __future__ import annotations

import datetime as dt

from rongmei.core import clock
from rongmei.core.labels import choice_label, minute_text
from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from . import selectors
from .choices import Category, MessageKind, MessageState, ReplyState, Sentiment

STAT_COLUMNS = (Column("分组"), Column("收到", "int"), Column("需答复", "int"), Column("已响应", "int"),
                Column("响应率", "percent"), Column("按时", "int"), Column("超时", "int"), Column("按时率", "percent"),
                Column("首次响应中位数（工作小时）", "float"), Column("首次响应 90% 分位（工作小时）", "float"),
                Column("办结中位数（工作小时）", "float"), Column("办结 90% 分位（工作小时）", "float"))


def _row(r) -> tuple:
    def h(v):
        return round(v, 2) if v is not None else None
    return (r.label, r.received, r.needing, r.responded, r.response_rate, r.on_time, r.late, r.on_time_rate,
            h(r.first_median), h(r.first_p90), h(r.resolve_median), h(r.resolve_p90))


def stats_xlsx(workspace, start: dt.date, end: dt.date) -> bytes:
    sheets = []
    for by in ("account", "category", "department", "month"):
        data = selectors.stats(workspace, start, end, by=by)
        rows = [_row(r) for r in data["rows"]] + [_row(data["total"])]
        sheets.append(Sheet(f"按{selectors.BY_CHOICES[by]}", STAT_COLUMNS, rows,
                            title=f"{workspace.name} 互动统计（按{selectors.BY_CHOICES[by]}）",
                            preamble=[("统计区间", f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"),
                                      ("口径", "需答复＝咨询、建议、投诉、舆情风险；用时按工作时段与法定工作日计算")]))
    return sheets_xlsx(sheets)


def _t(value) -> str:
    return minute_text(value, empty="")


def _label(choices, value) -> str:
    return choice_label(choices, value, empty="")


ARCHIVE_COLUMNS = ("消息编号", "账号", "类型", "网友昵称", "内容", "收到时间", "分类", "情感", "紧急", "状态", "处室",
                   "处室答复", "首次响应期限", "首次响应", "首次响应按时", "办结期限", "办结", "答复内容", "答复状态", "撰写人", "撰写时间", "审核人", "审核时间",
                   "发送人", "发送时间", "平台答复 ID")


TIMELINESS = {"on_time": "按时", "late": "超时", "pending": "未到期"}


def archive_xlsx(workspace, start: dt.date | None = None, end: dt.date | None = None) -> bytes:
    now = clock.now()

    def rows():
        for m, r in selectors.archive_rows(workspace, start, end):
            yield (m.pk, str(m.account), _label(MessageKind, m.kind), m.author, m.text, _t(m.received_at),
                   _label(Category, m.category), _label(Sentiment, m.sentiment), "是" if m.urgent else "否",
                   _label(MessageState, m.state), m.department.name if m.department_id else "", m.department_answer,
                   _t(m.first_due_at), _t(m.first_response_at),
                   TIMELINESS[selectors.timeliness(m.first_due_at, m.first_response_at, now)] if
                   selectors.needs_response(m.category) else "无需答复", _t(m.due_at), _t(m.resolved_at),
                   r.text if r else "", _label(ReplyState, r.state) if r else "",
                   str(r.written_by or "") if r else "", _t(r.written_at) if r else "",
                   str(r.approved_by or "") if r else "", _t(r.approved_at) if r else "",
                   str(r.sent_by or "") if r else "", _t(r.sent_at) if r else "", r.external_id if r else "")
    return sheets_xlsx([Sheet("互动档案", ARCHIVE_COLUMNS, rows(), title=f"{workspace.name} 互动消息与答复档案",
                              wrap=frozenset({"内容", "答复内容", "处室答复"}))])
