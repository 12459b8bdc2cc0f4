from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

BJ = ZoneInfo("Asia/Shanghai")
# 周五 2025-11-14 17:00（北京时间）：下一个工作日是周一
FRIDAY_5PM = dt.datetime(2025, 11, 14, 17, 0, tzinfo=BJ)


@pytest.fixture
def accounts(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return {
        code: OfficialAccount.objects.create(workspace=workspace, platform=platforms[code], name=f"测试{name}")
        for code, name in (("wechat", "公众号"), ("douyin", "抖音号"), ("toutiao", "头条号"), ("weibo", "微博"))
    }


@pytest.fixture
def seeded(workspace):
    from rongmei.interaction import services

    services.sla_seed(workspace=workspace)
    return workspace


@pytest.fixture
def at_friday():
    import time_machine

    with time_machine.travel(FRIDAY_5PM, tick=False) as traveller:
        yield traveller


def incoming(ext: str, text: str, *, when: dt.datetime = FRIDAY_5PM, kind: str = "comment", author: str = "网友甲",
             parent: str | None = None, content: str | None = None):
    from rongmei.engines.platforms.models import Incoming

    return Incoming(external_id=ext, kind=kind, text=text, author=author, author_id=f"u-{ext}", created_at=when,
                    parent_external_id=parent, content_external_id=content)


@pytest.fixture
def receive(workspace, accounts):
    from rongmei.interaction import services

    def do(*items, account="douyin", source="api"):
        return services.receive_messages(workspace=workspace, account=accounts[account], incoming=list(items),
                                         source=source)

    return do
