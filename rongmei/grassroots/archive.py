"""培训归档（core.archive 的“培训资料”类别）：期间内（场次日期，含两端）的培训台账（Excel：场次、签到、每人课时）
和每场一份记录（Markdown：时间地点、老师、课时、资料、报名与签到名单）。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from rongmei.core.archive import ArchiveFile
from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from . import selectors
from .choices import Attendance
from .models import Enrolment


def _period_rows(workspace, start: dt.date, end: dt.date):
    sessions = list(selectors.training_sessions(workspace, start, end).order_by("date", "pk"))
    enrolments = list(Enrolment.objects.filter(session__in=sessions).select_related("member__unit", "session__course")
                      .order_by("session__date", "session_id", "member__unit__path", "member__name"))
    return sessions, enrolments


def ledger_xlsx(workspace, start: dt.date, end: dt.date) -> bytes:
    sessions, enrolments = _period_rows(workspace, start, end)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    count: dict[int, int] = defaultdict(int)
    people = {}
    for e in enrolments:
        if e.state == Attendance.ATTENDED:
            hours[e.member_id] += e.session.hours
            count[e.member_id] += 1
            people[e.member_id] = e.member
    title = f"基层培训台账（{start.isoformat()} 至 {end.isoformat()}）"
    return sheets_xlsx([
        Sheet("场次", (Column("日期", "date"), "课程", "主题", "形式", "地点", "老师", Column("课时", "float"),
                     Column("签到人数", "int")),
              [(s.date, s.course.name, s.title, s.get_mode_display(), s.place, s.teacher, float(s.hours), s.attended)
               for s in sessions], title=title),
        Sheet("签到", (Column("日期", "date"), "课程", "主题", "单位", "姓名", "签到", "扫码时间"),
              [(e.session.date, e.session.course.name, e.session.title, e.member.unit.name, e.member.name,
                e.get_state_display(),
                timezone.localtime(e.signed_in_at).strftime("%Y-%m-%d %H:%M") if e.signed_in_at else "")
               for e in enrolments], title=title),
        Sheet("每人课时", ("单位", "姓名", "身份", Column("参加场次", "int"), Column("本期课时", "float")),
              [(m.unit.name, m.name, m.get_kind_display(), count[pk], float(hours[pk]))
               for pk, m in sorted(people.items(), key=lambda kv: (kv[1].unit.path, kv[1].name))], title=title),
    ])


def session_record(session, enrolments, materials) -> bytes:
    lines = [f"# {session.course.name}：{session.title}", "",
             f"- 日期：{session.date.isoformat()}", f"- 形式：{session.get_mode_display()}", f"- 地点：{session.place}",
             f"- 授课老师：{session.teacher}", f"- 课时：{session.hours:g}"]
    if session.video_url:
        lines.append(f"- 培训视频链接：{session.video_url}")
    lines += ["", "## 培训资料", ""]
    lines += [f"- {m.get_kind_display()}：{m.name}" + (f"（时长 {m.duration_text}，折合 {m.video_hours:g} 课时）"
                                                       if m.duration_seconds else "") for m in materials] or ["（无）"]
    attended = [e for e in enrolments if e.state == Attendance.ATTENDED]
    lines += ["", f"## 报名与签到（报名 {len(enrolments)} 人，签到 {len(attended)} 人）", "",
              "| 单位 | 姓名 | 签到 | 扫码时间 |", "| --- | --- | --- | --- |"]
    for e in enrolments:
        at = timezone.localtime(e.signed_in_at).strftime("%H:%M") if e.signed_in_at else ""
        lines.append(f"| {e.member.unit.name} | {e.member.name} | {e.get_state_display()} | {at} |")
    return "\n".join(lines).encode("utf-8")


def collect(workspace, start: dt.date, end: dt.date):
    sessions, enrolments = _period_rows(workspace, start, end)
    if not sessions:
        return
    yield ArchiveFile(name=f"{start.isoformat()}至{end.isoformat()}-培训台账.xlsx",
                      title=f"基层培训台账（{start.isoformat()} 至 {end.isoformat()}）", date=end,
                      content=lambda: ledger_xlsx(workspace, start, end), note=f"{len(sessions)} 场")
    by_session = defaultdict(list)
    for e in enrolments:
        by_session[e.session_id].append(e)
    for s in sessions:
        mats = list(s.materials.all())
        yield ArchiveFile(name=f"{s.date.isoformat()}-{s.pk}-{s.title[:30]}.md", title=f"{s.course.name}：{s.title}",
                          date=s.date, content=session_record(s, by_session[s.pk], mats),
                          note=f"签到 {s.attended} 人，{s.hours:g} 课时")
