"""排期检查：按合同频次规则与推荐时段，提前发现“工作日发得不够”“一周不够数”“账号长期不更新”。"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from rongmei.core import clock
from rongmei.core.notifications import notify
from rongmei.engines.workdays import CalendarCoverageError, is_workday
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership, Workspace
from rongmei.workspaces.selectors import accounts_of

from . import content, selectors
from .choices import ACTIVE_STATES

NO_UPDATE_DAYS = 10


@dataclass(frozen=True)
class PlanWarning:
    message: str
    date: dt.date | None = None
    account_id: int | None = None
    kind: str = "frequency"  # frequency | week | idle | window


def _unit(code: str) -> str:
    return "篇" if code == "wechat" else "条"


def _days(start: dt.date, end: dt.date):
    d = start
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


def _md(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def check(workspace, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> list[PlanWarning]:
    """[start, end] 内（不早于今天，且在工作区服务期内）的排期问题。

    频次要求来自合同：服务期开始前、结束后没有发布义务，不提示（合同已结束的工作区没有任何预警）。
    """
    today = today or clock.today()
    start = max(start, today)
    if workspace.period_start:
        start = max(start, workspace.period_start)
    if workspace.period_end:
        end = min(end, workspace.period_end)
    if start > end:
        return []
    rules = {r.platform.code: r for r in selectors.frequency_rules(workspace)}
    accounts = list(accounts_of(workspace, status="active"))
    week_start = start - dt.timedelta(days=start.weekday())
    week_end = end + dt.timedelta(days=6 - end.weekday())
    idle_end = max(end, today + dt.timedelta(days=NO_UPDATE_DAYS - 1))
    lo, hi = min(week_start, today), max(week_end, idle_end)
    counts: Counter = Counter()
    for account_id, planned_at in (selectors.publications_between(workspace, lo, hi).filter(state__in=ACTIVE_STATES)
                                   .values_list("account_id", "planned_at")):
        counts[(account_id, timezone.localdate(planned_at))] += 1
    out: list[PlanWarning] = []
    for acc in accounts:
        code, unit = acc.platform.code, _unit(acc.platform.code)
        label = f"{acc.platform.name}“{acc.name}”"
        rule = rules.get(code)
        if rule is not None:
            for day in _days(start, end):
                try:
                    workday = is_workday(day)
                except CalendarCoverageError:
                    continue
                n = counts[(acc.pk, day)]
                if workday:
                    lo_n, hi_n = rule.workday_min, rule.workday_max
                    if lo_n and hi_n and not lo_n <= n <= hi_n:
                        out.append(PlanWarning(f"{_md(day)}是工作日，{label}计划了 {n} {unit}（要求每个工作日 {lo_n}–{hi_n} {unit}）",
                                               day, acc.pk))
                    elif lo_n and n < lo_n:
                        out.append(PlanWarning(f"{_md(day)}是工作日，{label}只计划了 {n} {unit}（要求不少于 {lo_n} {unit}）",
                                               day, acc.pk))
                    elif hi_n and n > hi_n:
                        out.append(PlanWarning(f"{_md(day)}是工作日，{label}计划了 {n} {unit}（建议不超过 {hi_n} {unit}）",
                                               day, acc.pk))
                elif rule.holiday_min and n < rule.holiday_min:
                    out.append(PlanWarning(f"{_md(day)}是休息日，{label}只计划了 {n} {unit}（要求不少于 {rule.holiday_min} {unit}）",
                                           day, acc.pk))
            if rule.week_min:
                monday = week_start
                while monday <= end:
                    sunday = monday + dt.timedelta(days=6)
                    n = sum(counts[(acc.pk, d)] for d in _days(monday, sunday))
                    # 服务期只覆盖这一周的一部分时，“每周不少于”无从按整周要求，不提示
                    partial = ((workspace.period_start and monday < workspace.period_start)
                               or (workspace.period_end and sunday > workspace.period_end))
                    if n < rule.week_min and not partial:
                        out.append(PlanWarning(
                            f"{_md(monday)}–{_md(sunday)}这一周{label}只计划了 {n} {unit}（要求每周不少于 {rule.week_min} {unit}）",
                            max(monday, start), acc.pk, "week"))
                    monday += dt.timedelta(days=7)
        horizon = today + dt.timedelta(days=NO_UPDATE_DAYS - 1)
        if workspace.period_end:
            horizon = min(horizon, workspace.period_end)
        if start <= today and not any(counts[(acc.pk, d)] for d in _days(today, horizon)):
            days = (horizon - today).days + 1
            out.append(PlanWarning(f"未来 {days} 天没有给{label}安排任何更新", today, acc.pk, "idle"))
    return out


def window_warning(workspace, account, planned_at: dt.datetime) -> str:
    """计划时间不在推荐时段时的提示（空字符串表示没问题）。"""
    windows = content.recommended_windows(workspace, account.platform.code)
    local = timezone.localtime(planned_at)
    if content.in_windows(local, windows):
        return ""
    return f"{account.platform.name}推荐在 {content.windows_label(windows)} 发布，{local:%H:%M} 不在推荐时段"


def send_digests(today: dt.date) -> int:
    """每日排期预警：发给各工作区的项目经理与编辑。返回发出的通知条数。"""

    sent = 0
    for ws in Workspace.objects.filter(is_active=True):
        warnings = check(ws, today, today + dt.timedelta(days=NO_UPDATE_DAYS - 1), today=today)
        if not warnings:
            continue
        users = [m.user for m in Membership.objects.filter(workspace=ws, role__in=(Role.MANAGER, Role.EDITOR))
                 .select_related("user")]
        lines = [w.message for w in warnings[:30]]
        if len(warnings) > 30:
            lines.append(f"……共 {len(warnings)} 条，请在发布排期中查看")
        sent += len(notify(users=users, workspace=ws, title=f"发布排期预警：{len(warnings)} 项需要关注",
                           body="\n".join(lines), url=reverse("publishing:calendar", kwargs={"ws": ws.slug}),
                           kind="publishing.digest"))
    return sent
