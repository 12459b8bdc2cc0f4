"""自查的演示数据：内蒙古残联工作区有一个半个多月没更新的头条号（自查会判为不合格并写明从哪天起），
一个开通后按时备案的账号、本地更严的 10 天更新要求；每个工作区跑一次自查，页面有内容可看。可重复执行。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.publishing import content
from rongmei.publishing import services as publishing_services
from rongmei.publishing.models import Publication
from rongmei.workspaces.models import OfficialAccount, Platform

from .choices import FilingKind, Trigger
from .models import AccountFiling, InspectionPolicy, InspectionRun
from .services import inspection_run

DORMANT_NAME = "内蒙古残联"
DORMANT_PLATFORM = "toutiao"
DORMANT_IDLE_DAYS = 17  # 最后更新在 17 天前：已超过国家指标的 14 天


def dormant_account(ws) -> OfficialAccount:
    """演示用的“沉睡”账号：开通于 60 天前（按时备案），最后一条内容发布于 17 天前。"""
    today = clock.today()
    account, _ = OfficialAccount.objects.get_or_create(
        workspace=ws, platform=Platform.objects.get(code=DORMANT_PLATFORM), name=DORMANT_NAME,
        defaults={"owner_unit": ws.client_name, "opened_on": today - dt.timedelta(days=60),
                  "url": "https://weibo.com/demo-nmgcl"})
    if account.opened_on:
        AccountFiling.objects.get_or_create(
            workspace=ws, account=account, kind=FilingKind.OPENED, event_on=account.opened_on,
            defaults={"filed_on": account.opened_on + dt.timedelta(days=2), "reference": "内残联新媒备〔演示〕1号"})
    return account


def _last_post(ws, account, editor) -> None:
    if Publication.objects.filter(account=account).exists() or editor is None:
        return
    when = clock.now() - dt.timedelta(days=DORMANT_IDLE_DAYS)
    for item in content.approved_items(ws)[:20]:
        if item.current_revision_id is None:
            continue
        try:
            (pub,) = publishing_services.publication_schedule(actor=editor, workspace=ws, item=item,
                                                              accounts=[account], planned_at=when)
        except ValidationError:
            continue  # 内容形态与平台不匹配
        publishing_services.publication_record_manual(actor=editor, publication=pub, published_at=when,
                                                      url=f"https://weibo.com/demo-nmgcl/{pub.pk}")
        return


def _filings(ws, *, skip: set[str]) -> None:
    """演示账号的开设备案（开通后第 3 天备案）；skip 中的平台故意不登记，自查会指出。"""
    for n, account in enumerate(OfficialAccount.objects.filter(workspace=ws, opened_on__isnull=False)
                                .select_related("platform").order_by("pk"), start=1):
        if account.platform.code in skip:
            continue
        AccountFiling.objects.get_or_create(
            workspace=ws, account=account, kind=FilingKind.OPENED, event_on=account.opened_on,
            defaults={"filed_on": account.opened_on + dt.timedelta(days=3), "reference": f"新媒备〔演示〕{n}号"})


@register(96, "账号自查")
def load(workspaces, users) -> None:
    nm = workspaces.get("nmg-dpf")
    if nm is not None:
        InspectionPolicy.objects.get_or_create(workspace=nm, defaults={"local_update_days": 10})
        _last_post(nm, dormant_account(nm), users.get("nm-editor"))
        _filings(nm, skip={"kuaishou"})
    for slug in ("bj-planning", "anyuan-jobs"):
        if slug in workspaces:
            _filings(workspaces[slug], skip=set())
    for ws in workspaces.values():
        if not InspectionRun.objects.filter(workspace=ws).exists():
            inspection_run(actor=None, workspace=ws, trigger=Trigger.DAILY)
