"""站内通知与邮件。各应用调用 :func:`notify`；工作区内按角色找人用 :func:`users_with_role`。"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from rongmei.core import clock

from .models import Notification

log = logging.getLogger(__name__)


def users_with_role(workspace, *roles: str):
    return get_user_model().objects.filter(memberships__workspace=workspace, memberships__role__in=roles, is_active=True)


def notify(*, users: Iterable, workspace=None, title: str, body: str = "", url: str = "", kind: str = "",
           email: bool = True) -> list[Notification]:
    """给每位接收人写一条站内通知；有邮箱的在事务提交后发邮件（失败只记日志，不影响业务）。"""
    created = []
    for user in {u.pk: u for u in users}.values():
        created.append(Notification.objects.create(user=user, workspace=workspace, kind=kind, title=title[:200],
                                                   body=body, url=url))
    if email:
        recipients = [(n, n.user.email) for n in created if n.user.email]
        if recipients:
            transaction.on_commit(lambda: _send(recipients, title, body, url))
    return created


def _send(recipients, title: str, body: str, url: str) -> None:
    for notification, address in recipients:
        try:
            send_mail(f"[融媒运营平台] {title}", f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [address])
            Notification.objects.filter(pk=notification.pk).update(emailed=True)
        except Exception as exc:  # 邮件失败不能影响业务
            log.warning("通知邮件发送失败：%s", type(exc).__name__)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())
