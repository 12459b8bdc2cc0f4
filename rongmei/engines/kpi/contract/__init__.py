"""合同定义：数据类与词表（model），YAML 解析与校验（parse）。"""

from .model import (
    CENT,
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
    Indicator,
    Obligation,
    Party,
    Payment,
    Penalty,
    Scoring,
    Selector,
    ValidationReport,
    add_months,
    money,
    months_between,
)
from .parse import load_contract_file, parse_contract, validate_contract_text

__all__ = [
    "SCHEMA", "CENT", "MEASURES", "RULES", "PAYMENT_TRIGGERS", "PENALTY_KINDS", "PERIOD_CODES",
    "ContractError", "Selector", "Obligation", "Indicator", "Category", "Bonus", "Scoring", "Payment",
    "Checkpoint", "Penalty", "Party", "Contract", "ValidationReport",
    "parse_contract", "validate_contract_text", "load_contract_file", "add_months", "months_between", "money",
]
