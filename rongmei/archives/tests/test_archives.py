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
    assert "培训资料" in page and "系统还没有培训资料模块" in page
    r = client.post(reverse("archives:list", kwargs={"ws": ws}), {"period_start": "2025-06-30", "period_end": "2025-06-01"})
    assert "期间结束不能早于期间开始" in r.content.decode()
    item = published[1].item
    detail = client.get(reverse("production:item_detail", kwargs={"ws": ws, "pk": item.pk})).content.decode()
    assert 'data-testid="marking"' in detail and "内部" in detail
