"""读取：一律限定在工作区内。"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rongmei.core import clock
from rongmei.engines.platforms.authorization import OAUTH_PLATFORMS

from .choices import ChangeStatus, PubState
from .models import AccountChangeRequest, AccountCredential, FrequencyRule, Publication


def publications_of(workspace, *, state: str = "", account: int | str | None = None, platform: str = "",
                    q: str = "") -> QuerySet[Publication]:
    qs = (Publication.objects.filter(workspace=workspace)
          .select_related("item", "revision", "account", "account__platform", "published_by", "scheduled_by"))
    if state == "stuck":
        qs = qs.filter(state=PubState.PUBLISHING, stuck_reported_at__isnull=False)
    elif state:
        qs = qs.filter(state=state)
    if account:
        qs = qs.filter(account_id=account)
    if platform:
        qs = qs.filter(account__platform__code=platform)
    if q:
        qs = qs.filter(Q(revision__title__icontains=q) | Q(url__icontains=q) | Q(account__name__icontains=q)
                       | Q(external_id__icontains=q))
    return qs


def publication_get(workspace, pk: int) -> Publication:
    p = publications_of(workspace).filter(pk=pk).first()
    if p is None:
        raise Http404("发布记录不存在")
    return p


def publications_between(workspace, start: dt.date, end: dt.date, *, account: int | str | None = None
                         ) -> QuerySet[Publication]:
    """计划时间（已发布的按实际发布时间）落在 [start, end] 的发布（日历与频次检查用）。"""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = publications_of(workspace, account=account).filter(planned_at__gte=lo, planned_at__lt=hi)
    return qs.order_by("planned_at", "id")


def published_log(workspace, *, q: str = "", platform: str = "", account: str = "", start: dt.date | None = None,
                  end: dt.date | None = None) -> QuerySet[Publication]:
    """发布记录（已发布的每一条），按发布时间倒序。"""
    qs = publications_of(workspace, state=PubState.PUBLISHED, platform=platform, account=account or None, q=q)
    tz = timezone.get_current_timezone()
    if start:
        qs = qs.filter(published_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    if end:
        qs = qs.filter(published_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-published_at", "-id")


def published_between(workspace, start: dt.date, end: dt.date) -> QuerySet[Publication]:
    return published_log(workspace, start=start, end=end).order_by("published_at", "id")


def due_publications(now: dt.datetime | None = None) -> QuerySet[Publication]:
    """所有工作区中该发出的行：计划时间已到的计划，以及已排队的（发布任务用，非用户请求）。"""
    now = now or clock.now()
    # 计划中的到了计划时间才发；已排队的（立即发布、重试、暂停后恢复）不看计划时间
    return (Publication.objects.filter(Q(state=PubState.PLANNED, planned_at__lte=now) | Q(state=PubState.QUEUED))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
            .order_by("planned_at", "id"))


def polling_publications(now: dt.datetime | None = None) -> QuerySet[Publication]:
    now = now or clock.now()
    return (Publication.objects.filter(state=PubState.PUBLISHING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
            .order_by("planned_at", "id"))


def credentials_of(workspace) -> dict[int, AccountCredential]:
    return {c.account_id: c for c in AccountCredential.objects.filter(workspace=workspace).select_related("updated_by")}


def frequency_rules(workspace) -> QuerySet[FrequencyRule]:
    return FrequencyRule.objects.filter(workspace=workspace).select_related("platform")


def frequency_rule_get(workspace, pk: int) -> FrequencyRule:
    r = frequency_rules(workspace).filter(pk=pk).first()
    if r is None:
        raise Http404("规则不存在")
    return r


def change_requests(workspace, *, status: str = "") -> QuerySet[AccountChangeRequest]:
    qs = AccountChangeRequest.objects.filter(workspace=workspace).select_related(
        "account", "account__platform", "requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs


def change_request_get(workspace, pk: int) -> AccountChangeRequest:
    r = change_requests(workspace).filter(pk=pk).first()
    if r is None:
        raise Http404("申请不存在")
    return r


def pending_change_count(workspace) -> int:
    return AccountChangeRequest.objects.filter(workspace=workspace, status=ChangeStatus.PENDING).count()


def attention_count(workspace) -> int:
    """需要人处理的发布：失败、待人工发布（已到时间）、待人工核实、卡住。"""
    now = clock.now()
    return Publication.objects.filter(workspace=workspace).filter(
        Q(state__in=(PubState.FAILED, PubState.UNCERTAIN))
        | Q(state=PubState.MANUAL, planned_at__lte=now)
        | Q(state=PubState.PUBLISHING, stuck_reported_at__isnull=False)
    ).count()


def oauth_credentials_all():
    """（系统任务用）所有支持 OAuth 授权的平台账号的凭证行，跨工作区。"""

    return (AccountCredential.objects.filter(account__platform__code__in=list(OAUTH_PLATFORMS))
            .select_related("account__platform", "workspace"))


def credential_of(account) -> AccountCredential | None:
    return AccountCredential.objects.filter(account=account).first()
