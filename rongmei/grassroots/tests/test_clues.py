"""新闻线索：报送（附件类型与大小、同意声明）、重复检测、采用即建稿、发布后积分、积分流水只增不改、排行与导出。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rongmei.grassroots import selectors, services
from rongmei.grassroots.choices import ClueStatus, PointKind
from rongmei.grassroots.models import Clue, ClueFile, LedgerImmutable, PointEntry
from rongmei.production.models import ContentItem

from .conftest import png

pytestmark = pytest.mark.django_db


def test_contributor_submits_a_clue_with_a_photo(submit, people):
    clue = submit(files=[png()])
    assert clue.member == people["xu"] and clue.unit.name == "可可以力更镇"
    assert clue.status == ClueStatus.SUBMITTED
    assert [f.content_type for f in clue.files.all()] == ["image/png"]


def test_a_renamed_text_file_is_refused_and_nothing_is_written(submit):
    fake = SimpleUploadedFile("照片.jpg", b"this is not a picture at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        submit(files=[png(), fake])
    assert "不是支持的图片或视频" in str(exc.value)
    assert not Clue.objects.exists() and not ClueFile.objects.exists()


def test_too_large_picture_and_missing_consent_are_explained(submit, monkeypatch):
    monkeypatch.setattr("rongmei.grassroots.services.clues.IMAGE_MAX", 10)
    with pytest.raises(ValidationError) as exc:
        submit(files=[png()])
    assert "图片不能超过" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        submit(consent_publish=False)
    assert "同意" in str(exc.value.message_dict["consent_publish"])
    with pytest.raises(ValidationError) as exc:
        submit(portrait="missing", files=[png()])
    assert "尚未取得本人同意" in str(exc.value.message_dict["portrait"])
    assert not Clue.objects.exists()


def test_future_date_and_empty_fields_are_refused(submit):
    with pytest.raises(ValidationError) as exc:
        submit(title=" ", happened_on=dt.date(2099, 1, 1))
    errors = exc.value.message_dict
    assert "title" in errors and "晚于今天" in errors["happened_on"][0]


def test_a_user_without_a_member_record_cannot_submit(workspace, personas, people):
    with pytest.raises(ValidationError) as exc:
        services.clue_submit(actor=personas["editor"], workspace=workspace, title="x", body="y", place="z",
                             happened_on=dt.date(2025, 1, 1), contact="c", consent_publish=True, rights_holder="r")
    assert "还没有关联基层人员" in str(exc.value)


def test_duplicate_detection_points_to_the_earlier_clue(submit):
    first = submit()
    second = submit(title="武川县为残疾人送去康复辅具！", body="县残联为36名残疾人免费适配了轮椅、助行器。")
    other = submit(title="包头举办残疾人专场招聘会", body="二十家企业提供岗位。")
    assert second.duplicate_of == first
    similar = selectors.similar_clues(second)
    assert similar and similar[0].clue == first and similar[0].percent >= 45
    assert other.duplicate_of is None


def test_decisions_need_a_reason_except_adopt(submit, personas):
    clue = submit()
    with pytest.raises(ValidationError):
        services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.REJECTED, reason="")
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.VERIFY, reason="请补充人数出处")
    clue.refresh_from_db()
    assert clue.status == ClueStatus.VERIFY and clue.reason == "请补充人数出处"
    assert not PointEntry.objects.exists()


def test_adopt_creates_a_linked_item_and_points(submit, personas, people):
    clue = submit()
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    clue.refresh_from_db()
    item = ContentItem.objects.get(pk=clue.item_id)
    assert item.title == clue.title and item.author == personas["editor"]
    entry = PointEntry.objects.get(clue=clue)
    assert entry.kind == PointKind.ADOPTED and entry.points == 5 and entry.member == people["xu"]
    with pytest.raises(ValidationError):  # 已采用的不能再改判
        services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.REJECTED, reason="改主意")


def test_contributor_and_client_cannot_decide(submit, personas):
    clue = submit()
    for role in ("contributor", "client_leader", "analyst"):
        with pytest.raises(Exception, match="权限"):
            services.clue_decide(actor=personas[role], clue=clue, decision=ClueStatus.ADOPTED)


def _publish(item, personas, platforms, url="https://mp.weixin.qq.com/s/abc"):
    from rongmei.production.models import Revision
    from rongmei.publishing.models import Publication
    from rongmei.publishing.services import publication_record_manual
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=item.workspace, platform=platforms["wechat"], name="测试公众号")
    ContentItem.objects.filter(pk=item.pk).update(status="approved", approved_at=timezone.now())
    rev = Revision.objects.filter(item=item).order_by("-number").first()
    pub = Publication.objects.create(workspace=item.workspace, item=item, revision=rev, account=account,
                                     planned_at=timezone.now(), idempotency_key=f"t-{item.pk}", manual=True)
    return publication_record_manual(actor=personas["editor"], publication=pub, url=url,
                                     published_at=timezone.now() - dt.timedelta(minutes=1))


def test_publishing_the_item_shows_the_link_and_awards_points_once(submit, personas, platforms):
    clue = submit()
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    clue.refresh_from_db()
    pub = _publish(clue.item, personas, platforms)
    clue.refresh_from_db()
    assert clue.published_url == "https://mp.weixin.qq.com/s/abc" and clue.published_at is not None
    assert selectors.points_total(clue.workspace, clue.member) == 15
    pub.save()  # 重复的保存通知不再加分
    services.clue_mark_published(item_id=clue.item_id, url=pub.url, published_at=pub.published_at)
    assert selectors.points_total(clue.workspace, clue.member) == 15


# ---------------------------------------------------------------- 积分流水：只增不改
def test_ledger_rows_cannot_be_edited_or_deleted(submit, personas):
    clue = submit()
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    entry = PointEntry.objects.get(clue=clue)
    entry.points = 500
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        PointEntry.objects.filter(pk=entry.pk).update(points=500)
    with pytest.raises(LedgerImmutable):
        PointEntry.objects.filter(pk=entry.pk).delete()
    assert PointEntry.objects.get(pk=entry.pk).points == 5


def test_reversal_needs_a_reason_and_happens_once(submit, personas):
    clue = submit()
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    entry = PointEntry.objects.get(clue=clue)
    with pytest.raises(ValidationError):
        services.points_reverse(actor=personas["manager"], entry=entry, reason=" ")
    with pytest.raises(Exception, match="权限"):
        services.points_reverse(actor=personas["editor"], entry=entry, reason="重复")
    rev = services.points_reverse(actor=personas["manager"], entry=entry, reason="与另一条线索重复")
    assert rev.points == -5 and rev.reverses == entry
    assert selectors.points_total(clue.workspace, clue.member) == 0
    with pytest.raises(ValidationError):
        services.points_reverse(actor=personas["manager"], entry=entry, reason="再冲一次")
    with pytest.raises(ValidationError):
        services.points_reverse(actor=personas["manager"], entry=rev, reason="冲销冲销")
    assert PointEntry.objects.count() == 2


# ---------------------------------------------------------------- 排行与导出
def test_rankings_by_member_unit_and_top_level(workspace, submit, personas, people):
    a = submit()
    b = submit(title="可可以力更镇助残志愿服务", body="志愿者走访 12 户。")
    c = submit(title="包头招聘会", body="二十家企业。", actor=personas["editor"], member=people["bai"])
    for clue in (a, b, c):
        services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    month = selectors.default_month(workspace)
    people_rows = selectors.rankings(workspace, month, by="member")
    assert [(r.name, r.points, r.adopted) for r in people_rows] == [("徐供稿", 10, 2), ("白采集", 5, 1)]
    units = selectors.rankings(workspace, month, by="unit")
    assert [(r.name, r.points) for r in units] == [("可可以力更镇", 10), ("包头市", 5)]
    tops = selectors.rankings(workspace, month, by="unit", depth=0)
    assert [(r.name, r.points, r.clues) for r in tops] == [("呼和浩特市", 10, 2), ("包头市", 5, 1)]


def test_rankings_export_is_a_workbook_with_three_sheets(workspace, submit, personas, login):
    services.clue_decide(actor=personas["editor"], clue=submit(), decision=ClueStatus.ADOPTED)
    month = selectors.month_key(selectors.default_month(workspace))
    r = login(personas["client_leader"]).get(reverse("grassroots:rankings_export", kwargs={"ws": workspace.slug})
                                             + f"?month={month}")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["按人员", "按单位", "按顶层单位汇总"]
    values = [c.value for row in wb["按人员"].iter_rows() for c in row]
    assert "徐供稿" in values
