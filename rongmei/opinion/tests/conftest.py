"""舆情应对测试的夹具：造信息组（不经采集流程，直接写库）、值班、群机器人。"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

# 发布应用的夹具（账号、凭证、已通过的稿件、排期、假平台）：危机开关要用真实的发布队列与 worker
from rongmei.publishing.tests.conftest import (  # noqa: F401
    accounts,
    fake,
    item,
    make_item,
    schedule,
    wechat_creds,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_group(workspace):
    """make_group([(文字, 情感), ...], title=...) → 信息组（带各条信息）。"""
    from rongmei.opinion.models import Mention, MentionGroup, Source

    def make(rows, *, title="某路段积水", ws=None, hours_ago: float = 1, message_ids=()):
        ws = ws or workspace
        source, _ = Source.objects.get_or_create(workspace=ws, kind="manual", name="人工录入")
        now = timezone.now()
        group = MentionGroup.objects.create(workspace=ws, title=title, first_source=source,
                                            first_source_name="某论坛", first_published_at=now - dt.timedelta(hours=hours_ago),
                                            last_published_at=now, size=len(rows),
                                            negative=sum(1 for _t, s in rows if s == "neg"))
        for index, (text, sentiment) in enumerate(rows):
            key = hashlib.sha256(f"{group.pk}-{index}-{text}".encode()).hexdigest()
            Mention.objects.create(workspace=ws, source=source, source_name="某论坛", dedupe_key=key[:64], text=text,
                                   norm_text=text, published_at=now - dt.timedelta(hours=hours_ago) + dt.timedelta(minutes=index),
                                   fetched_at=now, content_hash=key, sentiment=sentiment, group=group,
                                   is_first=index == 0, title=title if index == 0 else "",
                                   message_id=message_ids[index] if index < len(message_ids) else None)
        return group

    return make


@pytest.fixture
def on_duty_all_day(workspace, personas):
    """分析员全天值班。"""
    from rongmei.opinion.services import duty_slot_save

    return duty_slot_save(actor=None, workspace=workspace, user=personas["analyst"], start=dt.time(0, 0),
                          end=dt.time(23, 59, 59))


@pytest.fixture
def robots(workspace, fake_robot, fake_robot_url):
    """一个企业微信群机器人和一个加签的钉钉群机器人，都指向仿真服务器。"""
    from rongmei.opinion.services import robot_save

    fake_robot.dingtalk_robot("dingtoken0001abcd", secret="SECtestsecret0001")
    wecom = robot_save(actor=None, workspace=workspace, kind="wecom", name="舆情值班群",
                       webhook=f"{fake_robot_url}/cgi-bin/webhook/send?key=wecomkey-0001-abcd")
    ding = robot_save(actor=None, workspace=workspace, kind="dingtalk", name="领导群",
                      webhook=f"{fake_robot_url}/robot/send?access_token=dingtoken0001abcd", secret="SECtestsecret0001")
    return {"wecom": wecom, "dingtalk": ding}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """with committed(): … —— 事务提交后才入队的任务（推送群机器人、生成文档）在块结束时执行（Huey 立即模式）。"""
    return lambda: django_capture_on_commit_callbacks(execute=True)
