"""Excel 导出：月度排行（按人、按单位）、媒体采用清单、培训课时台账。数字都来自 selectors。"""

from __future__ import annotations

import datetime as dt

from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from . import selectors
from .models import Course


def rankings_xlsx(workspace, month: dt.date, scope=None) -> bytes:
    people = selectors.rankings(workspace, month, by="member", scope=scope)
    units = selectors.rankings(workspace, month, by="unit", scope=scope)
    tops = selectors.rankings(workspace, month, by="unit", depth=0, scope=scope)
    title = f"{month.year} 年 {month.month} 月基层线索排行"
    cols = (Column("名次", "int"), "名称", "单位/类别", Column("积分", "int"), Column("报送", "int"),
            Column("采用", "int"), Column("已发布", "int"), Column("采用率", "percent"))

    def rows(data):
        return [(r.rank, r.name, r.unit_name, r.points, r.clues, r.adopted, r.published, r.adoption_rate)
                for r in data]

    return sheets_xlsx([
        Sheet("按人员", cols, rows(people), title=title),
        Sheet("按单位", cols, rows(units), title=title),
        Sheet("按顶层单位汇总", cols, rows(tops), title=title + "（下级单位汇总到顶层）"),
    ])


def placements_xlsx(workspace, start: dt.date | None, end: dt.date | None) -> bytes:
    rows = [(p.date, p.outlet, p.get_level_display(), p.title, p.url, p.item.title if p.item else "")
            for p in selectors.placements_of(workspace, start=start, end=end)]
    return sheets_xlsx([Sheet("媒体采用", (Column("日期", "date"), "媒体", "级别", "标题", Column("链接", "url"), "来源稿件"),
                              rows, title="媒体采用与转发清单")])


def training_xlsx(course: Course, scope=None) -> bytes:
    prog = selectors.course_progress(course, scope)
    rows = [(r.member.unit.name, r.member.name, r.member.get_kind_display(), r.sessions, float(r.hours),
             float(r.target), "已完成" if r.done else f"差 {r.behind:g} 课时") for r in prog.rows]
    return sheets_xlsx([Sheet("课时台账", ("单位", "姓名", "身份", Column("参加场次", "int"), Column("已完成课时", "float"),
                                       Column("应完成课时", "float"), "情况"), rows,
                              title=f"{course.name}：每人课时", fills={"情况": {"已完成": "D1F2D9"}})])
