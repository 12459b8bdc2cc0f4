"""舆情风险分级（纯核心）：一般 / 较大 / 重大。

    signals = scan(text, default_lexicon())                     # 一条信息里的敏感词、领导干部、伤亡
    facts = GroupFacts(volume=30, previous_volume=8, negative=20, signals=signals)
    result = grade(facts, GradingRules.from_dict(workspace_rules))   # .level, .reasons（中文）

规则由工作区编辑（:meth:`GradingRules.from_dict` 校验并给出中文错误）；敏感类别取自 AI 审校的词库
（:mod:`rongmei.engines.proofing.packs`：敏感信息、落马官员、涉密标识、领导职务登记表）。
"""

from .rules import (
    CATEGORY_LABELS,
    DEFAULT_RULES,
    GRADE_LABELS,
    GRADES,
    Grade,
    GradingRules,
    GradingRulesError,
    GroupFacts,
    LevelRule,
    grade,
)
from .signals import Lexicon, Signals, default_lexicon, merge_signals, scan

__all__ = ["CATEGORY_LABELS", "DEFAULT_RULES", "GRADES", "GRADE_LABELS", "Grade", "GradingRules", "GradingRulesError",
           "GroupFacts", "LevelRule", "Lexicon", "Signals", "default_lexicon", "grade", "merge_signals", "scan"]
