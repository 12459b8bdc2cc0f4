"""演示用事实生成器：按合同的义务，确定性地生成截至某日、部分滞后的 facts-v1 记录（纯 Python）。

每项义务按一个固定的“进度系数”（0.78～1.15，由义务 id 决定）生成，所以合同页上有绿、有黄、有红。
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

from rongmei.engines.kpi import Contract
from rongmei.engines.workdays import CalendarCoverageError, is_workday

ONE = dt.timedelta(days=1)
#: 不编造的事实类型：验收结论人工登记；付费推广只来自投流台账（metrics.demo），传播量只来自重点内容传播（spread.demo）
NOT_GENERATED = frozenset({"acceptance", "promotion", "reach"})


def _factor(oid: str) -> float:
    h = int(hashlib.sha256(oid.encode()).hexdigest()[:8], 16)
    return 0.78 + (h % 1000) / 1000 * 0.37


def _day_kind(day: dt.date) -> bool | None:
    try:
        return is_workday(day)
    except CalendarCoverageError:
        return day.weekday() < 5


def _apply_where(fact: dict, where) -> None:
    for fname, op, val in where:
        if op == "eq":
            fact[fname] = val
        elif op == "in":
            fact[fname] = val[0]
        elif op == "min":
            fact[fname] = round(float(val) * 1.08 + 1, 1)
        elif op == "max":
            fact[fname] = float(val)
        elif op == "contains":
            fact[fname] = f"{val}培训班"


def generate(contract: Contract, *, until: dt.date, seed: str = "",
             skip: frozenset[tuple[str, str]] = frozenset()) -> list[dict]:
    """skip：已由其他来源（如数据应用）提供的 (事实类型, 平台)，不再生成，避免重复计入。"""
    rng = random.Random(f"{contract.id}:{seed}")
    start, end = contract.start, min(until, contract.end)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    total_days = (contract.end - contract.start).days + 1
    default_platform = contract.platforms[0] if contract.platforms else "wechat"
    out: list[dict] = []
    done: set[tuple] = set()
    n = 0
    for ob in contract.obligations:
        sel = ob.select
        key = (sel.type, sel.platforms, sel.kinds, sel.names, sel.where)
        if key in done or ob.target is None or ob.measure in ("growth", "max"):
            continue
        if sel.type in ("staffing", "staff_change"):  # 到岗与人员更换来自团队名册（core.facts 的 team 来源），不编造
            continue
        done.add(key)
        factor = _factor(ob.id)
        platform = (sel.platforms or (default_platform,))[0]
        if (sel.type, platform) in skip:
            continue
        if sel.type == "metric":
            names = sel.names or (("plays", 1),)
            if ob.measure == "level":
                level0 = ob.target * 0.7
                for i, d in enumerate(days):
                    val = level0 + (ob.target - level0) * factor * (i + 1) / total_days
                    out.append({"type": "metric", "date": d.isoformat(), "platform": platform,
                                "name": names[0][0], "value": round(val)})
                continue
            daily = ob.target / total_days * factor
            for d in days:
                noise = rng.uniform(0.6, 1.4)
                for name, sign in names:
                    value = daily * noise * (1.15 if sign > 0 and len(names) > 1 else 0.15 if sign < 0 else 1)
                    out.append({"type": "metric", "date": d.isoformat(), "platform": platform, "name": name,
                                "value": round(value)})
            continue
        if ob.measure not in ("count", "distinct", "sum", "share"):
            continue
        if ob.per == "month":
            rates = {"all": ob.target * 12 / 365}
        elif ob.per == "week":
            rates = {"all": ob.target / 7}
        elif ob.per == "day":
            rates = {"all": ob.target}
        elif ob.per in ("workday", "non_workday"):
            rates = {ob.per: ob.target}
        else:
            rates = {"all": ob.target / total_days}
        if ob.measure == "sum":
            per_fact = {"hours": 2.0, "minutes": 130.0, "viewers": 900.0}.get(ob.field or "", 1.0)
            rates = {k: v / per_fact for k, v in rates.items()}
        if ob.measure == "share":
            rates = {"all": 3 / 7}
        acc = 0.0
        for d in days:
            wd = _day_kind(d)
            rate = rates.get("all", rates.get("workday" if wd else "non_workday", 0.0))
            acc += rate * factor * rng.uniform(0.7, 1.3)
            if sel.type in NOT_GENERATED:  # 只推进编号（与逐条跳过结果相同），不逐条循环：传播量一天可达百万
                whole = int(acc)
                acc -= whole
                n += whole
                continue
            while acc >= 1:
                acc -= 1
                n += 1
                fact: dict = {"type": sel.type, "date": d.isoformat(), "id": f"demo-{contract.id}-{n}"}
                if sel.type in ("publication", "metric", "live_session"):
                    fact["platform"] = platform
                elif sel.platforms:
                    fact["platform"] = platform
                if sel.type in ("publication", "deliverable"):
                    kind = (sel.kinds or ("article",))[0]
                    fact["kind"] = kind
                    fact["title"] = f"{ob.name}（演示 {n}）"
                    fact["url"] = f"https://example.org/demo/{contract.id}/{n}"
                    fact["item"] = f"demo-item-{n}"
                elif sel.type == "live_session":
                    fact["minutes"] = 130 if rng.random() < 0.9 else 90
                    fact["viewers"] = rng.randint(820, 1400) if rng.random() < 0.85 else rng.randint(300, 790)
                    fact["title"] = f"就业直播第 {n} 场"
                    fact["url"] = f"https://example.org/live/{n}"
                elif sel.type == "placement":
                    fact["outlet"] = rng.choice(["人民网", "新华网", "学习强国", "省广播电视台", "省日报"])
                    fact["level"] = "provincial"
                    fact["title"] = f"采用稿件（演示 {n}）"
                    fact["url"] = f"https://example.org/placement/{n}"
                elif sel.type == "training":
                    fact["course"] = "基层供稿员培训"
                    fact["hours"] = 2
                    fact["attendees"] = rng.randint(20, 60)
                elif sel.type == "award":
                    fact["points"] = 1
                _apply_where(fact, sel.where)
                out.append(fact)
    for cp in contract.checkpoints:  # 每月报送的报告：大多按时，个别晚几天
        if cp.recurring != "month" or cp.evidence is None or cp.evidence.type != "deliverable":
            continue
        cur = dt.date(contract.start.year, contract.start.month, 1)
        while True:
            nxt = dt.date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
            due = (nxt if cp.next_month else cur) + dt.timedelta(days=(cp.day or 1) - 1)
            sent = due - dt.timedelta(days=rng.randint(0, 3)) if rng.random() < 0.8 else due + dt.timedelta(days=2)
            if sent > end:
                break
            out.append({"type": "deliverable", "date": sent.isoformat(), "kind": (cp.evidence.kinds or ("report",))[0],
                        "item": f"月报-{cur.year}-{cur.month:02d}", "title": f"{cur.year} 年 {cur.month} 月运营数据报告"})
            cur = nxt
    out.sort(key=lambda f: (f["date"], f.get("id", "")))
    return out


def to_jsonl(facts: list[dict]) -> bytes:
    return ("\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in facts) + "\n").encode("utf-8")
