"""档案：按期间打包成一个能脱离本系统打开的 zip（index.xlsx + 文件 + 校验值）、标密材料、保管期限与销毁、页面与权限。"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from rongmei.archives import services
from rongmei.archives.choices import SetState
from rongmei.archives.models import ArchiveSet, Disposal
from rongmei.audit.models import AuditEvent
from rongmei.production.models import ContentItem, Revision
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import Publication
from rongmei.workspaces.models import OfficialAccount

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 7, 10, 10, 0, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def published(workspace, platforms, personas):
    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="某某发布",
                                             owner_unit="某市委宣传部")
    out = []
    for n, (title, marking) in enumerate([("夏季防汛提示", ""), ("内部工作通报", "internal")], start=1):
        when = dt.datetime(2025, 6, n * 5, 9, 0, tzinfo=TZ)
        item = ContentItem.objects.create(workspace=workspace, author=personas["editor"], title=title, kind="article",
                                          confidentiality=marking)
        rev = Revision.objects.create(item=item, number=1, title=title, body=f"{title}的正文。", created_at=when,
                                      created_by=personas["editor"])
        item.current_revision = rev
        item.save(update_fields=["current_revision"])
        out.append(Publication.objects.create(workspace=workspace, item=item, revision=rev, account=account,
                                              planned_at=when, published_at=when, state=PubState.PUBLISHED,
                                              idempotency_key=f"a-{n}", url=f"https://mp.weixin.qq.com/s/a{n}"))
    return out


def _open(obj: ArchiveSet) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(obj.package.open("rb").read()))


def test_package_opens_without_rongmei_and_every_checksum_matches(frozen, workspace, published, personas):
    obj = services.archive_set_create(actor=personas["manager"], workspace=workspace,
                                      period_start=dt.date(2025, 6, 1), period_end=dt.date(2025, 6, 30))
    zf = _open(obj)
    assert zf.testzip() is None
    sheet = load_workbook(io.BytesIO(zf.read("index.xlsx"))).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert len(rows) == obj.file_count == 4  # 两条发布正文 + 两张宣传审批表（组长可导出标密材料）
    for _n, _category, _title, _date, path, _marking, digest, size, _note in rows:
        data = zf.read(path)
        assert hashlib.sha256(data).hexdigest() == digest and len(data) == size
    assert {r[5] for r in rows} == {"公开", "内部"}
    body = next(zf.read(r[4]).decode() for r in rows if r[4].endswith(".md") and "防汛" in r[4])
    assert "https://mp.weixin.qq.com/s/a1" in body and "夏季防汛提示的正文" in body
    form = next(r[4] for r in rows if r[4].endswith(".docx") and "内部工作通报" in r[4])
    doc = Document(io.BytesIO(zf.read(form)))
    assert "内部" in doc.sections[0].header.paragraphs[0].text  # 密级印在页眉
    assert "说明.txt" in zf.namelist()
    assert AuditEvent.objects.filter(object_type__icontains="archiveset").exists() or obj.sha256


def test_marked_material_is_left_out_without_the_permission(frozen, workspace, published, personas):
    obj = services.archive_set_create(actor=personas["client_officer"], workspace=workspace,
                                      period_start=dt.date(2025, 6, 1), period_end=dt.date(2025, 6, 30))
    assert obj.withheld == 2 and obj.file_count == 2 and not obj.includes_marked
    names = _open(obj).namelist()
    assert not any("内部工作通报" in n for n in names)


def test_retention_and_audited_disposal(frozen, workspace, published, personas):
    with pytest.raises(ValidationError):
        services.archive_set_create(actor=personas["manager"], workspace=workspace,
                                    period_start=dt.date(2025, 6, 30), period_end=dt.date(2025, 6, 1))
    with pytest.raises(PermissionDenied):
        services.archive_set_create(actor=personas["editor"], workspace=workspace,
                                    period_start=dt.date(2025, 6, 1), period_end=dt.date(2025, 6, 30))
    kept = services.archive_set_create(actor=personas["manager"], workspace=workspace, categories=["publications"],
                                       period_start=dt.date(2025, 6, 1), period_end=dt.date(2025, 6, 30))
    assert kept.retain_until == dt.date(2055, 6, 30)  # 发布记录保管 30 年
    with pytest.raises(ValidationError, match="2055-06-30"):
        services.archive_set_dispose(actor=personas["manager"], archive_set=kept, reason="保管期满，经鉴定销毁")
    services.retention_set(actor=personas["manager"], workspace=workspace, category="publications", years=1)
    old = services.archive_set_create(actor=personas["manager"], workspace=workspace, categories=["publications"],
                                      period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 1, 31))
    assert old.retain_until == dt.date(2025, 1, 31)
    with pytest.raises(ValidationError):
        services.archive_set_dispose(actor=personas["manager"], archive_set=old, reason="")
    with pytest.raises(PermissionDenied):
        services.archive_set_dispose(actor=personas["editor"], archive_set=old, reason="保管期满，经鉴定销毁")
    disposal = services.archive_set_dispose(actor=personas["manager"], archive_set=old, reason="保管期满，经鉴定销毁")
    old.refresh_from_db()
    assert old.state == SetState.DISPOSED and not old.package
    assert Disposal.objects.get(pk=disposal.pk).reason == "保管期满，经鉴定销毁"
    with pytest.raises(ValidationError):
        services.archive_set_dispose(actor=personas["manager"], archive_set=old, reason="再销毁一次试试")


ROLE_CAN = {  # 角色 → (查看, 打包, 标密材料, 销毁)
    "manager": (True, True, True, True), "editor": (True, False, False, False), "tech": (True, True, False, False),
    "client_officer": (True, True, False, False), "client_leader": (True, True, True, True),
    "reviewer": (True, False, False, False), "contributor": (False, False, False, False),
    "expert": (False, False, False, False),
}


def test_role_action_matrix_and_pages(frozen, client, workspace, published, personas):
    marked = services.archive_set_create(actor=None, workspace=workspace, period_start=dt.date(2025, 6, 1),
                                         period_end=dt.date(2025, 6, 30))
    assert marked.includes_marked and marked.retain_until is None  # 含永久保存的类别
    ws = workspace.slug
    for role, (view, export, with_marked, dispose) in ROLE_CAN.items():
        client.force_login(personas[role])
        page = client.get(reverse("archives:list", kwargs={"ws": ws}))
        assert page.status_code == (200 if view else 403), role
        detail = client.get(reverse("archives:detail", kwargs={"ws": ws, "pk": marked.pk}))
        assert detail.status_code == (200 if view else 403), role
        r = client.get(reverse("archives:download", kwargs={"ws": ws, "pk": marked.pk}))
        assert r.status_code == (200 if export and with_marked else 403), role
        r = client.post(reverse("archives:list", kwargs={"ws": ws}),
                        {"period_start": "2025-06-01", "period_end": "2025-06-30", "categories": ["publications"]})
        assert r.status_code == (302 if export else 403), role
        r = client.post(reverse("archives:dispose", kwargs={"ws": ws, "pk": marked.pk}), {"reason": "测试销毁理由"})
        assert r.status_code == (302 if dispose else 403), role
    client.force_login(personas["manager"])
    page = client.get(reverse("archives:list", kwargs={"ws": ws})).content.decode()
    assert "培训资料（场次、签到、每人课时）" in page and "系统还没有培训资料模块" not in page  # 基层网络登记了培训类别
    r = client.post(reverse("archives:list", kwargs={"ws": ws}), {"period_start": "2025-06-30", "period_end": "2025-06-01"})
    assert "期间结束不能早于期间开始" in r.content.decode()
    item = published[1].item
    detail = client.get(reverse("production:item_detail", kwargs={"ws": ws, "pk": item.pk})).content.decode()
    assert 'data-testid="marking"' in detail and "内部" in detail


@pytest.fixture
def interaction_and_opinion(workspace, platforms, personas):
    """六月：一条已答复（审核、发送、计时）的留言、一条未答复的留言、一个舆情事件（时间线、预警、专报）；
    五月底：各一条，不在六月的档案里。"""
    from django.core.files.base import ContentFile

    from rongmei.interaction.choices import Category, MessageState, ReplyState
    from rongmei.interaction.models import Message, Reply
    from rongmei.opinion.choices import AlertState, DocKind, DocState, EntryKind, RiskGrade
    from rongmei.opinion.models import Alert, Event, EventEntry, OpinionDocument

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="某某发布")

    def msg(ext, text, when, **kw):
        return Message.objects.create(workspace=workspace, account=account, platform="wechat", external_id=ext,
                                      author="热心市民", text=text, received_at=when, category=Category.CONSULT, **kw)

    answered = msg("m1", "请问暑期图书馆开放时间？", dt.datetime(2025, 6, 3, 9, 0, tzinfo=TZ), state=MessageState.ANSWERED,
                   first_due_at=dt.datetime(2025, 6, 4, 9, 0, tzinfo=TZ),
                   first_response_at=dt.datetime(2025, 6, 3, 15, 0, tzinfo=TZ),
                   resolved_at=dt.datetime(2025, 6, 3, 15, 0, tzinfo=TZ))
    Reply.objects.create(message=answered, text="暑期每天 9:00-21:00 开放。", state=ReplyState.SENT,
                         written_by=personas["editor"], written_at=dt.datetime(2025, 6, 3, 11, 0, tzinfo=TZ),
                         approved_by=personas["manager"], approved_at=dt.datetime(2025, 6, 3, 14, 0, tzinfo=TZ),
                         sent_by=personas["manager"], sent_at=dt.datetime(2025, 6, 3, 15, 0, tzinfo=TZ))
    msg("m2", "小区门口路灯坏了", dt.datetime(2025, 6, 20, 9, 0, tzinfo=TZ),
        first_due_at=dt.datetime(2025, 6, 21, 9, 0, tzinfo=TZ))
    msg("m0", "五月的留言", dt.datetime(2025, 5, 31, 23, 0, tzinfo=TZ))
    event = Event.objects.create(workspace=workspace, title="暴雨积水投诉", grade=RiskGrade.LARGER, owner=personas["manager"],
                                 summary="城区暴雨后多处积水", opened_at=dt.datetime(2025, 6, 10, 8, 0, tzinfo=TZ))
    EventEntry.objects.create(event=event, kind=EntryKind.ACTION, at=dt.datetime(2025, 6, 10, 9, 0, tzinfo=TZ),
                              text="协调城管排水", actor=personas["manager"])
    Alert.objects.create(workspace=workspace, event=event, grade=RiskGrade.LARGER, title="积水话题升温",
                         dedupe_key="a1", first_at=dt.datetime(2025, 6, 10, 7, 30, tzinfo=TZ),
                         last_at=dt.datetime(2025, 6, 10, 7, 30, tzinfo=TZ), state=AlertState.ACKED,
                         acknowledged_by=personas["manager"], acknowledged_at=dt.datetime(2025, 6, 10, 7, 40, tzinfo=TZ))
    Event.objects.create(workspace=workspace, title="五月的事件", opened_at=dt.datetime(2025, 5, 20, 8, 0, tzinfo=TZ))
    doc = OpinionDocument.objects.create(workspace=workspace, kind=DocKind.SPECIAL, title="暴雨积水舆情专报",
                                         event=event, state=DocState.DONE)
    doc.docx.save("专报.docx", ContentFile(b"PK-word-bytes"), save=True)
    OpinionDocument.objects.filter(pk=doc.pk).update(created_at=dt.datetime(2025, 6, 11, 10, 0, tzinfo=TZ))
    return event


def test_interaction_and_opinion_are_in_the_package_for_their_period(frozen, workspace, interaction_and_opinion,
                                                                     personas):
    obj = services.archive_set_create(actor=personas["manager"], workspace=workspace,
                                      categories=["interaction", "opinion"],
                                      period_start=dt.date(2025, 6, 1), period_end=dt.date(2025, 6, 30))
    zf = _open(obj)
    sheet = load_workbook(io.BytesIO(zf.read("index.xlsx"))).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    for row in rows:
        data = zf.read(row[4])
        assert hashlib.sha256(data).hexdigest() == row[6] and len(data) == row[7]
    paths = [r[4] for r in rows]
    assert not any("五月" in zf.read(p).decode("utf-8", "ignore") for p in paths if p.endswith(".md"))
    # 互动：整期台账 + 每条六月的留言一份卷宗（五月 31 日 23 点的那条不在）
    dossiers = [p for p in paths if p.startswith("公众留言与回复记录") and p.endswith(".md")]
    assert len(dossiers) == 2
    library = zf.read(next(p for p in dossiers if "2025-06-03" in p)).decode()
    assert "暑期每天 9:00-21:00 开放" in library and f"审核：{personas['manager']}，2025-06-03 14:00" in library
    assert "实际首次响应：2025-06-03 15:00（按时）" in library and "已发送" in library
    lamp = zf.read(next(p for p in dossiers if "2025-06-20" in p)).decode()
    assert "（没有答复）" in lamp and "（超时）" in lamp  # 期限 6 月 21 日已过而未响应
    ledger = load_workbook(io.BytesIO(zf.read(next(p for p in paths if p.endswith("互动台账.xlsx"))))).active
    texts = [c for row in ledger.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "请问暑期图书馆开放时间？" in texts and "五月的留言" not in texts and "按时" in texts
    # 舆情：六月的事件卷宗（时间线、预警）、预警记录、专报原件
    event_md = zf.read(next(p for p in paths if "舆情事件-暴雨积水投诉" in p)).decode()
    assert "协调城管排水" in event_md and "积水话题升温" in event_md and "较大" in event_md
    assert not any("五月的事件" in p for p in paths)
    alerts = load_workbook(io.BytesIO(zf.read(next(p for p in paths if p.endswith("舆情预警记录.xlsx"))))).active
    assert "积水话题升温" in [c for row in alerts.iter_rows(values_only=True) for c in row]
    assert zf.read(next(p for p in paths if p.endswith("暴雨积水舆情专报.docx"))) == b"PK-word-bytes"
    assert {r[1] for r in rows} == {"公众留言与回复记录（含审核与计时）", "舆情事件、预警与报告"}
