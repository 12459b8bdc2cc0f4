"""互动收件箱的消息同步为舆情信息：来源是“本工作区互动消息”，带消息编号，重复执行不重复写，空消息跳过。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rongmei.interaction.models import Message
from rongmei.opinion.choices import SourceKind
from rongmei.opinion.inbox import sync_workspace
from rongmei.opinion.models import Mention
from rongmei.opinion.tasks import sync_inbox
from rongmei.workspaces.models import OfficialAccount


@pytest.fixture
def douyin(workspace, platforms):
    return OfficialAccount.objects.create(workspace=workspace, platform=platforms["douyin"], name="测试抖音号")


def _message(ws, account, ext: str, text: str) -> Message:
    return Message.objects.create(workspace=ws, account=account, platform="douyin", external_id=ext, text=text,
                                  author="网友甲", received_at=timezone.now() - dt.timedelta(minutes=5))


@pytest.mark.django_db
def test_inbox_messages_become_mentions_once(workspace, douyin):
    first = _message(workspace, douyin, "m1", "小区门口的路灯坏了一个多月，晚上很危险")
    _message(workspace, douyin, "m2", "   ")
    assert sync_workspace(workspace) == 1
    mention = Mention.objects.get(workspace=workspace, message_id=first.pk)
    assert mention.source.kind == SourceKind.INBOX
    assert mention.author == "网友甲"
    assert "路灯" in mention.text
    # 再跑一次不重复写；新消息只补新的
    assert sync_workspace(workspace) == 0
    second = _message(workspace, douyin, "m3", "感谢维修师傅，路灯已经修好了")
    assert sync_workspace(workspace) == 1
    assert Mention.objects.filter(workspace=workspace, source__kind=SourceKind.INBOX).count() == 2
    assert Mention.objects.filter(message_id=second.pk).exists()


@pytest.mark.django_db
def test_periodic_task_reports_in_chinese(workspace, douyin):
    _message(workspace, douyin, "m1", "办事大厅排队两小时，窗口太少")
    out = sync_inbox.call_local()
    assert out == [f"{workspace.name}：互动消息新增 1 条舆情信息"]
    assert sync_inbox.call_local() == []
