"""互动归档（core.archive）：期间内（按收到时间，北京时间）每条消息一份卷宗——消息、各条答复及其审核与发送、
处室转办、计时（首次响应与办结的期限和实际时间、是否按时）——另加一份整期的台账（Excel，同“导出档案”）。"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rongmei.core import clock
from rongmei.core.archive import ArchiveFile
from rongmei.core.labels import choice_label, minute_text

from . import exports, selectors
from .choices import Category, MessageKind, MessageState, ReplyState, Sentiment


def _t(value) -> str:
    return minute_text(value)


def _label(choices, value) -> str:
    return choice_label(choices, value)


def _timeliness(m, now: dt.datetime) -> str:
    if not selectors.needs_response(m.category):
        return "无需答复"
    return exports.TIMELINESS[selectors.timeliness(m.first_due_at, m.first_response_at, now)]


def dossier(m, replies: list, now: dt.datetime) -> bytes:
    """一条消息的卷宗（Markdown，任何文本编辑器可读）。"""
    lines = [f"# {m.author or '网友'}：{m.text[:40]}", "",
             f"- 账号：{m.account}", f"- 类型：{_label(MessageKind, m.kind)}", f"- 网友：{m.author or '—'}",
             f"- 收到时间：{_t(m.received_at)}", f"- 分类：{_label(Category, m.category)}",
             f"- 情感：{_label(Sentiment, m.sentiment)}", f"- 紧急：{'是' if m.urgent else '否'}",
             f"- 状态：{_label(MessageState, m.state)}", f"- 经办人：{m.assignee or '—'}", "", "## 内容", "", m.text, "",
             "## 计时", "",
             f"- 首次响应期限：{_t(m.first_due_at)}；实际首次响应：{_t(m.first_response_at)}"
             f"（{_timeliness(m, now)}）",
             f"- 办结期限：{_t(m.due_at)}；办结时间：{_t(m.resolved_at)}"]
    if m.paused_seconds:
        lines.append(f"- 累计暂停计时：{round(m.paused_seconds / 3600, 1)} 个工作小时")
    if m.department_id:
        lines += ["", "## 转处室", "", f"- 处室：{m.department.name}", f"- 转办时间：{_t(m.department_asked_at)}；"
                  f"答复期限：{_t(m.department_due_at)}；答复时间：{_t(m.department_answered_at)}",
                  f"- 问题：{m.department_question or '—'}", f"- 处室答复：{m.department_answer or '—'}"]
    lines += ["", "## 答复与审核", ""]
    if not replies:
        lines.append("（没有答复）")
    for n, r in enumerate(replies, start=1):
        lines += [f"### 答复 {n}（{_label(ReplyState, r.state)}）", "", r.text, "",
                  f"- 撰写：{r.written_by or '—'}，{_t(r.written_at)}",
                  "- 审核：" + (f"{r.approved_by or '—'}，{_t(r.approved_at)}" if r.approved_at else "尚未审核")
                  + (f"；退回理由：{r.reject_reason}" if r.reject_reason else ""),
                  "- 发送：" + (f"{r.sent_by or '—'}，{_t(r.sent_at)}" if r.sent_at else "尚未发送")
                  + (f"；失败原因：{r.failure_reason}" if r.failure_reason else ""),
                  ""]
    return "\n".join(lines).encode("utf-8")


def collect(workspace, start: dt.date, end: dt.date):
    now = clock.now()
    current, replies = None, []
    rows = list(selectors.archive_rows(workspace, start, end))
    if not rows:
        return
    yield ArchiveFile(name=f"{start.isoformat()}至{end.isoformat()}-互动台账.xlsx",
                      title=f"互动消息与答复台账（{start.isoformat()} 至 {end.isoformat()}）", date=end,
                      content=lambda: exports.archive_xlsx(workspace, start, end), note=f"{len(rows)} 行")
    for m, r in [*rows, (None, None)]:  # 末尾哨兵：把最后一条消息也写出
        if current is not None and (m is None or m.pk != current.pk):
            day = timezone.localtime(current.received_at).date()
            yield ArchiveFile(name=f"{day.isoformat()}-{current.pk}-{current.author or '网友'}.md",
                              title=f"{current.account}：{current.text[:30]}", date=day,
                              content=dossier(current, replies, now),
                              note=f"{_label(MessageState, current.state)}，答复 {len(replies)} 条")
            replies = []
        current = m
        if r is not None:
            replies.append(r)
