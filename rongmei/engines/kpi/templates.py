"""内置合同模板（YAML 文件，随包发布）：按 id 读取。"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .contract import Contract, ContractError, ValidationReport, load_contract_file, parse_contract

__all__ = ["template_ids", "template_text", "load_template", "validate_template", "load_contract"]

_DIR = "templates"


def template_ids() -> list[str]:
    """全部内置模板 id（按文件名排序）。"""
    root = resources.files(__package__).joinpath(_DIR)
    return sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml"))


def template_text(template_id: str) -> str:
    if template_id not in template_ids():
        raise KeyError(f"没有 id 为“{template_id}”的内置合同模板，可选：{'、'.join(template_ids())}")
    return resources.files(__package__).joinpath(_DIR, f"{template_id}.yaml").read_text(encoding="utf-8")


def validate_template(template_id: str) -> ValidationReport:
    return parse_contract(template_text(template_id), source=f"{template_id}.yaml")


def load_template(template_id: str) -> Contract:
    """读取内置模板；模板有错误时抛出 ContractError。"""
    report = validate_template(template_id)
    if report.errors or report.contract is None:
        raise ContractError(report.errors, f"{template_id}.yaml")
    return report.contract


def load_contract(ref: str | Path) -> Contract:
    """模板 id 或 YAML 文件路径。"""
    p = Path(ref)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return load_contract_file(p)
    return load_template(str(ref))
