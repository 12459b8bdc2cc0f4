"""进度提醒：只在状态变化为黄/红时通知项目经理（站内 + 邮件）。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.contracts import services
from rongmei.contracts.models import ObligationState
from rongmei.contracts.tasks import daily_pace_check
from rongmei.core.models import Notification

from .factories import anyuan

pytestmark = pytest.mark.django_db


def test_alerts_only_on_change(workspace, personas, mailoutbox, django_capture_on_commit_callbacks):
    personas["manager"].email = "zhang@example.org"
    personas["manager"].save()
    anyuan(workspace)
    with django_capture_on_commit_callbacks(execute=True):
        changes = services.alerts_check(workspace=workspace, as_of=dt.date(2025, 9, 30))
    assert len(changes) == ObligationState.objects.filter(workspace=workspace).count() == 11  # 安源合同的 11 项义务
    notes = Notification.objects.filter(workspace=workspace)
    assert [n.user for n in notes] == [personas["manager"]]
    assert "项义务进度滞后" in notes[0].title and notes[0].url.endswith("/contracts/")
    assert len(mailoutbox) == 1 and "合同履约提醒" in mailoutbox[0].subject
    # 同样的数据再检查一次：没有变化，不再提醒
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alerts_check(workspace=workspace, as_of=dt.date(2025, 9, 30)) == []
    assert Notification.objects.filter(workspace=workspace).count() == 1


def test_turning_green_is_recorded_without_alert(workspace, personas):
    anyuan(workspace)
    services.alerts_check(workspace=workspace, as_of=dt.date(2025, 9, 30))
    red = ObligationState.objects.filter(workspace=workspace, status="red").first()
    red.status = "green"
    red.save()
    before = Notification.objects.count()
    changes = services.alerts_check(workspace=workspace, as_of=dt.date(2025, 9, 30))
    assert [(c[1], c[2]) for c in changes] == [("green", "red")]
    assert Notification.objects.count() == before + 1
    ObligationState.objects.filter(pk=red.pk).update(status="red")
    amber = ObligationState.objects.filter(workspace=workspace, status="green").first()
    if amber:
        ObligationState.objects.filter(pk=amber.pk).update(status="red")
        n = Notification.objects.count()
        changes = services.alerts_check(workspace=workspace, as_of=dt.date(2025, 9, 30))
        assert changes and changes[0][2] == "green" and Notification.objects.count() == n


def test_daily_task_checks_every_workspace_with_a_contract(workspace, other_workspace, personas):
    anyuan(workspace)
    result = daily_pace_check.call_local()
    assert result == {workspace.slug: 11}  # 安源合同的 11 项义务
