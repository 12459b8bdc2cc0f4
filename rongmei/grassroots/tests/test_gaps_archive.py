"""档案包里的“培训资料”：期间内的场次、签到（含扫码时间）、每人课时（Excel）和每场一份记录。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from rongmei.core import archive
from rongmei.grassroots import services
from rongmei.grassroots.choices import Attendance, Audience

pytestmark = pytest.mark.django_db


def test_training_section_collects_the_period(workspace, personas, people):
    sec = archive.section("training")
    assert sec is not None and "training" not in archive.pending()
    c = services.course_save(actor=personas["manager"], workspace=workspace, name="基层信息供稿员培训",
                             audience=Audience.CONTRIBUTOR, year=2025, target_hours=12)
    inside = services.session_save(actor=personas["manager"], course=c, title="线索发现", date=dt.date(2025, 4, 1),
                                   mode="offline", place="报告厅", teacher="王老师", hours=6)
    outside = services.session_save(actor=personas["manager"], course=c, title="写作", date=dt.date(2025, 7, 1),
                                    mode="online", place="腾讯会议", teacher="李老师", hours=3)
    for s in (inside, outside):
        services.enrol(actor=personas["manager"], session=s, members=[people["xu"], people["gao"]])
        services.attendance_set(actor=personas["manager"], session=s, member=people["xu"], state=Attendance.ATTENDED)
    files = list(sec.collect(workspace, dt.date(2025, 4, 1), dt.date(2025, 6, 30)))
    names = [f.name for f in files]
    assert names == ["2025-04-01至2025-06-30-培训台账.xlsx", f"2025-04-01-{inside.pk}-线索发现.md"]
    wb = load_workbook(io.BytesIO(files[0].data()))
    assert wb.sheetnames == ["场次", "签到", "每人课时"]
    values = [[c for c in row if c is not None] for row in wb["每人课时"].iter_rows(values_only=True)]
    assert ["可可以力更镇", "徐供稿", "信息供稿员", 1, 6] in values  # 7 月那场不在期间内
    assert not any("高管理" in row for row in values)  # 报名未签到不计课时
    record = files[1].data().decode()
    assert "授课老师：王老师" in record and "| 可可以力更镇 | 徐供稿 | 已签到 |" in record and "报名 2 人，签到 1 人" in record
    assert list(sec.collect(workspace, dt.date(2024, 1, 1), dt.date(2024, 12, 31))) == []
