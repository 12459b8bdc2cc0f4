"""自查规则包：随包发布的 ``packs/national.yaml``，头部带 ``version``，每次自查记录所用版本。"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PACK_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = "national"


class PackError(ValueError):
    """规则包格式不正确。"""


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    forecast_days: int
    rules: dict[str, dict[str, Any]]

    def rule(self, rule_id: str) -> dict[str, Any]:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise PackError(f"规则包 {self.name} 缺少规则“{rule_id}”") from None

    def label(self, rule_id: str) -> str:
        return str(self.rules.get(rule_id, {}).get("label", rule_id))


@functools.cache
def load_pack(name: str = DEFAULT_PACK) -> Pack:
    path = PACK_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("rules"), dict):
        raise PackError(f"规则包 {path.name} 格式不正确：需要 version 与 rules")
    for rule_id, rule in data["rules"].items():
        if not isinstance(rule, dict) or "label" not in rule or "severity" not in rule:
            raise PackError(f"规则包 {path.name} 的规则“{rule_id}”缺少 label 或 severity")
    return Pack(name, str(data["version"]), int(data.get("forecast_days", 7)), dict(data["rules"]))


RULE_IDS: tuple[str, ...] = tuple(load_pack().rules)
