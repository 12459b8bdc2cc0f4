"""奖惩规则的判定（纯函数）：按月度名次、净增完成率或触发的质量护栏，给每个单位列出适用的奖励与约束。

依据与含义：
- 名次在前 N 名 / 后 N 名：按月度排名（净增、再按 7 天留存）；
- 净增完成率达到 N%：净增 ÷ 单位目标（目标为 0 的单位不适用）；
- 触发护栏：任一护栏，或指定的“7 天内取关”“关注后从无互动”。
"""

from __future__ import annotations

from .choices import RuleBasis, RuleEffect

#: 护栏键（selectors.QualityRow.flag_keys 里的值）
FLAG_POPULATION, FLAG_FAST_UNFOLLOW, FLAG_NEVER_ACTIVE = "population", "fast_unfollow", "never_active"


def rule_label(rule) -> str:
    label = RuleBasis(rule.basis).label
    return label.replace("N", str(rule.n)) if rule.n is not None else label


def applies(rule, *, rank: int, total: int, progress: float | None, flag_keys: set[str]) -> bool:
    basis, n = rule.basis, rule.n or 0
    if basis == RuleBasis.RANK_TOP:
        return rank <= n
    if basis == RuleBasis.RANK_BOTTOM:
        return rank > total - n
    if basis == RuleBasis.PROGRESS_AT_LEAST:
        return progress is not None and progress * 100 >= n
    if basis == RuleBasis.FLAGGED:
        return bool(flag_keys)
    if basis == RuleBasis.FAST_UNFOLLOW:
        return FLAG_FAST_UNFOLLOW in flag_keys
    if basis == RuleBasis.NEVER_ACTIVE:
        return FLAG_NEVER_ACTIVE in flag_keys
    return False


def outcomes(rules, ranked) -> dict[int, list[tuple[str, str]]]:
    """ranked：[(名次, QualityRow)] → {活动单位 id: [(“奖励”或“约束”, 内容), …]}。"""
    total = len(ranked)
    out: dict[int, list[tuple[str, str]]] = {}
    for rank, row in ranked:
        hits = [(RuleEffect(r.effect).label, r.text) for r in rules
                if applies(r, rank=rank, total=total, progress=row.progress, flag_keys=row.flag_keys)]
        out[row.cu.pk] = hits
    return out
