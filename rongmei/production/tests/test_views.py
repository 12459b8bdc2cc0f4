"""页面与接口：角色 × 页面的期望、跨工作区隔离、列表查询数、乐观锁提示、审批表下载。"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from rongmei.production import services
from rongmei.production.choices import ItemStatus
from rongmei.production.models import ContentItem, Revision
from rongmei.workspaces.choices import Role
from tests.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

ALL = {r.value for r in Role}
EXTERNAL = {"contributor", "expert", "department", "applicant", "regional"}  # 处室联络人只答复转给本处室的互动问题
INSIDE = ALL - EXTERNAL

#: 页面 → 可以打开（200）的角色；其余角色 403
PAGE_MATRIX = {
    "production:items": INSIDE,
    "production:my_work": INSIDE,
    "production:calendar": INSIDE,
    "production:plans": INSIDE,
    "production:chains": INSIDE,
    "production:item_new": {"manager", "editor", "designer", "video"},
}


def url(name, ws="test-ws", **kw):
    return reverse(name, kwargs={"ws": ws, **kw})


@pytest.mark.parametrize("name", PAGE_MATRIX)
def test_page_access_by_role(client, personas, name):
    got = {}
    for role, user in personas.items():
        client.force_login(user)
        got[role] = client.get(url(name), follow=True).status_code  # 编辑日历跳到统一日历
    assert got == {role: (200 if role in PAGE_MATRIX[name] else 403) for role in personas}


def test_planning_edit_and_chain_config_access(client, personas, chain):
    expected_plan = {"manager", "editor"}
    expected_conf = {"manager"}
    stage = chain.stages.first()
    for role, user in personas.items():
        client.force_login(user)
        assert client.get(url("production:planning_new", what="column")).status_code == (
            200 if role in expected_plan else 403), role
        assert client.get(url("production:stage_edit", chain_pk=chain.pk, pk=stage.pk)).status_code == (
            200 if role in expected_conf else 403), role


def test_other_workspace_is_404(client, personas, other_workspace, make_item):
    item = make_item()
    client.force_login(personas["editor"])
    assert client.get(url("production:items", ws="other-ws")).status_code == 404
    assert client.get(url("production:item_detail", ws="other-ws", pk=item.pk)).status_code == 404
    from rongmei.production.models import Column

    Column.objects.create(workspace=other_workspace, name="别处栏目")
    outsider_ws_item = ContentItem.objects.create(workspace=other_workspace, title="别处", author=personas["editor"])
    assert client.get(url("production:item_detail", pk=outsider_ws_item.pk)).status_code == 404
    assert client.get("/api/production/other-ws/items").status_code == 404


def test_item_list_query_count_is_flat(client, personas, workspace, django_assert_max_num_queries):
    author = personas["editor"]
    ContentItem.objects.bulk_create([ContentItem(workspace=workspace, title=f"稿件{i}", author=author) for i in range(120)])
    client.force_login(author)
    with django_assert_max_num_queries(16):  # 16：导航里互动收件箱的新消息数、基层网络待处理的新闻线索数
        resp = client.get(url("production:items") + "?kind=article&page=2")
    assert resp.status_code == 200
    assert "第 2 / 3 页，共 120 条" in resp.content.decode()


def test_my_work_query_count(client, personas, chain, make_item, no_checker, django_assert_max_num_queries):
    for i in range(30):
        services.item_submit(actor=personas["editor"], item=make_item(title=f"送审{i}"))
    client.force_login(personas["editor"])
    with django_assert_max_num_queries(23):  # 与条数无关：4 个列表 + 导航计数（含团队、基层网络的待办）+ 外壳
        resp = client.get(url("production:my_work"))
    assert resp.content.decode().count("送审") >= 30


def test_create_edit_and_stale_save_in_browserless_flow(client, personas, workspace):
    client.force_login(personas["editor"])
    resp = client.post(url("production:item_new"), {"title": "城市更新条例解读", "kind": "article", "body": "第一稿",
                                                    "importance": "normal", "is_original": "on"})
    item = ContentItem.objects.get(title="城市更新条例解读")
    assert resp.status_code == 302
    # 组长先保存了第 2 版
    services.item_update(actor=personas["manager"], item=item, base_revision=1, body="组长的修改")
    resp = client.post(url("production:item_edit", pk=item.pk), {
        "title": "城市更新条例解读", "kind": "article", "body": "编辑的修改", "base_revision": "1",
        "importance": "normal", "is_original": "on"})
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "保存被拒绝" in page and "组长老张" in page
    assert Revision.objects.filter(item=item).count() == 2
    resp = client.post(url("production:item_edit", pk=item.pk), {
        "title": "城市更新条例解读", "kind": "article", "body": "编辑的修改", "base_revision": "2",
        "importance": "normal", "is_original": "on"})
    assert resp.status_code == 302
    diff = client.get(url("production:revisions", pk=item.pk) + "?a=2&b=3").content.decode()
    assert "<del>组长</del>" in diff and "<ins>编辑</ins>" in diff


def test_edit_page_shows_who_is_editing(client, personas, make_item):
    item = make_item()
    client.force_login(personas["editor"])
    client.get(url("production:item_edit", pk=item.pk))
    client.force_login(personas["manager"])
    page = client.get(url("production:item_edit", pk=item.pk)).content.decode()
    assert "编辑小王 正在编辑" in page


def test_body_markdown_is_rendered_without_raw_html(client, personas, make_item):
    item = make_item(body="## 小标题\n\n<script>alert(1)</script>")
    client.force_login(personas["editor"])
    page = client.get(url("production:item_detail", pk=item.pk)).content.decode()
    assert "<h2>小标题</h2>" in page and "<script>alert(1)" not in page


def test_decide_via_page_and_download_approval_form(client, personas, chain, make_item, no_checker):
    from docx import Document

    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    client.force_login(personas["editor"])
    resp = client.post(url("production:item_decide", pk=item.pk), {"verdict": "approve", "comments": "自查无误"})
    assert resp.status_code == 302
    client.force_login(personas["client_leader"])
    resp = client.post(url("production:item_decide", pk=item.pk), {"verdict": "approve"})
    assert resp.status_code == 403  # 不是当前环节的审核人
    item.refresh_from_db()
    assert item.current_stage.name == "二审"
    resp = client.get(url("production:approval_form", pk=item.pk))
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(resp.content))
    assert any("自查无误" in c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_attachment_upload_and_download(client, personas, make_item, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    item = make_item()
    client.force_login(personas["editor"])
    f = SimpleUploadedFile("海报.png", b"\x89PNG fake", content_type="image/png")
    assert client.post(url("production:attachment_upload", pk=item.pk), {"file": f}).status_code == 302
    att = item.attachments.get()
    assert att.kind == "image" and att.size == 9
    resp = client.get(url("production:attachment_download", pk=item.pk, aid=att.pk))
    assert b"".join(resp.streaming_content) == b"\x89PNG fake"


def test_calendar_shows_key_dates_and_items(client, personas, make_item):
    import datetime as dt

    make_item(title="助残日海报", kind="poster", deadline=dt.date(2025, 5, 16))
    client.force_login(personas["editor"])
    page = client.get(url("production:calendar") + "?year=2025&month=5", follow=True).content.decode()
    assert "全国助残日" in page and "助残日海报" in page and "plan-from-date" in page


def test_nav_badge_counts_waiting_items(client, personas, chain, make_item, no_checker):
    services.item_submit(actor=personas["editor"], item=make_item())
    client.force_login(personas["editor"])
    resp = client.get(url("production:items"))
    nav = {n["key"]: n for n in resp.context["nav_items"]}
    assert nav["production_todo"]["badge"] == 1


def test_api_create_submit_decide(client, personas, chain, no_checker):
    client.force_login(personas["editor"])
    resp = client.post("/api/production/test-ws/items", {"title": "接口稿件", "body": "正文"},
                       content_type="application/json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    resp = client.patch(f"/api/production/test-ws/items/{pk}", {"base_revision": 0, "body": "新正文"},
                        content_type="application/json")
    assert resp.status_code == 422 and "保存被拒绝" in resp.json()["errors"]["__all__"][0]
    assert client.post(f"/api/production/test-ws/items/{pk}/submit").json()["current_stage"] == "一审"
    resp = client.post(f"/api/production/test-ws/items/{pk}/decisions", {"verdict": "approve"},
                       content_type="application/json")
    assert resp.json()["current_stage"] == "二审"
    client.force_login(personas["client_leader"])
    resp = client.post(f"/api/production/test-ws/items/{pk}/decisions", {"verdict": "approve"},
                       content_type="application/json")
    assert resp.status_code == 403
    client.force_login(personas["reviewer"])
    assert [i["id"] for i in client.get("/api/production/test-ws/my-work").json()] == [pk]
    assert ContentItem.objects.get(pk=pk).status == ItemStatus.IN_REVIEW


def test_api_windows(client, personas, workspace):
    services.windows_install_preset(actor=personas["manager"], workspace=workspace, preset="beijing")
    client.force_login(personas["reviewer"])
    rows = client.get("/api/production/test-ws/windows/wechat").json()
    assert [r["start"] for r in rows] == ["08:00:00", "11:00:00", "18:00:00"]


def test_ten_thousand_items_list_stays_fast(client, personas, workspace, django_assert_num_queries):
    """The filtered list costs the same number of queries with 10,000 items as with 12: it pages in
    the database and never loops over rows. (Timings live in bench/, not in tests.)"""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author = personas["editor"]
    kinds = ["article", "poster", "short_video", "promo_film"]

    def make(first: int, count: int) -> None:
        ContentItem.objects.bulk_create(
            [ContentItemFactory.build(workspace=workspace, author=author, kind=kinds[i % 4],
                                      status=ItemStatus.APPROVED if i % 3 == 0 else ItemStatus.DRAFT)
             for i in range(first, first + count)], batch_size=2000)

    page = url("production:items") + "?kind=poster&status=approved&q=稿件&page=1"
    make(0, 12)
    client.force_login(author)
    client.get(url("production:items"))
    caches["fragments"].clear()  # 两次都不用缓存的菜单角标，比的是同样的工作
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    make(12, 9_988)
    caches["fragments"].clear()
    with django_assert_num_queries(len(few.captured_queries)):
        resp = client.get(url("production:items") + "?kind=poster&status=approved&q=稿件&page=3")
    assert "共 833 条" in resp.content.decode()
    assert len(few.captured_queries) <= 15  # 含导航里互动收件箱的新消息数


def test_absurd_deadline_and_publish_time_are_rejected_in_chinese(client, personas, workspace):
    client.force_login(personas["editor"])
    resp = client.post(url("production:item_new"), {
        "title": "日期写错的稿件", "kind": "article", "body": "正文", "importance": "normal", "is_original": "on",
        "deadline": "1900-01-01", "planned_publish_at": "9999-12-31T23:59"})
    page = resp.content.decode()
    assert resp.status_code == 200 and not ContentItem.objects.filter(title="日期写错的稿件").exists()
    assert "截止日期 1900-01-01 超出合理范围" in page and "计划发布时间 9999-12-31 超出合理范围" in page
    resp = client.post(url("production:item_new"), {
        "title": "日期正常的稿件", "kind": "article", "body": "正文", "importance": "normal", "is_original": "on",
        "deadline": "2026-12-01"})
    assert resp.status_code == 302


def test_item_page_labels_original_and_hides_upload_from_roles_that_cannot_upload(
        client, personas, workspace, chain, make_item):
    item = make_item()
    services.item_submit(actor=personas["editor"], item=item)
    client.force_login(personas["client_leader"])
    page = client.get(url("production:item_detail", pk=item.pk)).content.decode()
    assert "<dt>原创/转载</dt><dd>原创</dd>" in page
    assert "attachment_upload" not in page and 'name="file"' not in page
    client.force_login(personas["editor"])
    assert 'name="file"' in client.get(url("production:item_detail", pk=item.pk)).content.decode()
