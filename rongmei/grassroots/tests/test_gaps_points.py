"""积分标准按工作区设置（组长修改、留审计，已记的积分不变）；采用线索时照片视频复制为稿件附件。"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.audit.models import AuditEvent
from rongmei.grassroots import selectors, services
from rongmei.grassroots.choices import ClueStatus, PointKind
from rongmei.grassroots.models import PointEntry
from rongmei.production.models import Attachment

from .conftest import png
from .test_clues import _publish

pytestmark = pytest.mark.django_db


def test_manager_changes_points_and_only_new_entries_use_them(workspace, submit, personas, platforms, client):
    first = submit(title="第一条线索：草原上的助残服务站")
    services.clue_decide(actor=personas["editor"], clue=first, decision=ClueStatus.ADOPTED)
    client.force_login(personas["manager"])
    url = reverse("grassroots:points_settings", kwargs={"ws": workspace.slug})
    page = client.get(url)
    assert "已记的积分保持原值" in page.content.decode()
    r = client.post(url, {"adopted_points": 8, "published_points": 20})
    assert r.status_code == 302
    assert selectors.points_policy(workspace) == {"adopted": 8, "published": 20}
    second = submit(title="第二条线索：盲人按摩师培训班开班", body="四十名盲人学员参加为期一个月的按摩培训。")
    services.clue_decide(actor=personas["editor"], clue=second, decision=ClueStatus.ADOPTED)
    second.refresh_from_db()
    _publish(second.item, personas, platforms)
    points = dict(PointEntry.objects.filter(clue=first).values_list("kind", "points"))
    assert points == {PointKind.ADOPTED: 5}  # 改标准前记的不变
    points = dict(PointEntry.objects.filter(clue=second).values_list("kind", "points"))
    assert points == {PointKind.ADOPTED: 8, PointKind.PUBLISHED: 20}
    ev = AuditEvent.objects.filter(message="修改基层线索积分标准").get()
    assert ev.actor == personas["manager"]
    ledger = client.get(reverse("grassroots:ledger", kwargs={"ws": workspace.slug})).content.decode()
    assert "线索被采用每条 8 分" in ledger and "发布每篇 20 分" in ledger
    rankings = client.get(reverse("grassroots:rankings", kwargs={"ws": workspace.slug})).content.decode()
    assert "线索被采用 +8" in rankings


def test_only_the_manager_may_change_points_and_values_are_checked(workspace, personas, people, client):
    url = reverse("grassroots:points_settings", kwargs={"ws": workspace.slug})
    for role in ("editor", "contributor", "analyst", "client_leader"):
        client.force_login(personas[role])
        assert client.post(url, {"adopted_points": 50, "published_points": 50}).status_code == 403
    with pytest.raises(ValidationError) as exc:
        services.points_settings_save(actor=personas["manager"], workspace=workspace, adopted_points=500,
                                      published_points=-1)
    assert "0～100" in str(exc.value)
    client.force_login(personas["manager"])
    r = client.post(url, {"adopted_points": "很多", "published_points": 10})
    assert r.status_code == 200 and "整数" in r.content.decode()
    assert selectors.points_policy(workspace) == {"adopted": 5, "published": 10}


def test_adopting_copies_the_photos_into_the_item(workspace, submit, personas, client):
    clue = submit(files=[png("现场一.png"), png("现场二.png")])
    services.clue_decide(actor=personas["editor"], clue=clue, decision=ClueStatus.ADOPTED)
    clue.refresh_from_db()
    atts = list(Attachment.objects.filter(item=clue.item).order_by("pk"))
    assert [a.name for a in atts] == ["现场一.png", "现场二.png"]
    assert all(a.kind == "image" and a.size > 0 for a in atts)
    with atts[0].file.open("rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    # 线索的原件还在
    assert clue.files.count() == 2 and clue.files.first().file.storage.exists(clue.files.first().file.name)
    client.force_login(personas["editor"])
    page = client.get(reverse("production:item_detail", kwargs={"ws": workspace.slug, "pk": clue.item_id}))
    assert "现场一.png" in page.content.decode()
