"""合同定义（YAML）→ 数据类：逐字段校验，错误与警告都带行号。"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from ..facts import FIELD_SPECS
from ..vocab import FACT_TYPES, KINDS, METRICS, PERIOD_UNITS, PLATFORMS
from ..yamlnodes import Issue, Reader, YamlSyntaxError, YNode, compose
from .model import (
    DUTY_DAYS,
    MEASURES,
    PAYMENT_TRIGGERS,
    PENALTY_KINDS,
    PERIOD_CODES,
    RULES,
    SCHEMA,
    Bonus,
    Category,
    Checkpoint,
    Contract,
    ContractError,
    DutyBand,
    Indicator,
    Obligation,
    Party,
    Payment,
    Penalty,
    Scoring,
    Selector,
    Staffing,
    StaffPost,
    ValidationReport,
    money,
)

__all__ = ["parse_contract", "validate_contract_text", "load_contract_file"]

_TOP = {
    "schema", "id", "name", "source", "notes", "parties", "period", "signed", "amount", "currency",
    "platforms", "obligations", "scoring", "payments", "checkpoints", "penalties", "staffing",
}
_FACT_FIELDS = sorted({f for spec in FIELD_SPECS.values() for f in spec} | {"hours", "value"})


def _selector(r: Reader, node: YNode) -> Selector | None:
    m = r.mapping(node, {"type", "platform", "kind", "name", "where"}, {"type"}, "facts")
    if m is None:
        return None
    ftype = r.enum(m, "type", FACT_TYPES)
    if ftype is None:
        return None
    platforms = r.str_list(m, "platform", PLATFORMS)
    kinds = r.str_list(m, "kind", KINDS)
    raw_names = r.str_list(m, "name", METRICS)
    names = tuple((n.lstrip("-"), -1 if n.startswith("-") else 1) for n in raw_names) if raw_names else None
    if names and ftype != "metric":
        r.error(m["name"], "只有 type: metric 才能按指标名 name 选取")
    where: list[tuple[str, str, Any]] = []
    wnode = m.get("where")
    if wnode is not None:
        if not wnode.is_map:
            r.error(wnode, "“where”应为映射，如 {minutes: {min: 120}}、{course: {contains: 供稿员}}")
        else:
            for key, kline, vnode in wnode.pairs():
                if key not in _FACT_FIELDS:
                    r.error(kline, f"where 中的字段“{key}”不是事实字段，可选：{'、'.join(_FACT_FIELDS)}")
                    continue
                if vnode.is_map:
                    cond = r.mapping(vnode, {"min", "max", "contains"}, what=f"where.{key}")
                    for op in ("min", "max"):
                        if cond and op in cond:
                            v = r.num(cond, op)
                            if v is not None:
                                where.append((key, op, v))
                    if cond and "contains" in cond:
                        text = r.str_(cond, "contains")
                        if text:
                            where.append((key, "contains", text))
                elif vnode.is_seq:
                    where.append((key, "in", tuple(c.value for c in vnode.items())))
                else:
                    where.append((key, "eq", vnode.value))
    return Selector(ftype, platforms, kinds, names, tuple(where))


def _obligation(r: Reader, node: YNode, seen: dict[str, int]) -> Obligation | None:
    m = r.mapping(
        node,
        {
            "id", "name", "facts", "measure", "field", "threshold", "per", "target", "baselines", "max_per_unit",
            "unit", "scored", "advisory", "deadline", "start", "end", "growth_of", "baseline", "note",
        },
        {"id", "name", "facts"},
        "义务",
    )
    if m is None:
        return None
    oid = r.str_(m, "id")
    if oid and oid in seen:
        r.error(m["id"], f"义务 id“{oid}”重复（上一次在第 {seen[oid]} 行）")
    elif oid:
        seen[oid] = m["id"].line
    sel = _selector(r, m["facts"]) if "facts" in m else None
    measure = r.enum(m, "measure", MEASURES, "count")
    fld = r.str_(m, "field")
    if fld is not None and fld not in _FACT_FIELDS:
        r.error(m["field"], f"“field”的取值“{fld}”不是事实字段，可选：{'、'.join(_FACT_FIELDS)}")
    if measure in ("sum", "max") and fld is None:
        fld = "value" if sel and sel.type == "metric" else None
        if fld is None:
            r.error(node, f"measure: {measure} 需要指定 field（求和/取最大值的字段）")
    threshold = None
    if "threshold" in m:
        t = r.mapping(m["threshold"], {"field", "min"}, {"field", "min"}, "threshold")
        if t:
            tf, tv = r.str_(t, "field"), r.num(t, "min")
            if tf and tv is not None:
                threshold = (tf, float(tv))
    if measure == "share" and threshold is None:
        r.error(node, "measure: share 需要 threshold: {field: …, min: …}")
    per = r.enum(m, "per", PERIOD_UNITS, "period")
    target = r.num(m, "target", minimum=0)
    baselines: dict[str, float] = {}
    if "baselines" in m:
        b = r.mapping(m["baselines"], {"month", "half", "year"}, what="baselines")
        for key in ("month", "half", "year"):
            if b and key in b:
                v = r.num(b, key, minimum=0)
                if v is not None:
                    baselines[key] = float(v)
        if "year" in baselines and target is None:
            target = baselines["year"]
    if target is None and measure != "level":
        r.error(node, "缺少目标值 target（或 baselines.year）")
    growth_of = r.enum(m, "growth_of", {"sum": "求和", "level": "累计水平"}, "sum")
    gbase = None
    if "baseline" in m:
        b = r.mapping(m["baseline"], {"value", "previous_period"}, what="baseline")
        if b:
            gbase = r.num(b, "value")
    if per != "period" and measure not in ("count", "distinct", "sum"):
        r.error(m["per"], "按月/周/日计的义务只支持 count、distinct、sum")
    if sel and sel.names and measure == "level" and any(s < 0 for _, s in sel.names):
        r.error(m["facts"], "level 不支持相减的指标名")
    if measure in ("level",) or (measure == "growth" and growth_of == "level"):
        if sel and sel.type != "metric":
            r.error(m["facts"], f"measure: {measure} 需要 type: metric 的累计指标（如 followers_total）")
    if target is None and measure == "level":
        r.error(node, "缺少目标值 target")
    period = r.period
    for key, label in (("start", "开始日期"), ("end", "结束日期"), ("deadline", "截止日期")):
        day = r.date(m, key)
        if period and day and not period[0] <= day <= period[1]:
            r.warn(m[key], f"义务“{r.str_(m, 'name', oid)}”的{label} {day} 在服务期 {period[0]}～{period[1]} 之外")
    if not oid or sel is None:
        return None
    return Obligation(
        id=oid,
        name=r.str_(m, "name", oid),
        select=sel,
        measure=measure,
        field=fld,
        threshold=threshold,
        per=per,
        target=float(target) if target is not None else None,
        baselines=baselines,
        max_per_unit=r.num(m, "max_per_unit"),
        unit=r.str_(m, "unit", ""),
        scored=r.bool_(m, "scored", True),
        advisory=r.bool_(m, "advisory", False),
        deadline=r.date(m, "deadline"),
        start=r.date(m, "start"),
        end=r.date(m, "end"),
        growth_of=growth_of,
        growth_baseline=float(gbase) if gbase is not None else None,
        note=r.str_(m, "note", ""),
        line=node.line,
    )


def _scoring(r: Reader, node: YNode | None, obligations: dict[str, Obligation]) -> Scoring:
    if node is None or node.is_null:
        return Scoring()
    m = r.mapping(node, {"mode", "max", "categories", "bonus", "passing", "payment_ratio", "note"}, what="scoring")
    if m is None:
        return Scoring()
    mode = r.enum(m, "mode", {"weighted": "加权评分表", "completion": "按完成率"}, "weighted")
    smax = float(r.num(m, "max", 100.0, minimum=0.000001))
    categories: list[Category] = []
    ids: dict[str, int] = {}
    for cnode in (m["categories"].items() if "categories" in m and m["categories"].is_seq else []):
        c = r.mapping(cnode, {"id", "name", "weight", "items", "note"}, {"id", "name", "weight", "items"}, "考核大类")
        if not c:
            continue
        cid = r.str_(c, "id", "")
        items: list[Indicator] = []
        for inode in (c["items"].items() if "items" in c and c["items"].is_seq else []):
            i = r.mapping(
                inode,
                {"id", "name", "weight", "obligation", "rule", "deduct", "note"},
                {"id", "name", "weight", "obligation", "rule"},
                "评分项",
            )
            if not i:
                continue
            iid = r.str_(i, "id", "")
            if iid in ids:
                r.error(i["id"], f"评分项 id“{iid}”重复（上一次在第 {ids[iid]} 行）")
            ids[iid] = inode.line
            ob = r.str_(i, "obligation")
            if ob and ob not in obligations:
                r.error(i["obligation"], f"引用了不存在的义务“{ob}”")
            rule = r.enum(i, "rule", RULES)
            deduct = r.num(i, "deduct", 0.0, minimum=0)
            if rule == "deduct_per_unit" and not deduct:
                r.error(inode, "rule: deduct_per_unit 需要 deduct（每少 1 个单位扣的分数）")
            if rule == "share" and ob in obligations and obligations[ob].measure != "share":
                r.error(i["rule"], f"rule: share 需要 measure: share 的义务，“{ob}”是 {obligations[ob].measure}")
            weight = r.num(i, "weight", 0.0, minimum=0)
            if ob in obligations and not obligations[ob].scored:
                r.warn(i["obligation"], f"义务“{ob}”标记为不计分，却被评分项引用")
            if rule and ob:
                items.append(Indicator(iid, r.str_(i, "name", iid), float(weight), ob, rule, float(deduct or 0),
                                       cid, r.str_(i, "note", ""), inode.line))
        cweight = r.num(c, "weight", 0.0, minimum=0)
        total = sum(it.weight for it in items)
        if cweight is not None and abs(total - cweight) > 1e-9:
            r.warn(c["weight"], f"考核大类“{r.str_(c, 'name', cid)}”分值 {cweight:g} 与其二级指标分值之和 {total:g} 不一致")
        categories.append(Category(cid, r.str_(c, "name", cid), float(cweight or 0), tuple(items), cnode.line))
    if mode == "weighted":
        if not categories:
            r.error(node, "mode: weighted 需要 categories（考核大类及评分项）")
        else:
            total = sum(c.weight for c in categories)
            if abs(total - smax) > 1e-9:
                r.warn(m.get("categories", node), f"考核大类分值合计 {total:g}，与满分 {smax:g} 不一致")
    bonus: list[Bonus] = []
    for bnode in (m["bonus"].items() if "bonus" in m and m["bonus"].is_seq else []):
        b = r.mapping(
            bnode,
            {"id", "name", "points", "obligation", "greater_than", "manual", "max", "periods", "note"},
            {"id", "name"},
            "加分项",
        )
        if not b:
            continue
        manual = r.bool_(b, "manual", False)
        ob = r.str_(b, "obligation")
        gt = r.num(b, "greater_than")
        pts = r.num(b, "points", minimum=0)
        if not manual:
            if not ob or gt is None or pts is None:
                r.error(bnode, "自动加分项需要 obligation、greater_than 与 points；人工认定的加分项写 manual: true")
            elif ob not in obligations:
                r.error(b["obligation"], f"引用了不存在的义务“{ob}”")
            elif obligations[ob].target is not None and gt < obligations[ob].target:
                r.warn(b["greater_than"], f"加分门槛 {gt:g} 低于义务“{ob}”的目标值 {obligations[ob].target:g}")
        periods = r.str_list(b, "periods") or ("annual",)
        for p in periods:
            if p not in PERIOD_CODES and p != "month":
                r.error(b["periods"], f"periods 中的“{p}”无效，可选：annual、h1、h2、month")
        bonus.append(Bonus(r.str_(b, "id", ""), r.str_(b, "name", ""), pts, ob, gt, manual, r.num(b, "max"),
                           tuple(periods), r.str_(b, "note", ""), bnode.line))
    pass_ratio, all_met = 0.9, mode == "completion"
    if "passing" in m:
        p = r.mapping(m["passing"], {"min_ratio", "all_met", "note"}, what="passing")
        if p:
            pass_ratio = float(r.num(p, "min_ratio", 0.9, minimum=0))
            all_met = r.bool_(p, "all_met", all_met)
    when_passed, when_failed = 1.0, "score"
    if "payment_ratio" in m:
        p = r.mapping(m["payment_ratio"], {"passed", "failed", "note"}, what="payment_ratio")
        if p:
            when_passed = float(r.num(p, "passed", 1.0, minimum=0))
            when_failed = r.enum(p, "failed", {"score": "按得分比例", "zero": "不拨付"}, "score")
    return Scoring(mode, smax, tuple(categories), tuple(bonus), pass_ratio, all_met, when_passed, when_failed)


def _payments(r: Reader, node: YNode | None) -> list[Payment]:
    out: list[Payment] = []
    if node is None or node.is_null:
        return out
    if not node.is_seq:
        r.error(node, "payments 应为列表")
        return out
    for pnode in node.items():
        p = r.mapping(
            pnode,
            {"id", "name", "trigger", "ratio", "amount", "workdays", "months", "date", "checkpoint", "scaled_by", "note"},
            {"id", "name", "trigger"},
            "付款节点",
        )
        if not p:
            continue
        trigger = r.enum(p, "trigger", PAYMENT_TRIGGERS)
        scaled = r.enum(p, "scaled_by", PERIOD_CODES)
        ratio, amount = r.num(p, "ratio", minimum=0), money(r.num(p, "amount", minimum=0))
        if ratio is None and amount is None:
            r.error(pnode, "付款节点需要 ratio（占合同金额比例）或 amount（金额）")
        if trigger == "months" and not r.num(p, "months"):
            r.error(pnode, "trigger: months 需要 months（合同满几个月）")
        if trigger == "date" and r.date(p, "date") is None:
            r.error(pnode, "trigger: date 需要 date")
        if trigger == "acceptance" and not r.str_(p, "checkpoint"):
            r.error(pnode, "trigger: acceptance 需要 checkpoint（验收节点 id）")
        if trigger:
            out.append(Payment(
                r.str_(p, "id", ""), r.str_(p, "name", ""), trigger, ratio, amount, int(r.num(p, "workdays", 0)),
                int(r.num(p, "months", 0)), r.date(p, "date"), r.str_(p, "checkpoint"), scaled,
                r.str_(p, "note", ""), pnode.line,
            ))
    return out


def _checkpoints(r: Reader, node: YNode | None) -> list[Checkpoint]:
    out: list[Checkpoint] = []
    if node is None or node.is_null:
        return out
    if not node.is_seq:
        r.error(node, "checkpoints 应为列表")
        return out
    for cnode in node.items():
        c = r.mapping(
            cnode,
            {"id", "name", "kind", "due", "after_end_workdays", "recurring", "day", "next_month", "evidence", "note"},
            {"id", "name"},
            "验收/报送节点",
        )
        if not c:
            continue
        recurring = r.enum(c, "recurring", {"month": "每月"})
        due = r.date(c, "due")
        aew = r.num(c, "after_end_workdays", minimum=0)
        day = r.num(c, "day", minimum=1)
        if recurring and not day:
            r.error(cnode, "recurring: month 需要 day（每月几日前）")
        if not recurring and due is None and aew is None:
            r.warn(cnode, f"节点“{r.str_(c, 'name', '')}”没有约定截止日期，只记录交付情况，不计逾期")
        ev = _selector(r, c["evidence"]) if "evidence" in c else None
        out.append(Checkpoint(
            r.str_(c, "id", ""), r.str_(c, "name", ""),
            r.enum(c, "kind", {"report": "报送", "acceptance": "验收", "assessment": "考核"}, "report"),
            due, int(aew) if aew is not None else None, recurring, int(day) if day else None,
            r.bool_(c, "next_month", False), ev, r.str_(c, "note", ""), cnode.line,
        ))
    return out


def _penalties(r: Reader, node: YNode | None, obligations: dict[str, Obligation], cps: set[str]) -> list[Penalty]:
    out: list[Penalty] = []
    if node is None or node.is_null:
        return out
    if not node.is_seq:
        r.error(node, "penalties 应为列表")
        return out
    for pnode in node.items():
        p = r.mapping(
            pnode,
            {"id", "name", "kind", "rate", "checkpoints", "when_missed", "when_failed", "max_days", "note"},
            {"id", "name", "kind", "rate"},
            "违约金",
        )
        if not p:
            continue
        kind = r.enum(p, "kind", PENALTY_KINDS)
        rate = r.num(p, "rate", minimum=0)
        checkpoints = r.str_list(p, "checkpoints") or ()
        for cid in checkpoints:
            if cid not in cps:
                r.error(p["checkpoints"], f"引用了不存在的节点“{cid}”")
        missed = r.str_list(p, "when_missed") or ()
        for oid in missed:
            if oid not in obligations:
                r.error(p["when_missed"], f"引用了不存在的义务“{oid}”")
        fcp, ftimes = None, None
        if "when_failed" in p:
            f = r.mapping(p["when_failed"], {"checkpoint", "times"}, {"checkpoint", "times"}, "when_failed")
            if f:
                fcp, ftimes = r.str_(f, "checkpoint"), r.num(f, "times", minimum=1)
                if fcp and fcp not in cps:
                    r.error(f["checkpoint"], f"引用了不存在的节点“{fcp}”")
        if kind == "per_day_late" and not checkpoints:
            r.error(pnode, "kind: per_day_late 需要 checkpoints（按哪些节点的逾期天数计）")
        if kind == "percentage" and not missed and not fcp:
            r.error(pnode, "kind: percentage 需要 when_missed（未达标的义务）或 when_failed（验收不合格次数）")
        if rate is not None and rate > 1:
            r.warn(p["rate"], f"比例 {rate:g} 大于 1（应写小数，如 0.003 表示千分之三）")
        if kind and rate is not None:
            out.append(Penalty(
                r.str_(p, "id", ""), r.str_(p, "name", ""), kind, float(rate), checkpoints, missed, fcp,
                int(ftimes) if ftimes else None, r.num(p, "max_days"), r.str_(p, "note", ""), pnode.line,
            ))
    return out


def _clock(r: Reader, m: dict, key: str) -> int | None:
    """“09:00”“24:00” → 当天的分钟数。"""
    text = r.str_(m, key)
    if text is None:
        return None
    hh, _, mm = str(text).strip().partition(":")
    if hh.isdigit() and mm.isdigit() and len(mm) == 2 and 0 <= int(hh) * 60 + int(mm) <= 1440 and int(mm) < 60:
        return int(hh) * 60 + int(mm)
    r.error(m[key], f"“{key}”应为“时:分”，如 09:00、24:00，实际为“{text}”")
    return None


def _staffing(r: Reader, node: YNode | None) -> Staffing | None:
    """staffing：岗位与人数、从业年限、驻场、允许更换人员次数、请假须甲方同意、值班时段。"""
    if node is None or node.is_null:
        return None
    m = r.mapping(node, {"posts", "min_on_site", "max_changes", "leave_client_approval", "duty", "note"},
                  what="staffing")
    if m is None:
        return None
    posts: list[StaffPost] = []
    seen: set[str] = set()
    pnode = m.get("posts")
    if pnode is not None and not pnode.is_seq:
        r.error(pnode, "staffing.posts 应为列表")
    elif pnode is not None:
        for child in pnode.items():
            p = r.mapping(child, {"id", "name", "count", "min_years", "on_site", "note"}, {"id", "name"}, "岗位")
            if not p:
                continue
            pid = r.str_(p, "id", "")
            if pid in seen:
                r.error(p["id"], f"岗位 id“{pid}”重复")
            seen.add(pid)
            count = r.num(p, "count", 1, minimum=1)
            posts.append(StaffPost(pid, r.str_(p, "name", ""), int(count or 1), float(r.num(p, "min_years", 0, minimum=0) or 0),
                                   r.bool_(p, "on_site", False), r.str_(p, "note", ""), child.line))
    bands: list[DutyBand] = []
    dnode = m.get("duty")
    if dnode is not None and not dnode.is_seq:
        r.error(dnode, "staffing.duty 应为列表")
    elif dnode is not None:
        for child in dnode.items():
            d = r.mapping(child, {"id", "name", "start", "end", "days", "on_site", "note"},
                          {"id", "name", "start", "end"}, "值班时段")
            if not d:
                continue
            start, end = _clock(r, d, "start"), _clock(r, d, "end")
            days = r.enum(d, "days", DUTY_DAYS, "every")
            if start is not None and end is not None and days:
                bands.append(DutyBand(r.str_(d, "id", ""), r.str_(d, "name", ""), start % 1440 if start == 1440 else start,
                                      end, days, r.bool_(d, "on_site", False), r.str_(d, "note", ""), child.line))
    min_on_site = int(r.num(m, "min_on_site", 0, minimum=0) or 0)
    max_changes = r.num(m, "max_changes", minimum=0)
    on_site_posts = sum(p.count for p in posts if p.on_site)
    if posts and min_on_site and on_site_posts < min_on_site:
        r.warn(m["min_on_site"], f"驻场人数下限 {min_on_site} 人，但标为驻场的岗位合计只有 {on_site_posts} 人")
    return Staffing(tuple(posts), min_on_site, int(max_changes) if max_changes is not None else None,
                    r.bool_(m, "leave_client_approval", False), tuple(bands), r.str_(m, "note", ""))


def _check_consistency(r: Reader, contract: Contract, nodes: dict[str, YNode]) -> None:
    for ob in contract.obligations:
        if ob.start and ob.end and ob.start > ob.end:
            r.error(ob.line, f"义务“{ob.name}”的开始日期晚于结束日期")
        b = ob.baselines
        months = contract.months
        if "month" in b and "year" in b and abs(b["month"] * 12 - b["year"]) > 1e-6 and ob.per == "period":
            r.warn(ob.line, f"义务“{ob.name}”的月基准 {b['month']:g} × 12 = {b['month'] * 12:g}，与年度基准 {b['year']:g} 不一致；各期按各自基准计算")
        if "month" in b and "half" in b and abs(b["month"] * 6 - b["half"]) > 1e-6 and ob.per == "period":
            r.warn(ob.line, f"义务“{ob.name}”的月基准 {b['month']:g} × 6 = {b['month'] * 6:g}，与半年基准 {b['half']:g} 不一致；各期按各自基准计算")
        if "half" in b and "year" in b and abs(b["half"] * 2 - b["year"]) > 1e-6 and ob.per == "period":
            r.warn(ob.line, f"义务“{ob.name}”的半年基准 {b['half']:g} × 2 与年度基准 {b['year']:g} 不一致")
        if ob.per == "period" and b and abs(months - 12) > 0.01:
            r.warn(ob.line, f"服务期约 {months:.1f} 个月而非 12 个月，年度基准按整个服务期使用")
    if contract.amount is None and any(p.ratio is not None or p.amount for p in contract.payments):
        r.warn(nodes.get("amount", 1), "合同金额未约定，付款与违约金只给出比例，不给出金额")
    ratios = [p.ratio for p in contract.payments if p.ratio is not None]
    if ratios and len(ratios) == len(contract.payments) and abs(sum(ratios) - 1) > 1e-9:
        r.warn(nodes.get("payments", 1), f"各付款节点比例合计 {sum(ratios):g}，不等于 1")
    amounts = [p.amount for p in contract.payments if p.amount is not None]
    if contract.amount is not None and amounts and len(amounts) == len(contract.payments):
        if sum(amounts) != contract.amount:
            r.warn(nodes.get("payments", 1), f"各付款节点金额合计 {sum(amounts):,.2f}，与合同金额 {contract.amount:,.2f} 不一致")
    cps = {c.id for c in contract.checkpoints}
    for p in contract.payments:
        if p.checkpoint and p.checkpoint not in cps:
            r.error(p.line, f"付款节点“{p.name}”引用了不存在的节点“{p.checkpoint}”")
        if p.date and not contract.start <= p.date <= contract.end + dt.timedelta(days=366):
            r.warn(p.line, f"付款节点“{p.name}”的日期 {p.date} 远离服务期")
    for c in contract.checkpoints:
        if c.due and not contract.start <= c.due:
            r.warn(c.line, f"节点“{c.name}”的截止日期 {c.due} 早于服务期开始")
    for plat in contract.platforms:
        if plat not in PLATFORMS:
            r.error(nodes.get("platforms", 1), f"未知平台“{plat}”")


def parse_contract(text: str, *, source: str = "") -> ValidationReport:
    """解析并校验合同 YAML 文本，返回 ValidationReport（errors 为空时 contract 可用）。"""
    r = Reader()
    try:
        root = compose(text)
    except YamlSyntaxError as exc:
        return ValidationReport([exc.issue], [], None)
    m = r.mapping(root, _TOP, {"schema", "id", "name", "period"}, "合同")
    if m is None:
        return ValidationReport(r.errors, r.warnings, None)
    schema = r.str_(m, "schema")
    if schema and schema != SCHEMA:
        r.error(m["schema"], f"不支持的格式版本“{schema}”，应为 {SCHEMA}")
    start = end = None
    if "period" in m:
        pm = r.mapping(m["period"], {"start", "end", "note"}, {"start", "end"}, "period")
        if pm:
            start, end = r.date(pm, "start"), r.date(pm, "end")
            if start and end and start > end:
                r.error(m["period"], f"服务期开始 {start} 晚于结束 {end}")
    r.period = (start, end) if start and end else None
    parties: list[Party] = []
    if "parties" in m:
        pm = r.mapping(m["parties"], {"client", "operator"}, what="parties")
        for role, pnode in (pm or {}).items():
            if pnode.is_null:
                parties.append(Party(role, None))
                continue
            pp = r.mapping(pnode, {"name", "contact", "note"}, what=role)
            if pp is not None:
                parties.append(Party(role, r.str_(pp, "name"), r.str_(pp, "contact")))
    obligations: list[Obligation] = []
    seen: dict[str, int] = {}
    onode = m.get("obligations")
    if onode is not None and not onode.is_null:
        if not onode.is_seq:
            r.error(onode, "obligations 应为列表")
        else:
            for child in onode.items():
                ob = _obligation(r, child, seen)
                if ob:
                    obligations.append(ob)
    obmap = {o.id: o for o in obligations}
    scoring = _scoring(r, m.get("scoring"), obmap)
    payments = _payments(r, m.get("payments"))
    checkpoints = _checkpoints(r, m.get("checkpoints"))
    penalties = _penalties(r, m.get("penalties"), obmap, {c.id for c in checkpoints})
    notes_node = m.get("notes")
    notes: tuple[str, ...] = ()
    if notes_node is not None and not notes_node.is_null:
        notes = tuple(str(x) for x in (notes_node.value if notes_node.is_seq else [notes_node.value]))
    amount = r.num(m, "amount", minimum=0)
    if start is None or end is None:
        return ValidationReport(r.errors, r.warnings, None)
    contract = Contract(
        id=r.str_(m, "id", ""),
        name=r.str_(m, "name", ""),
        start=start,
        end=end,
        parties=tuple(parties),
        amount=money(amount),
        currency=r.str_(m, "currency", "CNY"),
        signed=r.date(m, "signed"),
        source=r.str_(m, "source", ""),
        platforms=r.str_list(m, "platforms", PLATFORMS) or (),
        obligations=tuple(obligations),
        scoring=scoring,
        payments=tuple(payments),
        checkpoints=tuple(checkpoints),
        penalties=tuple(penalties),
        notes=notes,
        staffing=_staffing(r, m.get("staffing")),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    _check_consistency(r, contract, m)
    if scoring.mode == "completion" and not any(o.scored for o in obligations):
        r.warn(m.get("obligations", root), "没有参与评分的义务，无法判断是否合格")
    errors = sorted(r.errors, key=lambda i: i.line)
    warnings = sorted(r.warnings, key=lambda i: i.line)
    if errors:
        return ValidationReport(errors, warnings, None)
    contract = _replace_warnings(contract, warnings)
    return ValidationReport([], warnings, contract)


def _replace_warnings(contract: Contract, warnings: list[Issue]) -> Contract:
    from dataclasses import replace

    return replace(contract, warnings=tuple(warnings))


def validate_contract_text(text: str, *, source: str = "") -> ValidationReport:
    return parse_contract(text, source=source)


def load_contract_file(path: str | Path) -> Contract:
    """读取 YAML 文件；有错误时抛出 ContractError（全部错误，带行号）。"""
    p = Path(path)
    report = parse_contract(p.read_text(encoding="utf-8"), source=p.name)
    if report.errors or report.contract is None:
        raise ContractError(report.errors, p.name)
    return report.contract
