"""接收下层与兄弟应用的通知：稿件发布（发布应用保存为“已发布”）、公众号推送的关注/扫码事件（core.signals）。"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rongmei.core.signals import platform_push
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import Publication

from . import services

log = logging.getLogger(__name__)


@receiver(post_save, sender=Publication, dispatch_uid="grassroots.publication_saved")
def publication_saved(sender, instance: Publication, **kwargs) -> None:
    if instance.state != PubState.PUBLISHED or instance.published_at is None:
        return
    # 与发布登记在同一事务里记分（发布回滚，积分也回滚）；记分出错不能挡住发布，只记日志
    try:
        with transaction.atomic():
            services.clue_mark_published(item_id=instance.item_id, url=instance.url,
                                         published_at=instance.published_at)
    except Exception:
        log.exception("稿件 %s 发布后给基层线索记分失败", instance.item_id)


@receiver(platform_push, dispatch_uid="grassroots.platform_push")
def push_received(sender, account, fields: dict, **kwargs) -> None:
    services.follow_event_receive(account=account, fields=fields)
