"""自查的写操作：运行自查（保存记录、发现与自查报告，提醒组长）、备案登记、自查设置。"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import require_perm
from rongmei.engines import inspection as engine
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import OfficialAccount, Platform, Workspace

from . import selectors
from .choices import FilingKind, FindingState, Severity, Trigger
from .documents import write_report
from .models import AccountFiling, Finding, InspectionPolicy, InspectionRun
from .permissions import InspectionPerm

log = logging.getLogger(__name__)

NATIONAL_DAYS = int(engine.load_pack().rule("update.national")["days"])


def _key(f) -> tuple:
    return (f.account_id, f.rule, f.veto_on, f.state)


def inspection_run(*, actor, workspace: Workspace, as_of: dt.date | None = None,
                   trigger: str = Trigger.MANUAL, alert: bool = True) -> InspectionRun:
    """按规则包检查工作区的全部账号，保存本次记录与每条发现（证据），生成自查报告；
    出现上次没有的不合格或预警项时，提醒组长。"""
    require_perm(actor, workspace, InspectionPerm.RUN)
    as_of = as_of or clock.today()
    if as_of > clock.today():
        raise ValidationError({"as_of": "检查日期不能晚于今天"})
    inputs = selectors.inputs_for(workspace, as_of)
    result = engine.inspect(inputs)
    previous = selectors.latest_run(workspace)
    seen = {_key(f) for f in selectors.findings_of(previous)} if previous else set()
    account_ids = {a.id for a in inputs.accounts}
    horizon = as_of + dt.timedelta(days=engine.load_pack().forecast_days)

    def in_forecast(f) -> bool:
        return f.veto_on is not None and as_of < f.veto_on <= horizon

    with transaction.atomic():
        run = InspectionRun.objects.create(
            workspace=workspace, as_of=as_of, trigger=trigger, pack_version=result.pack_version,
            local_update_days=inputs.local_update_days,
            rules=[{"rule": r.rule, "status": r.status, "note": r.note, "findings": r.findings} for r in result.rules],
            accounts_checked=len(inputs.accounts), items_checked=len(inputs.published),
            failing=sum(1 for f in result.findings if f.state == FindingState.FAILING),
            at_risk=sum(1 for f in result.findings if in_forecast(f)),
            high=sum(1 for f in result.findings if f.state == FindingState.FAILING and f.severity == Severity.HIGH),
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        rows = Finding.objects.bulk_create([Finding(
            run=run, workspace=workspace, account_id=f.account_id if f.account_id in account_ids else None,
            account_name=f.account, platform=f.platform, rule=f.rule, severity=f.severity, state=f.state,
            message=f.message, fix=f.fix, veto_on=f.veto_on, in_forecast=in_forecast(f), evidence=[e.to_dict() for e in f.evidence],
        ) for f in result.findings])
        _attach_report(run, rows)
        record(Action.CREATE, obj=run, workspace=workspace, actor=actor,
               after={"检查日期": as_of.isoformat(), "不合格项": run.failing, "预警项": run.at_risk,
                      "规则包版本": run.pack_version},
               message=f"自查（{Trigger(trigger).label}）：不合格 {run.failing} 项，预警 {run.at_risk} 项")
        new = [f for f in rows if _key(f) not in seen]
        if alert and new:
            _alert(workspace, run, new)
    return run


def _attach_report(run: InspectionRun, findings) -> None:
    labels = dict(Platform.objects.values_list("code", "name"))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_report(run, findings, labels, Path(tmp) / "report.docx")
        run.report.save(f"自查报告-{run.as_of.isoformat()}.docx", ContentFile(path.read_bytes()), save=True)


def _alert(workspace, run: InspectionRun, new: list[Finding]) -> None:
    failing = [f for f in new if f.state == FindingState.FAILING and not f.in_forecast]
    at_risk = [f for f in new if f.in_forecast]
    parts = []
    if failing:
        parts.append(f"新增不合格 {len(failing)} 项")
    if at_risk:
        parts.append(f"{len(at_risk)} 项将在 7 天内判为不合格")
    lines = [f"· {f.account_name or '工作区'}：{f.message}" for f in (failing + at_risk)[:8]]
    url = reverse("inspection:overview", kwargs={"ws": workspace.slug})
    notify(users=users_with_role(workspace, Role.MANAGER), workspace=workspace, kind="inspection",
           title=f"自查提醒：{'，'.join(parts)}", body="\n".join(lines), url=url)


# ------------------------------------------------------------------ 备案登记

def filing_create(*, actor, workspace: Workspace, account: OfficialAccount, kind: str, event_on: dt.date,
                  filed_on: dt.date | None = None, reference: str = "", note: str = "") -> AccountFiling:
    require_perm(actor, workspace, InspectionPerm.MANAGE)
    if account.workspace_id != workspace.pk:
        raise ValidationError({"account": "账号不属于本工作区"})
    if kind not in FilingKind.values:
        raise ValidationError({"kind": "请选择登记类型"})
    today = clock.today()
    errors = {}
    if event_on > today:
        errors["event_on"] = "事项日期不能晚于今天"
    if kind != FilingKind.NOTICE and not filed_on:
        errors["filed_on"] = "请填写备案日期"
    if filed_on and filed_on > today:
        errors["filed_on"] = "备案日期不能晚于今天"
    elif filed_on and filed_on < event_on:
        errors["filed_on"] = "备案日期不能早于事项日期"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        filing = AccountFiling.objects.create(
            workspace=workspace, account=account, kind=kind, event_on=event_on,
            filed_on=filed_on if kind != FilingKind.NOTICE else None, reference=reference.strip(),
            note=note.strip(), created_by=actor if getattr(actor, "is_authenticated", False) else None)
        record(Action.CREATE, obj=filing, workspace=workspace, actor=actor,
               after={"账号": str(account), "类型": filing.get_kind_display(), "事项日期": event_on.isoformat(),
                      "备案日期": filed_on.isoformat() if filing.filed_on else ""},
               message=f"登记{filing.get_kind_display()}：{account}")
    return filing


def filing_delete(*, actor, filing: AccountFiling) -> None:
    require_perm(actor, filing.workspace, InspectionPerm.MANAGE)
    with transaction.atomic():
        record(Action.DELETE, obj=filing, workspace=filing.workspace, actor=actor,
               before={"账号": str(filing.account), "类型": filing.get_kind_display(),
                       "事项日期": filing.event_on.isoformat()},
               message=f"删除{filing.get_kind_display()}登记：{filing.account}")
        filing.delete()


def policy_update(*, actor, workspace: Workspace, local_update_days: int | None) -> InspectionPolicy:
    require_perm(actor, workspace, InspectionPerm.MANAGE)
    if local_update_days is not None and not 1 <= local_update_days < NATIONAL_DAYS:
        raise ValidationError({"local_update_days": f"本地更新要求应在 1 到 {NATIONAL_DAYS - 1} 天之间"
                                                    f"（比国家指标的 {NATIONAL_DAYS} 天更严）"})
    with transaction.atomic():
        policy, _ = InspectionPolicy.objects.get_or_create(workspace=workspace)
        before = policy.local_update_days
        policy.local_update_days = local_update_days
        policy.save()
        record(Action.UPDATE, obj=policy, workspace=workspace, actor=actor,
               before={"本地更新要求（天）": before}, after={"本地更新要求（天）": local_update_days},
               message="修改自查设置")
    return policy


def daily_runs(*, today: dt.date | None = None) -> list[str]:
    """每日自查：每个启用的工作区跑一次（系统任务）。一个工作区出错不影响其他工作区。"""
    out = []
    for ws in Workspace.objects.filter(is_active=True).order_by("slug"):
        try:
            run = inspection_run(actor=None, workspace=ws, as_of=today, trigger=Trigger.DAILY)
            out.append(f"{ws.name}：不合格 {run.failing} 项，预警 {run.at_risk} 项")
        except Exception as exc:  # 一个工作区失败不影响其他工作区
            log.exception("自查失败：%s", ws.slug)
            out.append(f"{ws.name}：自查失败（{type(exc).__name__}）")
    return out
