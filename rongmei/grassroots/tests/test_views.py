"""每个角色 × 每个页面：能打开的 200，没权限的 403；报送人只看到自己的线索，单位管理员看到本单位及下级。"""

from __future__ import annotations

import pytest
from django.urls import reverse

from rongmei.grassroots import services
from rongmei.grassroots.choices import ClueStatus

from .conftest import png

pytestmark = pytest.mark.django_db

PAGES = {
    "submit": ("contributor", "manager", "editor"),
    "mine": ("contributor",),
    "clues": ("manager", "editor"),
    "rankings": ("manager", "editor", "reviewer", "analyst", "client_officer", "client_leader", "support"),
    "ledger": ("manager", "editor", "analyst", "client_leader"),
    "placements": ("manager", "editor", "analyst", "client_leader"),
    "placement_new": ("manager", "editor", "analyst"),
    "training": ("manager", "analyst", "client_leader"),
    "course_new": ("manager",),
    # 供稿员能打开列表：单位管理员看到本单位子树参加的活动，其他供稿员看到空列表与说明（见 test_campaign_summary）
    "campaigns": ("manager", "client_leader", "contributor"),
    "campaign_new": ("manager",),
    "units": ("manager",),
    "members": ("manager",),
    "rankings_export": ("manager", "analyst", "client_officer", "client_leader"),
}
ROLES = ("manager", "editor", "reviewer", "analyst", "support", "client_officer", "client_leader", "contributor",
         "expert", "department")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_role_page_matrix(client, workspace, personas, people, page):
    url = reverse(f"grassroots:{page}", kwargs={"ws": workspace.slug})
    for role in ROLES:
        client.force_login(personas[role])
        r = client.get(url)
        allowed = role in PAGES[page] or (page in ("rankings", "ledger", "placements", "training", "campaigns")
                                          and role in ("designer", "video", "tech"))
        if role in PAGES[page]:
            assert r.status_code == 200, (page, role, r.status_code)
        elif not allowed and role in ("contributor", "expert", "department"):
            assert r.status_code == 403, (page, role, r.status_code)
        elif page in ("mine", "clues", "course_new", "campaign_new", "units", "members", "placement_new",
                      "rankings_export", "submit"):
            assert r.status_code == 403, (page, role, r.status_code)


def test_other_workspace_is_404(client, workspace, other_workspace, personas, people):
    client.force_login(personas["editor"])
    assert client.get(reverse("grassroots:clues", kwargs={"ws": other_workspace.slug})).status_code == 404


def test_contributor_sees_only_own_clues_and_unit_admin_sees_subtree(client, workspace, personas, people, submit):
    mine = submit(title="小徐的线索", files=[png()])
    boss = submit(title="老高的线索", actor=people["gao_user"])
    other = submit(title="包头老白的线索", actor=personas["editor"], member=people["bai"])
    url = lambda c: reverse("grassroots:clue", kwargs={"ws": workspace.slug, "pk": c.pk})  # noqa: E731

    client.force_login(personas["contributor"])
    assert client.get(url(mine)).status_code == 200
    assert client.get(url(boss)).status_code == 404
    assert client.get(url(other)).status_code == 404
    f = mine.files.first()
    assert client.get(reverse("grassroots:clue_file", kwargs={"ws": workspace.slug, "pk": mine.pk,
                                                              "file_pk": f.pk})).status_code == 200
    page = client.get(reverse("grassroots:mine", kwargs={"ws": workspace.slug})).content.decode()
    assert "小徐的线索" in page and "老高的线索" not in page and "包头老白" not in page

    client.force_login(people["gao_user"])  # 武川县单位管理员：看得到下级乡镇小徐的，看不到包头的
    assert client.get(url(mine)).status_code == 200
    assert client.get(url(other)).status_code == 404
    page = client.get(reverse("grassroots:mine", kwargs={"ws": workspace.slug})).content.decode()
    assert "小徐的线索" in page and "老高的线索" in page and "包头老白" not in page

    client.force_login(personas["client_leader"])  # 甲方领导看排行，不看线索详情（含联系方式）
    assert client.get(url(mine)).status_code == 403


def test_editor_adopts_from_the_page_and_bad_input_is_explained(client, workspace, personas, people, submit):
    clue = submit()
    client.force_login(personas["editor"])
    url = reverse("grassroots:clue", kwargs={"ws": workspace.slug, "pk": clue.pk})
    r = client.post(url, {"decision": "rejected", "reason": ""})
    assert r.status_code == 200 and "必须写明原因" in r.content.decode()
    r = client.post(url, {"decision": "adopted"})
    assert r.status_code == 302
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ADOPTED and clue.item_id


def test_submit_page_shows_file_errors_in_chinese(client, workspace, personas, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["contributor"])
    url = reverse("grassroots:submit", kwargs={"ws": workspace.slug})
    r = client.post(url, {"title": "测试", "body": "内容", "place": "武川", "happened_on": "2025-11-01",
                          "contact": "小徐", "rights_holder": "本人", "portrait": "none", "consent_publish": "on",
                          "files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00binary", content_type="image/png")]})
    assert r.status_code == 200
    assert "不是支持的图片或视频" in r.content.decode()
    r = client.post(url, {"title": "", "body": "", "place": "", "happened_on": "明天", "contact": "",
                          "rights_holder": "", "portrait": "none"})
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode() or "此项必填" in r.content.decode()


def test_points_reverse_from_the_ledger_page(client, workspace, personas, people, submit):
    services.clue_decide(actor=personas["editor"], clue=submit(), decision=ClueStatus.ADOPTED)
    from rongmei.grassroots.models import PointEntry

    entry = PointEntry.objects.get()
    client.force_login(personas["editor"])
    url = reverse("grassroots:points_reverse", kwargs={"ws": workspace.slug, "pk": entry.pk})
    assert client.post(url, {"reason": "重复"}).status_code == 403
    client.force_login(personas["manager"])
    client.post(url, {"reason": ""})
    assert PointEntry.objects.count() == 1
    client.post(url, {"reason": "重复报送"})
    assert PointEntry.objects.count() == 2


def test_api_scopes_clues_and_lists_placements(client, workspace, personas, people, submit):
    import datetime as dt

    submit(title="小徐的线索")
    submit(title="老白的线索", actor=personas["editor"], member=people["bai"])
    services.placement_save(actor=personas["editor"], workspace=workspace, outlet="人民网", level="central",
                            date=dt.date(2025, 5, 1), title="采用", url="https://people.example.cn/1.html")
    client.force_login(personas["contributor"])
    r = client.get(f"/api/grassroots/{workspace.slug}/clues")
    assert r.status_code == 200 and [c["title"] for c in r.json()] == ["小徐的线索"]
    assert client.get(f"/api/grassroots/{workspace.slug}/placements").status_code == 403
    client.force_login(personas["client_leader"])
    rows = client.get(f"/api/grassroots/{workspace.slug}/placements?level=central").json()
    assert [(p["outlet"], p["level"]) for p in rows] == [("人民网", "central")]
    r = client.post(f"/api/grassroots/{workspace.slug}/clues", {"title": "x"}, content_type="application/json")
    assert r.status_code in (403, 422)


def test_manager_creates_a_quiz_and_the_h5_page_submits_entries(client, workspace, personas):
    from rongmei.grassroots.models import Quiz

    client.force_login(personas["manager"])
    url = reverse("grassroots:quiz_new", kwargs={"ws": workspace.slug})
    r = client.post(url, {"title": "助残知识", "opens_at": "2020-01-01T09:00", "closes_at": "2099-01-01T18:00",
                          "questions": "盲道通常是什么颜色？｜黄色｜红色｜5"})
    assert "第 1 行格式不对" in r.content.decode()
    client.post(url, {"title": "助残知识", "opens_at": "2020-01-01T09:00", "closes_at": "2099-01-01T18:00",
                      "questions": "盲道通常是什么颜色？｜黄色｜红色｜1\n残疾人证由谁核发？|民政|残联|2"})
    quiz = Quiz.objects.get()
    assert quiz.questions[1] == {"q": "残疾人证由谁核发？", "options": ["民政", "残联"], "answer": 1}
    api = f"/api/grassroots/{workspace.slug}/quizzes/{quiz.pk}/entries"
    r = client.post(api, {"identity": "oH5USER", "answers": [0, 0]}, content_type="application/json")
    assert r.status_code == 201 and r.json()["score"] == 1 and r.json()["total"] == 2
    r = client.post(api, {"identity": "oH5USER", "answers": [0, 1]}, content_type="application/json")
    assert r.status_code == 400 and "每人只能作答一次" in r.json()["errors"]


def test_contributor_home_card_offers_the_submit_button(client, workspace, personas, people, submit):
    submit()
    client.force_login(personas["contributor"])
    page = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    assert 'data-testid="grassroots-card"' in page and "报送新闻线索" in page
