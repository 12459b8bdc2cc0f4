"""置顶：其他应用（舆情的危机开关）把消息置顶到收件箱最上面，显示中文原因；只取消自己置顶的。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.interaction import services

from .conftest import FRIDAY_5PM, incoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(receive, seeded):
    old = receive(incoming("p1", "上周反映的路灯问题", when=FRIDAY_5PM - dt.timedelta(days=3))).created[0]
    mid = receive(incoming("p2", "请问社保补贴怎么申请？", when=FRIDAY_5PM - dt.timedelta(hours=2))).created[0]
    new = receive(incoming("p3", "小编辛苦了", when=FRIDAY_5PM)).created[0]
    return old, mid, new


def _inbox_ids(client, workspace, **params) -> list[int]:
    rows = client.get(f"/api/interaction/{workspace.slug}/messages", params).json()
    return [r["id"] for r in rows]


def test_pinned_messages_come_first_with_their_reason_until_unpinned(client, personas, workspace, three):
    old, mid, new = three
    client.force_login(personas["editor"])
    assert _inbox_ids(client, workspace) == [new.pk, mid.pk, old.pk]
    assert services.messages_pin(workspace=workspace, message_ids=[old.pk], key="opinion.event:7",
                                 reason="危机事件置顶：某路段积水致人受伤") == 1
    assert _inbox_ids(client, workspace) == [old.pk, new.pk, mid.pk]  # 置顶的在最上面，且不重复出现
    page = client.get(f"/w/{workspace.slug}/interaction/").content.decode()
    assert "危机事件置顶：某路段积水致人受伤" in page
    assert page.index("上周反映的路灯问题") < page.index("小编辛苦了")
    detail = client.get(f"/w/{workspace.slug}/interaction/m/{old.pk}/").content.decode()
    assert "危机事件置顶：某路段积水致人受伤" in detail
    # 筛选照旧适用于置顶消息：按分类筛掉它就不出现
    assert old.pk not in _inbox_ids(client, workspace, category="consult")
    assert services.messages_unpin(workspace=workspace, key="opinion.event:7") == 1
    assert _inbox_ids(client, workspace) == [new.pk, mid.pk, old.pk]
    assert "危机事件置顶" not in client.get(f"/w/{workspace.slug}/interaction/").content.decode()


def test_unpin_clears_only_what_the_same_source_pinned(workspace, three):
    old, mid, _new = three
    services.messages_pin(workspace=workspace, message_ids=[old.pk], key="opinion.event:1", reason="危机事件置顶：甲")
    services.messages_pin(workspace=workspace, message_ids=[mid.pk], key="opinion.event:2", reason="危机事件置顶：乙")
    assert services.messages_unpin(workspace=workspace, key="opinion.event:1") == 1
    old.refresh_from_db()
    mid.refresh_from_db()
    assert not old.is_pinned and mid.is_pinned and mid.pinned_reason == "危机事件置顶：乙"


def test_pin_stays_within_the_workspace(workspace, other_workspace, three):
    old, _mid, _new = three
    assert services.messages_pin(workspace=other_workspace, message_ids=[old.pk], key="x", reason="置顶") == 0
    old.refresh_from_db()
    assert not old.is_pinned
