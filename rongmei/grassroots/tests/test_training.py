"""培训：签到表导入（行列号报错、整表不导入）、每人课时与落后名单、结业证书、合同事实。"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from rongmei.grassroots import facts, selectors, services
from rongmei.grassroots.choices import Attendance, Audience
from rongmei.grassroots.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(workspace, personas, people):
    c = services.course_save(actor=personas["manager"], workspace=workspace, name="基层信息供稿员培训",
                             audience=Audience.CONTRIBUTOR, year=2025, target_hours=12)
    s1 = services.session_save(actor=personas["manager"], course=c, title="线索发现", date=dt.date(2025, 4, 1),
                               mode="offline", place="报告厅", teacher="王老师", hours=6)
    s2 = services.session_save(actor=personas["manager"], course=c, title="写作", date=dt.date(2025, 6, 1),
                               mode="online", place="腾讯会议", teacher="李老师", hours=6)
    return c, s1, s2


def csv_bytes(text: str) -> bytes:
    return text.encode("gb18030")


def test_sign_in_sheet_with_errors_imports_nothing(personas, course):
    _c, s1, _ = course
    data = csv_bytes("姓名,手机号,签到\n徐供稿,13900000001,是\n查无此人,,是\n高管理,13900000002,也许\n徐供稿,,是\n")
    with pytest.raises(services.SheetError) as exc:
        services.attendance_import(actor=personas["manager"], session=s1, data=data, filename="签到.csv")
    text = "\n".join(exc.value.errors)
    assert "第 3 行 A 列（姓名）：“查无此人”不是已登记的基层人员" in text
    assert "第 4 行 C 列（签到）：“也许”看不懂" in text
    assert "第 5 行：“徐供稿”与第 2 行重复" in text
    assert not Enrolment.objects.exists()


def test_sign_in_without_name_column_is_refused(personas, course):
    with pytest.raises(services.SheetError) as exc:
        services.attendance_import(actor=personas["manager"], session=course[1], data=csv_bytes("手机号\n139\n"),
                                   filename="x.csv")
    assert "缺少“姓名”列" in exc.value.errors[0]


def test_hours_per_person_and_who_is_behind(personas, course, people):
    c, s1, s2 = course
    services.attendance_import(actor=personas["manager"], session=s1, filename="a.csv",
                               data=csv_bytes("姓名,手机号,签到\n徐供稿,13900000001,是\n高管理,13900000002,是\n"))
    services.attendance_import(actor=personas["manager"], session=s2, filename="b.csv",
                               data=csv_bytes("姓名,单位,签到\n徐供稿,可可以力更镇,已签到\n高管理,武川县,缺席\n"))
    prog = selectors.course_progress(c)
    hours = {r.member.name: r.hours for r in prog.rows}
    assert hours == {"徐供稿": Decimal(12), "高管理": Decimal(6)}
    assert [r.member.name for r in prog.behind_rows] == ["高管理"] and prog.done_count == 1
    assert prog.behind_rows[0].behind == Decimal(6)
    # 合同事实：每场的签到人数与课时
    got = sorted((f["title"], f["attendees"], f["hours"]) for f in facts.grassroots_facts(
        c.workspace, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) if f["type"] == "training")
    assert got == [("写作", 1, 6.0), ("线索发现", 2, 6.0)]


def test_certificate_only_for_people_who_finished(personas, course, people):
    c, s1, s2 = course
    for s in (s1, s2):
        services.attendance_set(actor=personas["manager"], session=s, member=people["xu"], state=Attendance.ATTENDED)
    name, data = services.certificate_docx(actor=personas["manager"], course=c, member=people["xu"])
    assert name.endswith(".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "徐供稿" in text and "12 课时" in text
    with pytest.raises(ValidationError, match="未达到"):
        services.certificate_docx(actor=personas["manager"], course=c, member=people["gao"])


def test_session_hours_and_links_are_checked(personas, course):
    with pytest.raises(ValidationError) as exc:
        services.session_save(actor=personas["manager"], course=course[0], title="x", date=dt.date(2025, 1, 1),
                              mode="offline", place="p", teacher="t", hours=30, video_url="javascript:alert(1)")
    assert "hours" in exc.value.message_dict and "video_url" in exc.value.message_dict
    with pytest.raises(Exception, match="权限"):
        services.session_save(actor=personas["editor"], course=course[0], title="x", date=dt.date(2025, 1, 1),
                              mode="offline", place="p", teacher="t", hours=2)


def test_roster_import_is_all_or_nothing_with_row_and_column(workspace, personas, people, tree):
    from rongmei.grassroots.models import Member

    before = Member.objects.count()
    bad = csv_bytes("姓名,单位,身份,手机号\n张三,武川县,信息供稿员,13900001111\n李四,不存在镇,视频采集员,\n"
                    "王五,武川县,记者,\n赵六,武川县,,1390000\n")
    with pytest.raises(services.SheetError) as exc:
        services.roster_import(actor=personas["manager"], workspace=workspace, data=bad, filename="名单.csv")
    text = "\n".join(exc.value.errors)
    assert "第 3 行 B 列（单位）：“不存在镇”不是本工作区的单位" in text
    assert "第 4 行 C 列（身份）" in text and "第 5 行 D 列（手机号）" in text
    assert Member.objects.count() == before
    good = csv_bytes("姓名,单位,身份,手机号\n张三,呼和浩特市/武川县/可可以力更镇,视频采集员,13900001111\n"
                     "徐供稿改名,包头市,信息供稿员,13900000001\n")
    assert services.roster_import(actor=personas["manager"], workspace=workspace, data=good, filename="名单.csv") == 2
    assert Member.objects.count() == before + 1
    people["xu"].refresh_from_db()
    assert people["xu"].name == "徐供稿改名" and people["xu"].unit.name == "包头市"
    with pytest.raises(Exception, match="权限"):
        services.roster_import(actor=personas["editor"], workspace=workspace, data=good, filename="名单.csv")
