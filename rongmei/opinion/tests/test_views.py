"""角色 × 操作矩阵（页面与接口）、跨工作区隔离、页面内容（概览、列表检索、详情、专题即时检查、来源、导入、录入）。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.core import clock
from rongmei.opinion import services
from rongmei.opinion.choices import SourceKind
from rongmei.opinion.ingest import MentionInput
from rongmei.opinion.models import Mention, Topic

VIEW, MANAGE, IMPORT = "view", "manage", "import"
EXPECTED = {
    "manager": {VIEW, MANAGE, IMPORT},
    "editor": {VIEW, IMPORT},
    "reviewer": {VIEW},
    "analyst": {VIEW, MANAGE, IMPORT},
    "designer": {VIEW},
    "video": {VIEW},
    "support": {VIEW, IMPORT},
    "tech": {VIEW},
    "client_officer": {VIEW},
    "client_leader": {VIEW},
    "contributor": set(),
    "expert": set(),
}


@pytest.fixture
def data(workspace, analyst):
    topic = services.topic_create(
        workspace=workspace, actor=analyst, name="残疾人补贴", expression="残疾人 + 补贴"
    )
    source = services.system_source(workspace=workspace, kind=SourceKind.IMPORT)
    now = clock.now()
    services.mentions_ingest(
        source=source,
        items=[
            MentionInput(
                text="网友投诉鄂尔多斯残疾人补贴迟迟未到账，很失望",
                source_name="新浪微博",
                published_at=now,
                url="https://w.example/1",
            ),
            MentionInput(
                text="自治区残联宣布残疾人两项补贴标准提高",
                source_name="内蒙古日报",
                published_at=now - dt.timedelta(days=1),
            ),
        ],
    )
    feed = services.source_create(
        workspace=workspace,
        actor=analyst,
        name="离线订阅",
        kind=SourceKind.FEED,
        url="http://127.0.0.1:9/rss.xml",
    )
    return {
        "mention": Mention.objects.filter(workspace=workspace).order_by("-published_at").first(),
        "topic": topic,
        "feed": feed,
    }


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, data, role):
    client.force_login(personas[role])
    base = f"/w/{workspace.slug}/opinion"
    pages = {
        VIEW: [
            "/",
            "/mentions/",
            f"/mentions/{data['mention'].pk}/",
            "/topics/",
            f"/topics/{data['topic'].pk}/",
            "/sources/",
            f"/topics/{data['topic'].pk}/progress/",
        ],
        MANAGE: [
            "/topics/new/",
            f"/topics/{data['topic'].pk}/edit/",
            "/sources/new/",
            f"/sources/{data['feed'].pk}/edit/",
            "/topics/check/?expression=a",
        ],
        IMPORT: ["/mentions/new/", "/mentions/import/"],
    }
    for action, urls in pages.items():
        for url in urls:
            status = client.get(base + url).status_code
            assert status in (200, 403), (role, url, status)
            assert (status == 200) == (action in EXPECTED[role]), (role, url, status)
    api = f"/api/opinion/{workspace.slug}"
    assert (client.get(f"{api}/mentions").status_code == 200) == (VIEW in EXPECTED[role])
    assert (client.get(f"{api}/topics").status_code == 200) == (VIEW in EXPECTED[role])
    created = client.post(
        f"{api}/mentions", {"text": f"{role} 录入的一条信息"}, content_type="application/json"
    )
    assert (created.status_code == 201) == (IMPORT in EXPECTED[role]), (role, created.status_code)
    topic = client.post(
        f"{api}/topics", {"name": f"{role} 专题", "expression": "补贴"}, content_type="application/json"
    )
    assert (topic.status_code == 201) == (MANAGE in EXPECTED[role]), (role, topic.status_code)
    fetch = client.post(f"{base}/sources/{data['feed'].pk}/fetch/")
    assert (fetch.status_code == 302) == (MANAGE in EXPECTED[role]), (role, fetch.status_code)


def test_other_workspace_sees_nothing(client, personas, workspace, other_workspace, data):
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/opinion/").status_code == 404
    assert client.get(f"/api/opinion/{other_workspace.slug}/mentions").status_code in (403, 404)
    # 本工作区的网址里用别的工作区的编号也找不到
    other_topic = services.topic_create(
        workspace=other_workspace, actor=None, name="别人的", expression="补贴"
    )
    assert client.get(f"/w/{workspace.slug}/opinion/topics/{other_topic.pk}/").status_code == 404


def test_overview_list_and_detail_show_the_data(client, personas, workspace, data):
    client.force_login(personas["client_leader"])
    html = client.get(f"/w/{workspace.slug}/opinion/").content.decode()
    assert 'data-figure="total">2条' in html
    assert "残疾人补贴" in html and "鄂尔多斯" in html and "新浪微博" in html
    page = client.get(f"/w/{workspace.slug}/opinion/mentions/?q=补贴 -未到账").content.decode()
    assert "两项补贴标准提高" in page and "迟迟未到账" not in page
    bad = client.get(f"/w/{workspace.slug}/opinion/mentions/?q=(补贴").content.decode()
    assert "检索式有误" in bad and "第 1 个字符处" in bad
    detail = client.get(f"/w/{workspace.slug}/opinion/mentions/{data['mention'].pk}/").content.decode()
    assert "负面" in detail and "命中词：" in detail and "https://w.example/1" in detail


def test_topic_live_check_and_edit_makes_a_version(client, personas, workspace, data):
    client.force_login(personas["analyst"])
    base = f"/w/{workspace.slug}/opinion"
    ok = client.post(f"{base}/topics/check/", {"expression": "(残疾人|残联) + 补贴"}).content.decode()
    assert "语法正确" in ok and "残疾人、残联、补贴" in ok
    bad = client.post(f"{base}/topics/check/", {"expression": "残联 AND"}).content.decode()
    assert "第 7 个字符处" in bad and "后面缺少词语" in bad
    resp = client.post(
        f"{base}/topics/{data['topic'].pk}/edit/",
        {"name": "残疾人补贴", "expression": "(残疾人|残联) + 补贴", "note": "加上残联", "active": "on"},
    )
    assert resp.status_code == 302
    topic = Topic.objects.get(pk=data["topic"].pk)
    assert topic.version == 2
    page = client.get(f"{base}/topics/{topic.pk}/").content.decode()
    assert "第 2 版" in page and "加上残联" in page
    refused = client.post(f"{base}/topics/new/", {"name": "坏", "expression": "(残联"})
    assert "左括号没有配对" in refused.content.decode()


def test_manual_entry_and_bookmarklet_prefill(client, personas, workspace):
    client.force_login(personas["editor"])
    base = f"/w/{workspace.slug}/opinion"
    form = client.get(
        f"{base}/mentions/new/?url=https://news.example/a&title=标题甲&text=选中的文字"
    ).content.decode()
    assert "https://news.example/a" in form and "选中的文字" in form and "javascript:" in form
    resp = client.post(
        f"{base}/mentions/new/", {"url": "https://news.example/a", "title": "标题甲", "text": "选中的文字"}
    )
    assert resp.status_code == 302
    again = client.post(
        f"{base}/mentions/new/",
        {"url": "https://news.example/a", "title": "标题甲", "text": "x"},
        follow=True,
    )
    assert "已经在库里了" in again.content.decode()
    bad = client.post(f"{base}/mentions/new/", {"url": "javascript:alert(1)", "text": "x"}).content.decode()
    assert "http://" in bad
    assert Mention.objects.filter(workspace=workspace).count() == 1


def test_import_page_reports_problems(client, personas, workspace):
    client.force_login(personas["analyst"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.csv", "标题,正文,链接\n甲,乙,ftp://x\n".encode())
    html = client.post(f"/w/{workspace.slug}/opinion/mentions/import/", {"file": bad}).content.decode()
    assert "整个文件没有导入" in html and "第 2 行" in html
    good = SimpleUploadedFile("a.csv", "标题,正文\n甲,乙丙丁\n".encode())
    resp = client.post(f"/w/{workspace.slug}/opinion/mentions/import/", {"file": good})
    assert resp.status_code == 302 and Mention.objects.filter(workspace=workspace).count() == 1


def test_source_page_shows_error_state(client, personas, workspace, data):
    client.force_login(personas["analyst"])
    resp = client.post(f"/w/{workspace.slug}/opinion/sources/{data['feed'].pk}/fetch/", follow=True)
    html = resp.content.decode()
    assert "抓取失败" in html and "无法连接" in html and "连续 1 次" in html and "出错" in html


def test_api_search_and_create(client, personas, workspace, data):
    client.force_login(personas["analyst"])
    api = f"/api/opinion/{workspace.slug}"
    body = client.get(f"{api}/mentions", {"q": "补贴", "sentiment": "neg"}).json()
    assert [m["source_name"] for m in body["items"]] == ["新浪微博"]
    assert body["items"][0]["sentiment_label"] == "负面"
    assert client.get(f"{api}/mentions", {"q": "(补贴"}).status_code == 400
    topic = client.post(
        f"{api}/topics", {"name": "坏", "expression": "补贴 AND"}, content_type="application/json"
    )
    assert topic.status_code == 400 and "后面缺少词语" in topic.json()["errors"][0]
    by_topic = client.get(f"{api}/mentions", {"topic": data["topic"].pk}).json()
    assert len(by_topic["items"]) == 2
