"""分组导航：每个角色看到自己用得到的分组；当前页只亮一项；应用可以往分组里登记菜单项。"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rongmei.core import nav

pytestmark = pytest.mark.django_db


def _page(client, user, path):
    client.force_login(user)
    resp = client.get(path)
    assert resp.status_code == 200, path
    return resp


def _active_keys(resp) -> list[str]:
    return [i["key"] for i in resp.context["nav_items"] if i["active"]]


def _top_level(html: str) -> list[str]:
    menu = html[html.index('data-testid="nav"'):]
    menu = menu[:menu.index("</ul>")]
    return re.findall(r'<span class="nav-link-title">([^<]+)</span>', menu)


def test_manager_sees_a_handful_of_groups_not_twenty_tabs(client, personas, workspace):
    resp = _page(client, personas["manager"], f"/w/{workspace.slug}/")
    top = [t for t in _top_level(resp.content.decode()) if not t.startswith(personas["manager"].display_name)]
    assert top[:3] == ["工作台", "我的待办", "日历"]
    assert {"内容生产", "发布运营", "数据与报告", "合同履约", "设置"} <= set(top)
    assert len(top) <= 9
    assert len(resp.context["nav_items"]) > len(top)  # 其余都在分组的下拉里


@pytest.mark.parametrize("path, expected", [
    ("/w/test-ws/", "home"),
    ("/w/test-ws/production/", "production_items"),
    ("/w/test-ws/production/my/", "production_todo"),
    ("/w/test-ws/publishing/log/", "publishing_log"),
    ("/w/test-ws/calendar/", "calendar"),
])
def test_exactly_one_item_is_active(client, personas, workspace, path, expected):
    resp = _page(client, personas["manager"], path)
    assert _active_keys(resp) == [expected]
    html = resp.content.decode()
    menu = html[html.index('data-testid="nav"'):]
    assert menu[:menu.index("</ul>")].count('aria-current="page"') == 1


def test_client_leader_menu_has_no_editing_tools_but_pages_still_open(client, personas, workspace):
    leader = personas["client_leader"]
    resp = _page(client, leader, f"/w/{workspace.slug}/")
    keys = {i["key"] for i in resp.context["nav_items"]}
    assert {"home", "production_todo", "contracts", "reports"} <= keys
    assert not keys & {"lexicon", "proofread", "production_chains", "publishing", "jobs"}
    # 菜单只是收起来，权限没有变：领导仍能直接打开在线审校
    assert client.get(reverse("proofread:check", kwargs={"ws": workspace.slug})).status_code == 200


def test_editor_sees_content_tools_not_settings(client, personas, workspace):
    resp = _page(client, personas["editor"], f"/w/{workspace.slug}/")
    keys = {i["key"] for i in resp.context["nav_items"]}
    assert {"production_items", "proofread", "publishing"} <= keys
    assert not keys & {"settings", "jobs", "audit", "members"}


def test_app_registers_an_item_into_a_group(client, personas, workspace):
    item = nav.NavItem("test_duty", "值班表", "workcal:month", "workcal.view", group=nav.CALENDAR, order=90,
                       roles=nav.roles("manager"))
    nav.register(item)
    try:
        html = _page(client, personas["manager"], f"/w/{workspace.slug}/").content.decode()
        group = html[html.index('data-nav-group="calendar"'):]
        group = group[:group.index("</li>")]
        assert 'data-nav="test_duty"' in group and "值班表" in group
        editor_keys = {i["key"] for i in _page(client, personas["editor"], f"/w/{workspace.slug}/")
                       .context["nav_items"]}
        assert "test_duty" not in editor_keys
    finally:
        nav._ITEMS.pop("test_duty")


def test_unknown_group_falls_back_to_more():
    nav.register(nav.NavItem("test_x", "某功能", "core:workspace_home", "workspaces.view", group="不存在的分组"))
    try:
        assert nav._group_key(nav._ITEMS["test_x"]) == nav.OTHER
    finally:
        nav._ITEMS.pop("test_x")


def test_phone_menu_collapses_behind_a_toggler(client, personas, workspace):
    html = _page(client, personas["reviewer"], f"/w/{workspace.slug}/").content.decode()
    assert 'data-bs-target="#navbar-menu"' in html and 'class="collapse navbar-collapse" id="navbar-menu"' in html
