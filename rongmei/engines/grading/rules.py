"""分级规则（工作区可编辑）与定级。"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

from .signals import CATEGORY_LABELS, Signals

__all__ = ["GRADES", "GRADE_LABELS", "CATEGORY_LABELS", "LevelRule", "GradingRules", "GradingRulesError",
           "GroupFacts", "Grade", "grade", "DEFAULT_RULES"]

GRADES = ("general", "larger", "major")
GRADE_LABELS = {"general": "一般", "larger": "较大", "major": "重大"}


class GradingRulesError(ValueError):
    """规则填写不正确；``errors`` 是 {字段: 中文说明}。"""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("；".join(errors.values()))


@dataclass(frozen=True)
class LevelRule:
    """达到某一级的条件。满足 ``min_conditions`` 条即定为该级；不填（None/False）的条件不参与。"""

    volume: int | None = None  # 信息量 ≥（条）
    growth: float | None = None  # 较上一周期增长 ≥（%）
    growth_min_volume: int = 5  # 本周期信息量不足此数时不看增长率
    negative_share: float | None = None  # 负面占比 ≥（%）
    negative_min_volume: int = 5  # 信息量不足此数时不看负面占比
    sensitive: bool = False  # 命中 AI 审校词库的敏感类别
    officials: bool = False  # 点名领导干部
    casualties: int | None = None  # 伤亡人数 ≥（人）；0 表示提到伤亡即算
    min_conditions: int = 1


LABELS = {
    "volume": "信息量（条）", "growth": "增长率（%）", "growth_min_volume": "看增长率的最少信息量（条）",
    "negative_share": "负面占比（%）", "negative_min_volume": "看负面占比的最少信息量（条）",
    "sensitive": "命中敏感类别", "officials": "点名领导干部", "casualties": "伤亡人数（人）",
    "min_conditions": "满足几项即定级",
}


@dataclass(frozen=True)
class GradingRules:
    larger: LevelRule = field(default_factory=LevelRule)
    major: LevelRule = field(default_factory=LevelRule)
    categories: tuple[str, ...] = tuple(CATEGORY_LABELS)  # 参与分级的敏感类别

    def to_dict(self) -> dict:
        return {"larger": asdict(self.larger), "major": asdict(self.major), "categories": list(self.categories)}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> GradingRules:
        """从工作区保存的 JSON（或表单）读规则；缺的项取默认值，填错的给出中文错误。"""
        data = data or {}
        errors: dict[str, str] = {}
        levels = {}
        for level in ("larger", "major"):
            default = getattr(DEFAULT_RULES, level)
            raw = data.get(level) or {}
            values = {}
            for f in fields(LevelRule):
                value = raw.get(f.name, getattr(default, f.name))
                key, label = f"{level}.{f.name}", f"{GRADE_LABELS[level]}：{LABELS[f.name]}"
                if f.name in ("sensitive", "officials"):
                    values[f.name] = value in (True, "on", "true", "1", 1)
                    continue
                if value in (None, ""):
                    if f.name in ("growth_min_volume", "negative_min_volume", "min_conditions"):
                        errors[key] = f"{label}不能为空"
                    values[f.name] = None
                    continue
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    errors[key] = f"{label}应为数字"
                    continue
                if number < 0:
                    errors[key] = f"{label}不能为负数"
                    continue
                if f.name == "negative_share" and number > 100:
                    errors[key] = f"{label}不能超过 100"
                    continue
                if f.name in ("growth", "negative_share"):
                    values[f.name] = number
                elif number != int(number):
                    errors[key] = f"{label}应为整数"
                else:
                    values[f.name] = int(number)
            if any(k.startswith(level + ".") for k in errors):
                continue
            rule = LevelRule(**values)
            count = _condition_count(rule)
            if count == 0:
                errors[f"{level}.min_conditions"] = f"{GRADE_LABELS[level]}至少要设一项条件"
            elif rule.min_conditions < 1 or rule.min_conditions > count:
                errors[f"{level}.min_conditions"] = (f"{GRADE_LABELS[level]}：满足几项即定级应在 1 到 {count} 之间"
                                                     f"（已设 {count} 项条件）")
            levels[level] = rule
        categories = tuple(data.get("categories", DEFAULT_RULES.categories))
        unknown = [c for c in categories if c not in CATEGORY_LABELS]
        if unknown:
            errors["categories"] = "敏感类别只能从“敏感信息”“落马官员”“涉密标识”中选"
        if errors:
            raise GradingRulesError(errors)
        return cls(levels["larger"], levels["major"], categories)


def _condition_count(rule: LevelRule) -> int:
    return sum(1 for v in (rule.volume, rule.growth, rule.negative_share, rule.casualties) if v is not None) + \
        int(rule.sensitive) + int(rule.officials)


DEFAULT_RULES = GradingRules(
    larger=LevelRule(volume=20, growth=100, negative_share=50, sensitive=True, officials=True, casualties=0,
                     min_conditions=1),
    major=LevelRule(volume=100, growth=300, growth_min_volume=20, negative_share=70, negative_min_volume=20,
                    sensitive=True, officials=True, casualties=3, min_conditions=2),
)


@dataclass(frozen=True)
class GroupFacts:
    """一组信息（同一事件/话题）在观察周期内的事实。"""

    volume: int
    negative: int = 0
    previous_volume: int | None = None  # 上一周期的信息量；None 表示没有可比数据
    signals: Signals = field(default_factory=Signals)

    @property
    def negative_share(self) -> float:
        return 100.0 * self.negative / self.volume if self.volume else 0.0

    @property
    def growth(self) -> float | None:
        if self.previous_volume is None:
            return None
        if self.previous_volume == 0:
            return None if self.volume == 0 else float("inf")
        return 100.0 * (self.volume - self.previous_volume) / self.previous_volume


@dataclass(frozen=True)
class Grade:
    level: str
    reasons: tuple[str, ...]  # 定为该级的理由（中文）
    met: Mapping[str, tuple[str, ...]]  # 各级满足的条件（中文），供页面展开

    @property
    def label(self) -> str:
        return GRADE_LABELS[self.level]

    def to_json(self) -> dict:
        return {"level": self.level, "label": self.label, "reasons": list(self.reasons),
                "met": {k: list(v) for k, v in self.met.items()}}


def _pct(value: float) -> str:
    return "∞" if value == float("inf") else f"{value:.0f}%"


def _met(rule: LevelRule, facts: GroupFacts, categories: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    s = facts.signals
    if rule.volume is not None and facts.volume >= rule.volume:
        out.append(f"信息量 {facts.volume} 条（标准 ≥{rule.volume} 条）")
    growth = facts.growth
    if rule.growth is not None and growth is not None and facts.volume >= rule.growth_min_volume \
            and growth >= rule.growth:
        if growth == float("inf"):
            out.append(f"从无到有，本周期 {facts.volume} 条（增长率标准 ≥{rule.growth:.0f}%）")
        else:
            out.append(f"较上一周期增长 {_pct(growth)}（{facts.previous_volume} → {facts.volume} 条，"
                       f"标准 ≥{rule.growth:.0f}%）")
    if rule.negative_share is not None and facts.volume >= rule.negative_min_volume \
            and facts.negative_share >= rule.negative_share:
        out.append(f"负面占比 {_pct(facts.negative_share)}（{facts.negative}/{facts.volume} 条，"
                   f"标准 ≥{rule.negative_share:.0f}%）")
    if rule.sensitive:
        hits = [(t, c) for t, c in s.sensitive if c in categories]
        if hits:
            by_cat: dict[str, list[str]] = {}
            for term, cat in hits:
                by_cat.setdefault(cat, []).append(term)
            out.append("命中敏感类别：" + "；".join(f"{CATEGORY_LABELS[c]}（{'、'.join(ts[:3])}）"
                                               for c, ts in by_cat.items()))
    if rule.officials and s.officials:
        out.append("点名领导干部：" + "、".join(f"{n}（{t}）" if t else n for n, t in s.officials[:3]))
    if rule.casualties is not None and s.mentions_casualties and s.casualties >= rule.casualties:
        what = f"伤亡 {s.casualties} 人" if s.casualties else "提及人员伤亡"
        need = f"标准 ≥{rule.casualties} 人" if rule.casualties else "提及即算"
        out.append(f"{what}（“{s.casualty_phrases[0]}”，{need}）")
    return out


def grade(facts: GroupFacts, rules: GradingRules = DEFAULT_RULES) -> Grade:
    """按规则定级：先看重大，再看较大，都不满足为一般。理由写明满足了哪些条件、标准是多少。"""
    met = {level: tuple(_met(getattr(rules, level), facts, rules.categories)) for level in ("major", "larger")}
    for level in ("major", "larger"):
        rule = getattr(rules, level)
        if len(met[level]) >= rule.min_conditions:
            head = f"满足{GRADE_LABELS[level]}标准的 {len(met[level])} 项条件（至少 {rule.min_conditions} 项）"
            return Grade(level, (head, *met[level]), met)
    summary = f"信息量 {facts.volume} 条，负面 {facts.negative} 条，未达到较大标准"
    return Grade("general", (summary,), met)
