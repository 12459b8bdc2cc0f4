"""合同与 KPI 引擎（纯 Python，不依赖 Django）。

用法::

    from rongmei.engines.kpi import load_template, load_facts, evaluate
    contract = load_template("anyuan-employment")
    facts = load_facts("facts.jsonl")
    result = evaluate(contract, facts, as_of=date(2025, 12, 31), period="annual")
    result.to_dict()   # JSON 快照

合同格式见 docs/contract-format.md，事实格式见 docs/facts-v1.md。
"""

from __future__ import annotations

from .contract import (
    SCHEMA,
    Contract,
    ContractError,
    Obligation,
    ValidationReport,
    load_contract_file,
    parse_contract,
)
from .evaluate import ENGINE_VERSION, evaluate, score_rule
from .facts import (
    Fact,
    FactsError,
    FactSet,
    fact_from_mapping,
    load_facts,
    parse_csv,
    parse_jsonl,
    parse_xlsx,
)
from .periods import PeriodError, resolve_period
from .results import (
    BonusResult,
    CheckpointResult,
    Evaluation,
    Evidence,
    EvidenceRef,
    IndicatorResult,
    ObligationResult,
    Pace,
    PaymentResult,
    PenaltyResult,
    PeriodInfo,
    UnitResult,
)
from .templates import load_contract, load_template, template_ids, template_text, validate_template
from .vocab import FACT_TYPES, KINDS, METRICS, PLACEMENT_LEVELS, PLATFORMS, STATUS_LABELS
from .yamlnodes import Issue

__all__ = [
    "SCHEMA", "ENGINE_VERSION",
    "Contract", "ContractError", "Obligation", "ValidationReport", "Issue",
    "parse_contract", "load_contract_file", "load_contract", "load_template", "template_ids", "template_text",
    "validate_template",
    "Fact", "FactSet", "FactsError", "fact_from_mapping", "load_facts", "parse_jsonl", "parse_csv", "parse_xlsx",
    "evaluate", "score_rule", "resolve_period", "PeriodError",
    "Evaluation", "IndicatorResult", "ObligationResult", "Pace", "Evidence", "EvidenceRef", "UnitResult",
    "BonusResult", "CheckpointResult", "PaymentResult", "PenaltyResult", "PeriodInfo",
    "PLATFORMS", "KINDS", "METRICS", "FACT_TYPES", "PLACEMENT_LEVELS", "STATUS_LABELS",
]
