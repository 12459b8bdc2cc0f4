"""自查规则：纯函数，输入 :class:`Inputs`，输出发现与每条规则的执行情况。

“今天”由调用方以 ``as_of`` 传入。每条发现写明账号、规则、证据、**判为不合格的日期**（``veto_on``）与整改办法；
还没到期但 ``forecast_days`` 天内会到期的，状态为“预警”（at_risk）。
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from rongmei.engines.workdays import CalendarCoverageError, add_workdays

from .model import (
    AT_RISK,
    CHECKED,
    FAILING,
    HIGH,
    MEDIUM,
    NO_DATA,
    SEVERITY_ORDER,
    Account,
    Evidence,
    Finding,
    Inputs,
    Result,
    RuleStatus,
)
from .pack import Pack, load_pack

EVENT_LABELS = {"opened": "开设", "changed": "变更", "closed": "注销"}


def _d(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}-{day.day:02d}"


def _plus_workdays(day: dt.date, n: int) -> dt.date:
    """法定工作日（含调休）；超出官方日历覆盖的年份时按周一至周五计。"""
    try:
        return add_workdays(day, n)
    except CalendarCoverageError:
        current, left = day, n
        while left:
            current += dt.timedelta(days=1)
            if current.weekday() < 5:
                left -= 1
        return current


def _state(veto_on: dt.date, as_of: dt.date) -> str:
    return FAILING if veto_on <= as_of else AT_RISK


class _Collector:
    def __init__(self, pack: Pack, as_of: dt.date):
        self.pack, self.as_of = pack, as_of
        self.findings: list[Finding] = []
        self.horizon = as_of + dt.timedelta(days=pack.forecast_days)

    def add(self, rule: str, account: Account | None, *, message: str, fix: str, veto_on: dt.date | None = None,
            state: str | None = None, evidence=(), severity: str | None = None) -> None:
        if state is None:
            state = _state(veto_on, self.as_of) if veto_on else FAILING
        self.findings.append(Finding(
            account_id=account.id if account else None, account=account.name if account else "",
            platform=account.platform if account else "", rule=rule,
            severity=severity or self.pack.rule(rule).get("severity", "medium"), state=state, message=message,
            fix=fix, veto_on=veto_on, evidence=tuple(evidence)))


# ------------------------------------------------------------------ 内容更新

def _update_start(acc: Account) -> tuple[dt.date | None, str]:
    if acc.last_update:
        return acc.last_update, "最后更新"
    if acc.opened_on:
        return acc.opened_on, "开通后从未更新，开通日期"
    if acc.registered_on:
        return acc.registered_on, "登记后从未更新，登记日期"
    return None, ""


def check_updates(inputs: Inputs, out: _Collector) -> None:
    national = int(out.pack.rule("update.national")["days"])
    local = inputs.local_update_days if inputs.local_update_days and inputs.local_update_days < national else None
    for acc in inputs.accounts:
        if acc.status == "closed":
            continue
        start, label = _update_start(acc)
        if start is None:
            continue
        evidence = [Evidence(f"{label} {_d(start)}" + (f"：{acc.last_update_title}" if acc.last_update_title else ""),
                             start, acc.last_update_url)]
        veto_on = start + dt.timedelta(days=national)
        idle = (out.as_of - start).days
        local_due = start + dt.timedelta(days=local) if local else None
        if veto_on > out.as_of and local_due and local_due <= out.as_of:
            # 超过本地要求、尚未到国家指标：报本地规则（写明国家指标的判定日期，也进 7 天预警）
            out.add("update.local", acc, state=FAILING, veto_on=veto_on, evidence=evidence,
                    message=f"{label} {_d(start)}：已 {idle} 天未更新，超过本工作区 {local} 天的要求；"
                            f"{_d(veto_on)} 起国家指标判为不合格",
                    fix=f"在 {_d(veto_on - dt.timedelta(days=1))} 前在该账号发布内容")
        elif veto_on <= out.horizon:
            state = _state(veto_on, out.as_of)
            head = f"{label} {_d(start)}：{_d(veto_on)} 起判为不合格"
            if state == FAILING:
                message = f"{head}（已 {idle} 天未更新，超过国家指标 {national} 天）"
            else:
                message = f"{head}（还剩 {(veto_on - out.as_of).days} 天）"
            fix = f"在 {_d(veto_on - dt.timedelta(days=1))} 前在该账号发布至少一条内容" if state == AT_RISK else \
                "立即在该账号发布内容；确已停止运营的，发布停更公告后按程序注销并备案"
            out.add("update.national", acc, message=message, fix=fix, veto_on=veto_on, state=state, evidence=evidence)


# ------------------------------------------------------------------ 互动回应

def check_interaction(inputs: Inputs, out: _Collector) -> RuleStatus | None:
    if inputs.interaction is None:
        return None
    accounts = {a.id: a for a in inputs.accounts}
    for stat in inputs.interaction:
        acc = accounts.get(stat.account_id)
        if acc is None or not stat.overdue:
            continue
        since = stat.oldest_overdue_on
        out.add("interaction.response", acc, state=FAILING, veto_on=since,
                evidence=[Evidence(f"{stat.channel}：收到 {stat.received} 条，超时 {stat.overdue} 条", since, stat.url)],
                message=f"{stat.channel}有 {stat.overdue} 条留言未在时限内回应" +
                        (f"（时限：{stat.limit_label}）" if stat.limit_label else "") +
                        (f"，最早一条应于 {_d(since)} 前回应" if since else ""),
                fix="在互动收件箱逐条回应超时留言；无法答复的说明理由并转交承办单位")
    return None


# ------------------------------------------------------------------ 已发布内容

def check_published(inputs: Inputs, out: _Collector) -> None:
    accounts = {a.id: a for a in inputs.accounts}
    rule = out.pack.rule("content.sensitive")
    wanted = SEVERITY_ORDER_CN.get(rule.get("min_hit_severity", "高"), 0)
    categories = set(rule.get("categories") or ())
    cap = float(out.pack.rule("content.error_rate")["cap_per_10k"])
    for item in inputs.published:
        acc = accounts.get(item.account_id)
        if acc is None:
            continue
        where = Evidence(f"《{item.title}》发布于 {_d(item.published_on)}", item.published_on, item.url)
        extra = [Evidence(f"稿件发布后于 {_d(item.changed_after)} 修改过正文（按改后正文检查）", item.changed_after,
                          item.link)] if item.changed_after else []
        hits = [h for h in item.hits if SEVERITY_ORDER_CN.get(h.severity, 9) <= wanted
                and (not categories or h.category in categories)]
        if hits:
            severity = HIGH if any(h.severity == "高" for h in hits) else MEDIUM
            shown = "；".join(f"“{h.text}”（{h.message}）" for h in hits[:3])
            more = f"等 {len(hits)} 处" if len(hits) > 3 else ""
            out.add("content.sensitive", acc, state=FAILING, veto_on=item.changed_after or item.published_on,
                    severity=severity,
                    evidence=[where, *extra, *(Evidence(f"“{h.text}”：{h.message}") for h in hits[:10])],
                    message=f"已发布的《{item.title}》含错敏信息：{shown}{more}",
                    fix="立即修改或删除该条内容，按审核流程复核后重新发布，并在自查报告中说明整改情况")
        if item.error_rate is not None and item.error_rate > cap:
            out.add("content.error_rate", acc, state=FAILING, evidence=[where, *extra],
                    message=f"《{item.title}》差错率为每万字 {item.error_rate:.1f} 处，超过合同上限 {cap:g} 处",
                    fix="在稿件页逐条处理审校发现（改正或说明误报），必要时更正已发布内容")


SEVERITY_ORDER_CN = {"高": 0, "中": 1, "低": 2}


# ------------------------------------------------------------------ 账号登记

def check_registry(inputs: Inputs, out: _Collector) -> None:
    live = [a for a in inputs.accounts if a.status != "closed"]
    for acc in live:
        if not acc.owner_unit.strip():
            out.add("registry.host_unit", acc, state=FAILING,
                    message=f"{acc.label} 没有登记主办单位", fix="在账号矩阵中补填主办单位（与平台认证主体一致）")
    # 同一主办单位在各平台的名称：以多数为准
    by_unit: dict[str, list[Account]] = defaultdict(list)
    for acc in live:
        if acc.owner_unit.strip() and acc.checks_name:
            by_unit[acc.owner_unit.strip()].append(acc)
    for unit, accs in by_unit.items():
        names = [a.name for a in accs]
        if len(set(names)) < 2:
            continue
        common = max(sorted(set(names)), key=names.count)
        for acc in accs:
            if acc.name != common:
                out.add("registry.name", acc, state=FAILING,
                        evidence=[Evidence(f"{unit} 的其他账号名为“{common}”")],
                        message=f"{acc.label} 与同单位其他平台账号名称“{common}”不一致",
                        fix="统一各平台账号名称（改名须经甲方审批），或在备注中说明差异的原因")
    by_unit_platform: dict[tuple[str, str], list[Account]] = defaultdict(list)
    for acc in live:
        if acc.owner_unit.strip():
            by_unit_platform[(acc.owner_unit.strip(), acc.platform)].append(acc)
    for (unit, _platform), accs in by_unit_platform.items():
        if len(accs) < 2:
            continue
        for acc in accs:
            others = "、".join(f"“{a.name}”" for a in accs if a is not acc)
            out.add("registry.one_per_platform", acc, state=FAILING,
                    evidence=[Evidence(f"同一平台的其他账号：{others}")],
                    message=f"{unit} 在{acc.platform_label}开设了 {len(accs)} 个账号",
                    fix="整合同一平台的多个账号：保留一个，其余发布停更公告后注销并备案")
    workdays = int(out.pack.rule("registry.filing")["workdays"])
    for acc in inputs.accounts:
        for event in acc.events:
            _check_filing(acc, event, workdays, out)
        if acc.status == "closed" and acc.closed_on:
            notices = [f for f in acc.filings if f.kind == "notice" and f.event_on <= acc.closed_on]
            if not notices:
                out.add("registry.closure_notice", acc, state=FAILING, veto_on=acc.closed_on,
                        evidence=[Evidence(f"注销日期 {_d(acc.closed_on)}", acc.closed_on)],
                        message=f"{acc.label} 于 {_d(acc.closed_on)} 注销，注销前没有登记停更公告",
                        fix="补登记停更公告（发布日期与链接）；今后注销前先发布停更公告")


def _check_filing(acc: Account, event, workdays: int, out: _Collector) -> None:
    deadline = _plus_workdays(event.on, workdays)
    veto_on = deadline + dt.timedelta(days=1)
    what = EVENT_LABELS.get(event.kind, event.kind)
    filed = [f for f in acc.filings if f.kind == event.kind and f.event_on == event.on and f.filed_on]
    evidence = [Evidence(f"{what}日期 {_d(event.on)}" + (f"（{event.note}）" if event.note else ""), event.on)]
    if filed:
        late = [f for f in filed if f.filed_on > deadline]
        if len(late) == len(filed):
            first = min(f.filed_on for f in filed)
            out.add("registry.filing", acc, state=FAILING, veto_on=veto_on,
                    evidence=[*evidence, Evidence(f"备案日期 {_d(first)}", first)],
                    message=f"{acc.label} {what}后于 {_d(first)} 才备案，超过 {workdays} 个工作日"
                            f"（应在 {_d(deadline)} 前）",
                    fix="在备案说明中写明逾期原因；今后开设、变更、注销后 5 个工作日内备案")
        return
    if veto_on > out.horizon:
        return
    state = _state(veto_on, out.as_of)
    out.add("registry.filing", acc, state=state, veto_on=veto_on, evidence=evidence,
            message=f"{acc.label} {_d(event.on)} {what}，没有备案记录：应在 {_d(deadline)} 前备案，"
                    f"{_d(veto_on)} 起判为不合格",
            fix=f"向主管单位备案后在“备案登记”中登记备案日期与备案号（{what}备案）")


# ------------------------------------------------------------------ 粉丝质量

def check_followers(inputs: Inputs, out: _Collector) -> None:
    rule = out.pack.rule("growth.followers")
    window, min_history = int(rule["baseline_days"]), int(rule["min_history_days"])
    factor, min_gain = float(rule["factor"]), float(rule["min_gain"])
    lookback = out.as_of - dt.timedelta(days=window)
    for acc in inputs.accounts:
        gains = acc.follower_gains
        for day in sorted(d for d in gains if lookback < d <= out.as_of):
            history = [gains[d] for d in gains if day - dt.timedelta(days=window) <= d < day]
            if len(history) < min_history:
                continue
            base = statistics.median(history)
            value = gains[day]
            if value >= min_gain and value > factor * max(base, 1.0):
                out.add("growth.followers", acc, state=FAILING,
                        evidence=[Evidence(f"{_d(day)} 新增关注 {value:,.0f}，此前 {len(history)} 天中位数 {base:,.0f}",
                                           day)],
                        message=f"{acc.label} {_d(day)} 新增关注 {value:,.0f} 人，是此前中位数的 "
                                f"{value / max(base, 1.0):.0f} 倍，疑似异常涨粉",
                        fix="核实当天是否有活动、转载或投放；不能说明来源的，向平台申请核查并停止任何买粉、刷量行为")


# ------------------------------------------------------------------ 总入口

def inspect(inputs: Inputs, pack: Pack | None = None) -> Result:
    """按规则包检查一个工作区的全部账号。发现按（严重程度、判定日期、账号）排序。"""
    pack = pack or load_pack()
    out = _Collector(pack, inputs.as_of)
    statuses: list[RuleStatus] = []

    def run(rule_ids, fn, no_data_note: str = ""):
        before = len(out.findings)
        skipped = fn(inputs, out) if fn else None
        for rule_id in rule_ids:
            count = sum(1 for f in out.findings[before:] if f.rule == rule_id)
            label = pack.rule(rule_id)["label"]
            if no_data_note:
                statuses.append(RuleStatus(rule_id, label, NO_DATA, no_data_note, 0))
            else:
                statuses.append(RuleStatus(rule_id, label, CHECKED, "", count))
        return skipped

    update_rules = ["update.national"] + (["update.local"] if inputs.local_update_days else [])
    run(update_rules, check_updates)
    if inputs.interaction is None:
        run(["interaction.response"], None, inputs.interaction_note or "还没有互动数据，无法检查")
    else:
        run(["interaction.response"], check_interaction)
    run(["content.sensitive", "content.error_rate"], check_published)
    run(["registry.host_unit", "registry.name", "registry.one_per_platform", "registry.filing",
         "registry.closure_notice"], check_registry)
    run(["growth.followers"], check_followers)
    far = dt.date.max
    findings = sorted(out.findings, key=lambda f: (f.state != FAILING, SEVERITY_ORDER.get(f.severity, 9),
                                                   f.veto_on or far, f.account, f.rule))
    return Result(inputs.as_of, pack.version, tuple(findings), tuple(statuses))

