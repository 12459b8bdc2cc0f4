"""典型案例测试的场景：一个征集（截止 2024-04-17）、主办方、两个地区的主管部门、三个申报单位、三位专家。
时间停在 2024-04-10 10:00（北京时间），测试里按需要再移动。"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from rongmei.cases import services
from rongmei.cases.choices import FileKind, UnitStatus
from rongmei.cases.models import Unit
from rongmei.workspaces.models import Membership

BJ = ZoneInfo("Asia/Shanghai")
DEADLINE = dt.date(2024, 4, 17)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 60


def at(y, m, d, hh=10, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=BJ)


def pdf(name="申请表.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def word(name="申请表.docx"):
    return SimpleUploadedFile(name, DOCX)


@dataclass
class World:
    ws: object
    call: object
    organiser: object
    leader: object
    regional_cc: object
    regional_jl: object
    experts: list
    units: dict  # 名字 → Unit
    users: dict  # 单位名 → 账号


@pytest.fixture
def clock_at():
    with time_machine.travel(at(2024, 4, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(workspace, make_user, clock_at) -> World:
    def member(username, name, role, unit="", region=""):
        user = make_user(username, name)
        Membership.objects.create(user=user, workspace=workspace, role=role, unit=unit, region=region)
        return user

    organiser = member("org", "融合处周科长", "manager")
    call = services.call_create(actor=organiser, workspace=workspace, title="2024年全省广播电视媒体融合典型案例征集和评选",
                                deadline=DEADLINE, doc_number="吉广电明电〔2024〕38号", issuer="吉林省广播电视局")
    services.call_publish(actor=organiser, call=call)
    units, users = {}, {}
    for name, short, kind, region in (("长春广播电视台", "长春台", "station", "长春市"),
                                      ("农安县融媒体中心", "农安融媒", "county", "长春市"),
                                      ("吉林市广播电视台", "江城广电", "station", "吉林市")):
        user = member(f"u{len(units)}", f"{name}联系人", "applicant", name, region)
        units[name] = Unit.objects.create(workspace=workspace, call=call, name=name, short_names=short,
                                          unit_type=kind, region=region, contact_name="联系人", contact_phone="1",
                                          account=user, status=UnitStatus.CONFIRMED)
        users[name] = user
    return World(
        ws=workspace, call=call, organiser=organiser, leader=member("lead", "吴局长", "client_leader"),
        regional_cc=member("rcc", "长春市文广旅局", "regional", region="长春市"),
        regional_jl=member("rjl", "吉林市文广旅局", "regional", region="吉林市"),
        experts=[member("e1", "孙教授", "expert", "某大学"), member("e2", "冯研究员", "expert", "某研究中心"),
                 member("e3", "陈主任", "expert", "某日报社", "长春市")],
        units=units, users=users)


def fill(world, unit_name, category_index=0, title=None, text="做法与成效。"):
    """建一个填好六项要素、传好申请表 Word/PDF 的案例（未提交）。"""
    user = world.users[unit_name]
    category = list(world.call.categories.all())[category_index]
    case = services.case_create(actor=user, call=world.call, category=category, title=title or f"{unit_name}的案例")
    services.case_save(actor=user, case=case, title=case.title,
                       elements=[f"{unit_name}{text}{i}" for i in range(len(category.elements))],
                       data={"users": "120", "compare": "增长 18%"})
    services.case_file_add(actor=user, case=case, kind=FileKind.FORM_WORD, upload=word())
    services.case_file_add(actor=user, case=case, kind=FileKind.FORM_PDF, upload=pdf(f"{unit_name}申请表.pdf"))
    return case


def submitted(world, unit_name, **kw):
    case = fill(world, unit_name, **kw)
    services.case_submit(actor=world.users[unit_name], case=case)
    case.refresh_from_db()
    return case


def passed(world, unit_name, **kw):
    case = submitted(world, unit_name, **kw)
    reviewer = world.regional_cc if case.unit.region == "长春市" else world.regional_jl
    services.case_review(actor=reviewer, case=case, passed=True)
    case.refresh_from_db()
    return case


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
