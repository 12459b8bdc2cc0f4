from __future__ import annotations

import pytest


@pytest.fixture
def accounts(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return {
        code: OfficialAccount.objects.create(workspace=workspace, platform=platforms[code], name=f"测试{name}")
        for code, name in (("wechat", "公众号"), ("douyin", "抖音号"), ("toutiao", "头条号"))
    }


@pytest.fixture
def analyst(personas):
    return personas["analyst"]
