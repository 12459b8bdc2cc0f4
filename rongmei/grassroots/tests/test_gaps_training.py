"""培训资料（课件与培训视频：类型、大小、视频时长计课时、进合同事实）与扫码签到（限时口令、报名的人签一次、留审计）。"""

from __future__ import annotations

import datetime as dt
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.audit.models import AuditEvent
from rongmei.core import clock
from rongmei.grassroots import facts, services
from rongmei.grassroots.choices import Attendance, Audience
from rongmei.grassroots.mediainfo import mp4_duration_seconds
from rongmei.grassroots.models import Enrolment

pytestmark = pytest.mark.django_db


def mp4(seconds: int, *, version: int = 0) -> bytes:
    """最小的 MP4：ftyp + moov/mvhd（时间刻度 1000）+ 一点假的 mdat。"""
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 512, b"isom")
    if version == 0:
        body = struct.pack(">B3sIIII", 0, b"\0\0\0", 0, 0, 1000, seconds * 1000) + b"\0" * 80
    else:
        body = struct.pack(">B3sQQIQ", 1, b"\0\0\0", 0, 0, 1000, seconds * 1000) + b"\0" * 80
    mvhd = struct.pack(">I4s", 8 + len(body), b"mvhd") + body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    mdat = struct.pack(">I4s", 16, b"mdat") + b"\0" * 8
    return ftyp + mdat + moov


@pytest.fixture
def course(workspace, personas, people):
    c = services.course_save(actor=personas["manager"], workspace=workspace, name="基层视频采集员培训",
                             audience=Audience.COLLECTOR, year=2025, target_hours=12)
    s = services.session_save(actor=personas["manager"], course=c, title="手机拍摄", date=clock.today(),
                              mode="offline", place="报告厅", teacher="王老师", hours=3)
    services.enrol(actor=personas["manager"], session=s, members=[people["xu"], people["gao"]])
    return c, s


def test_video_duration_is_read_from_the_file(tmp_path):
    import io

    assert mp4_duration_seconds(io.BytesIO(mp4(5400))) == 5400
    assert mp4_duration_seconds(io.BytesIO(mp4(125, version=1))) == 125
    assert mp4_duration_seconds(io.BytesIO(b"not a video at all")) is None


def test_training_video_counts_hours_and_feeds_the_contract(workspace, personas, course, client):
    c, s = course
    m = services.material_add(actor=personas["manager"], course=c, session=s,
                              file=SimpleUploadedFile("手机拍摄要领.mp4", mp4(5400), content_type="video/mp4"))
    assert m.kind == "video" and m.duration_seconds == 5400 and float(m.video_hours) == 1.5
    doc = services.material_add(actor=personas["manager"], course=c,
                                file=SimpleUploadedFile("课件.pdf", b"%PDF-1.7\n...", content_type="application/pdf"))
    assert doc.kind == "file" and doc.duration_seconds is None
    got = [f for f in facts.grassroots_facts(workspace, clock.today() - dt.timedelta(days=1), clock.today())
           if f["type"] == "deliverable"]
    assert got == [{"type": "deliverable", "date": s.date.isoformat(), "kind": "training_video", "minutes": 90.0,
                    "title": "基层视频采集员培训：手机拍摄要领.mp4", "ref": f"grassroots.material:{m.pk}"}]
    client.force_login(personas["client_leader"])
    html = client.get(reverse("grassroots:course", kwargs={"ws": workspace.slug, "pk": c.pk})).content.decode()
    assert "手机拍摄要领.mp4" in html and "折合 1.5 课时" in html and "1 小时 30 分 0 秒" in html
    r = client.get(reverse("grassroots:material_file", kwargs={"ws": workspace.slug, "pk": m.pk}))
    assert r.status_code == 200
    assert AuditEvent.objects.filter(message="上传培训资料").count() == 2


def test_wrong_type_size_or_unreadable_video_is_refused(workspace, personas, course, monkeypatch):
    c, _ = course
    with pytest.raises(ValidationError, match="不是支持的格式"):
        services.material_add(actor=personas["manager"], course=c,
                              file=SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 this is an exe"))
    with pytest.raises(ValidationError, match="读不出"):
        services.material_add(actor=personas["manager"], course=c,
                              file=SimpleUploadedFile("半截.mp4", mp4(60)[:40]))
    from rongmei.grassroots.services import training

    monkeypatch.setattr(training, "DOC_MAX", 10)
    with pytest.raises(ValidationError, match="课件不能超过 50 MB"):
        services.material_add(actor=personas["manager"], course=c,
                              file=SimpleUploadedFile("大课件.pdf", b"%PDF-1.7 " + b"x" * 100))
    for role in ("editor", "analyst", "contributor"):
        with pytest.raises(Exception, match="权限"):
            services.material_add(actor=personas[role], course=c, file=SimpleUploadedFile("课件.pdf", b"%PDF-1.7"))


def test_qr_sign_in_for_logged_in_contributor_and_by_name_and_phone(workspace, personas, people, course, client):
    c, s = course
    client.force_login(personas["manager"])
    session_url = reverse("grassroots:session_detail", kwargs={"ws": workspace.slug, "pk": s.pk})
    client.post(reverse("grassroots:signin_toggle", kwargs={"ws": workspace.slug, "pk": s.pk}),
                {"action": "open", "minutes": 30})
    s.refresh_from_db()
    assert s.signin_token
    html = client.get(session_url).content.decode()
    url = reverse("grassroots:signin", kwargs={"ws": workspace.slug, "token": s.signin_token})
    assert 'class="segno"' in html and url in html

    # 登录的供稿员：按账号认人，签一次
    client.force_login(personas["contributor"])
    r = client.post(url)
    assert "徐供稿，签到成功" in r.content.decode()
    r = client.post(url)
    assert "已经签到过了" in r.content.decode()
    e = Enrolment.objects.get(session=s, member=people["xu"])
    assert e.state == Attendance.ATTENDED and e.signed_in_at is not None
    assert AuditEvent.objects.filter(message="扫码签到：徐供稿").count() == 1

    # 未登录：姓名 + 手机号与名单核对
    client.logout()
    r = client.post(url, {"name": "高管理", "phone": "13900000009"})
    assert "对不上" in r.content.decode()
    r = client.post(url, {"name": "白采集", "phone": "13900000003"})  # 登记了但没报名
    assert "没有报名这一场培训" in r.content.decode()
    r = client.post(url, {"name": "高管理", "phone": "139 0000 0002"})
    assert "高管理，签到成功" in r.content.decode()
    assert Enrolment.objects.get(session=s, member=people["gao"]).state == Attendance.ATTENDED


def test_expired_or_replaced_token_refuses_sign_in(workspace, personas, people, course, client, monkeypatch):
    _c, s = course
    services.signin_open(actor=personas["manager"], session=s, minutes=10)
    old = s.signin_token
    url = reverse("grassroots:signin", kwargs={"ws": workspace.slug, "token": old})
    later = clock.now() + dt.timedelta(minutes=11)
    monkeypatch.setattr(clock, "now", lambda: later)
    r = client.post(url, {"name": "高管理", "phone": "13900000002"})
    assert "签到已结束或二维码已过期" in r.content.decode()
    assert Enrolment.objects.get(session=s, member=people["gao"]).state == Attendance.ENROLLED
    services.signin_open(actor=personas["manager"], session=s, minutes=10)  # 换了新二维码，旧链接失效
    assert client.get(url).status_code == 404
    with pytest.raises(Exception, match="权限"):
        services.signin_open(actor=personas["editor"], session=s, minutes=10)


def test_objects_of_another_workspace_are_not_reachable(workspace, other_workspace, personas, course, client):
    from rongmei.workspaces.models import Membership

    Membership.objects.create(user=personas["manager"], workspace=other_workspace, role="manager")
    theirs = services.course_save(actor=None, workspace=other_workspace, name="别处的课程", audience=Audience.ALL,
                                  year=2025, target_hours=12)
    m = services.material_add(actor=None, course=theirs,
                              file=SimpleUploadedFile("别处.pdf", b"%PDF-1.7", content_type="application/pdf"))
    client.force_login(personas["manager"])
    ws = workspace.slug
    assert client.get(reverse("grassroots:material_file", kwargs={"ws": ws, "pk": m.pk})).status_code == 404
    assert client.post(reverse("grassroots:material_remove", kwargs={"ws": ws, "pk": m.pk})).status_code == 404
    assert client.post(reverse("grassroots:material_upload", kwargs={"ws": ws, "pk": theirs.pk}),
                       {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7")}).status_code == 404
    # 签到口令只在自己的工作区网址下有效
    _c, s = course
    services.signin_open(actor=personas["manager"], session=s, minutes=10)
    assert client.get(reverse("grassroots:signin", kwargs={"ws": other_workspace.slug,
                                                           "token": s.signin_token})).status_code == 404
