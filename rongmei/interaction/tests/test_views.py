"""角色 × 操作矩阵（页面、接口）、跨工作区隔离、处室联络人只看本处室、页面内容。"""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from rongmei.interaction import services
from rongmei.interaction.models import Department, Message, Reply

from .conftest import incoming

VIEW, HANDLE, APPROVE, CURATE, DEPT, MANAGE, EXPORT = "view", "handle", "approve", "curate", "dept", "manage", "export"
EXPECTED = {
    "manager": {VIEW, HANDLE, APPROVE, MANAGE, EXPORT},
    "editor": {VIEW, HANDLE},
    "reviewer": {VIEW, HANDLE},
    "analyst": {VIEW, EXPORT},
    "designer": {VIEW},
    "video": {VIEW},
    "support": {VIEW, HANDLE},
    "tech": {VIEW},
    "client_officer": {VIEW, CURATE, EXPORT},
    "client_leader": {VIEW, CURATE, EXPORT},
    "contributor": set(),
    "expert": set(),
    "department": {DEPT},
}


@pytest.fixture
def scene(receive, seeded, workspace, personas):
    m = receive(incoming("v1", "请问社保补贴怎么申请？")).created[0]
    dept = Department.objects.create(workspace=workspace, name="社会保险股")
    dept.contacts.add(personas["department"])
    services.message_route(actor=None, message=m, department=dept)
    return m


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, scene, role):
    client.force_login(personas[role])
    base = f"/w/{workspace.slug}/interaction"
    pages = {
        VIEW: [f"{base}/", f"{base}/m/{scene.pk}/", f"{base}/stats/", f"{base}/faq/", f"{base}/departments/",
               f"{base}/approvals/", f"{base}/curation/", f"{base}/templates/"],
        HANDLE: [f"{base}/enter/", f"{base}/import/"],
        MANAGE: [f"{base}/settings/"],
        EXPORT: [f"{base}/stats.xlsx", f"{base}/archive.xlsx"],
        DEPT: [f"{base}/department/", f"{base}/department/{scene.pk}/"],
    }
    for action, urls in pages.items():
        for url in urls:
            status = client.get(url).status_code
            assert status in (200, 403), (role, url, status)
            assert (status == 200) == (action in EXPECTED[role]), (role, url, status)
    api = client.get(f"/api/interaction/{workspace.slug}/messages")
    assert (api.status_code == 200) == (VIEW in EXPECTED[role]), (role, api.status_code)
    reply = client.post(f"/api/interaction/{workspace.slug}/messages/{scene.pk}/replies", {"text": "您好"},
                        content_type="application/json")
    assert (reply.status_code == 201) == (HANDLE in EXPECTED[role]), (role, reply.status_code)


def test_curate_and_approve_actions_by_role(client, personas, workspace, receive, seeded):
    m = receive(incoming("w1", "好文章", kind="comment"), account="wechat").created[0]
    url = f"/w/{workspace.slug}/interaction/m/{m.pk}/curate/"
    client.force_login(personas["support"])
    assert client.post(url, {"show": "1"}).status_code == 403
    client.force_login(personas["client_officer"])
    assert client.post(url, {"show": "1"}).status_code == 302
    assert Message.objects.get(pk=m.pk).curation_state == "confirmed"


def test_contributors_see_no_inbox_in_the_navigation(client, personas, workspace, scene):
    client.force_login(personas["contributor"])
    page = client.get(f"/w/{workspace.slug}/").content.decode()
    assert "互动收件箱" not in page
    client.force_login(personas["support"])
    page = client.get(f"/w/{workspace.slug}/").content.decode()
    assert "互动收件箱" in page


def test_other_workspace_is_404(client, personas, other_workspace, scene, workspace):
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/interaction/").status_code == 404
    assert client.get(f"/api/interaction/{other_workspace.slug}/messages").status_code == 404


def test_message_of_another_workspace_is_404(client, personas, workspace, other_workspace, platforms, scene):
    from rongmei.workspaces.models import Membership, OfficialAccount

    acc = OfficialAccount.objects.create(workspace=other_workspace, platform=platforms["douyin"], name="别处")
    other = services.receive_messages(workspace=other_workspace, account=acc,
                                      incoming=[incoming("o1", "别处的留言")], source="api").created[0]
    Membership.objects.create(user=personas["manager"], workspace=other_workspace, role="editor")
    client.force_login(personas["manager"])
    assert client.get(f"/w/{workspace.slug}/interaction/m/{other.pk}/").status_code == 404


def test_department_contact_sees_only_their_department(client, personas, workspace, scene, receive, make_user):
    from rongmei.workspaces.models import Membership

    other_dept = Department.objects.create(workspace=workspace, name="培训股")
    stranger = make_user("t-dept-2", "培训股联络人")
    Membership.objects.create(user=stranger, workspace=workspace, role="department")
    other_dept.contacts.add(stranger)
    m2 = receive(incoming("v2", "育婴师培训什么时候开班？")).created[0]
    services.message_route(actor=None, message=m2, department=other_dept)
    client.force_login(personas["department"])
    page = client.get(f"/w/{workspace.slug}/interaction/department/").content.decode()
    assert "社保补贴" in page and "育婴师" not in page
    assert client.get(f"/w/{workspace.slug}/interaction/department/{m2.pk}/").status_code == 404
    resp = client.post(f"/w/{workspace.slug}/interaction/department/{scene.pk}/", {"answer": "赣服通可办。"})
    assert resp.status_code == 302
    assert Message.objects.get(pk=scene.pk).department_answer == "赣服通可办。"


def test_inbox_filters_search_and_shows_timers(client, personas, workspace, receive, seeded, at_friday):
    receive(incoming("a", "请问社保补贴怎么申请？", author="小李"), incoming("b", "视频拍得真好", author="小王"))
    client.force_login(personas["support"])
    page = client.get(f"/w/{workspace.slug}/interaction/?q=社保").content.decode()
    assert "社保补贴" in page and "视频拍得真好" not in page
    assert "剩" in page  # 计时
    at_friday.shift(60 * 60 * 24 * 3)
    client.force_login(personas["support"])  # 会话按闲置时间过期，时间跳过三天后重新登录
    page = client.get(f"/w/{workspace.slug}/interaction/?overdue=1").content.decode()
    assert "已逾期" in page


def test_inbox_search_finds_words_in_text_or_nickname_like_a_substring_match(client, personas, workspace, receive,
                                                                            seeded):
    """搜索：三个字以上的词走全文索引，结果要与逐条子串比对一样（任意位置、昵称也算、英文不分大小写、
    几个词都要出现、已办结的在“全部状态”里）；引号等符号不报错。"""
    receive(incoming("a", "请问灵活就业社保补贴怎么申请？", author="萍乡小李"),
            incoming("b", "ABC物业又停水了，社保卡也丢了", author="小王"),
            incoming("c", "视频拍得真好", author="灵活就业的张姐"))
    services.message_set_state(actor=personas["support"], message=Message.objects.get(external_id="c"),
                               state="closed")
    client.force_login(personas["support"])

    def found(q: str) -> set[str]:
        page = client.get(f"/w/{workspace.slug}/interaction/", {"q": q, "state": "all"}).content.decode()
        return {t for t in ("灵活就业社保", "ABC物业", "视频拍得真好") if t in page}

    assert found("灵活就业") == {"灵活就业社保", "视频拍得真好"}  # 内容或昵称
    assert found("abc物业") == {"ABC物业"}
    assert found("社保 停水") == {"ABC物业"}
    assert found("萍乡小李") == {"灵活就业社保"}
    assert found("社保补贴怎么") == {"灵活就业社保"}
    assert found('补贴"怎么') == set()
    page = client.get(f"/w/{workspace.slug}/interaction/", {"q": "灵活就业"}).content.decode()
    assert "灵活就业社保" in page and "视频拍得真好" not in page  # 默认只看未办结


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL 的三字组索引（迁移 0010）；SQLite 的见上一个测试")
def test_inbox_search_on_postgresql_can_use_the_trigram_indexes(personas, workspace, receive, seeded):
    """PostgreSQL 上收件箱搜索生成的条件（``UPPER(text::text) LIKE ...``）要与迁移 0010 的索引表达式一致，
    否则百万条消息的工作区每搜一次都要全表比对；禁用顺序扫描后查询计划里应出现这两个索引。"""
    from rongmei.interaction import selectors

    receive(incoming("a", "请问灵活就业社保补贴怎么申请？", author="萍乡小李"))
    cond, _ = selectors.search_q("灵活就业")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        sql, params = Message.objects.filter(cond).values("id").query.sql_with_params()
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "inbox_text_trgm" in plan and "inbox_author_trgm" in plan, plan
    flt = selectors.InboxFilter(q="灵活就业", state="all")
    assert [m.author for m in selectors.inbox(workspace, personas["support"], flt)] == ["萍乡小李"]


def test_platform_text_is_escaped(client, personas, workspace, receive, seeded):
    m = receive(incoming("x", "<script>alert(1)</script>请问")).created[0]
    client.force_login(personas["support"])
    for url in (f"/w/{workspace.slug}/interaction/", f"/w/{workspace.slug}/interaction/m/{m.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_bulk_assign_and_close(client, personas, workspace, receive, seeded):
    a, b = receive(incoming("a", "请问一"), incoming("b", "请问二")).created
    client.force_login(personas["manager"])
    url = f"/w/{workspace.slug}/interaction/bulk/"
    client.post(url, {"ids": [a.pk, b.pk], "action": "assign", "assignee": personas["support"].pk})
    assert set(Message.objects.values_list("assignee", flat=True)) == {personas["support"].pk}
    client.post(url, {"ids": [a.pk], "action": "close"})
    assert Message.objects.get(pk=a.pk).state == "closed"


def test_manual_entry_refuses_a_future_time(client, personas, workspace, accounts, seeded):
    client.force_login(personas["support"])
    resp = client.post(f"/w/{workspace.slug}/interaction/enter/", {
        "account": accounts["toutiao"].pk, "kind": "comment", "author": "网友", "text": "请问怎么报名",
        "received_at": "2099-01-01T10:00"})
    assert resp.status_code == 200 and "不能晚于现在" in resp.content.decode()
    resp = client.post(f"/w/{workspace.slug}/interaction/enter/", {
        "account": accounts["toutiao"].pk, "kind": "comment", "author": "网友", "text": "请问怎么报名",
        "received_at": "2025-11-14T10:00"})
    assert resp.status_code == 302
    m = Message.objects.get()
    assert m.source == "manual" and m.platform == "toutiao"


def test_home_card_shows_overdue_counts(client, personas, workspace, receive, seeded, at_friday):
    receive(incoming("a", "请问社保补贴怎么申请？"))
    at_friday.shift(60 * 60 * 24 * 5)
    client.force_login(personas["manager"])  # 时间跳过之后才登录（会话按闲置时间过期）
    page = client.get(f"/w/{workspace.slug}/").content.decode()
    assert 'data-testid="interaction-card"' in page and "已逾期" in page


def test_reply_form_and_import_answer_bad_input_in_chinese_not_with_an_error_page(client, personas, workspace, receive,
                                                                                 seeded, accounts):
    """答复表单：口径编号被改成文字或超大数字、内容为空或只有空格 → 回到消息页并说明原因；
    导入：空文件、乱码的 Excel、不认识的扩展名 → 导入页上的中文错误，不入库。"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    m = receive(incoming("bad", "请问社保补贴怎么申请？")).created[0]
    client.force_login(personas["support"])
    url = f"/w/{workspace.slug}/interaction/m/{m.pk}/reply/"
    for data in ({"text": "您好", "template": "abc"}, {"text": "您好", "template": "99999999999999999999999"},
                 {"text": "   "}, {"text": ""}):
        resp = client.post(url, data, follow=True)
        assert resp.status_code == 200, data
        page = resp.content.decode()
        assert "请填写答复内容" in page or "答复已送审核" in page or "口径" in page, data
        Reply.objects.filter(message=m).delete()
        Message.objects.filter(pk=m.pk).update(state="new")

    client.force_login(personas["manager"])
    url = f"/w/{workspace.slug}/interaction/import/"
    before = Message.objects.count()
    for name, data in (("空.csv", b""), ("乱码.xlsx", b"PK\x03\x04not really a zip"), ("评论.exe", b"MZ\x90\x00"),
                       ("评论.csv", "内容,时间\n你好,明天下午\n".encode("gbk"))):
        resp = client.post(url, {"account": accounts["toutiao"].pk, "file": SimpleUploadedFile(name, data)})
        assert resp.status_code == 200, name
        assert "alert" in resp.content.decode() or "invalid-feedback" in resp.content.decode(), name
    assert Message.objects.count() == before
