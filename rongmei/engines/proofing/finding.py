"""审校结果的数据结构：:class:`Finding`、严重程度与检查器协议。"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

SEVERITIES: tuple[str, ...] = ("高", "中", "低")
SEVERITY_ORDER: dict[str, int] = {"高": 0, "中": 1, "低": 2}

CATEGORIES: dict[str, str] = {
    "sensitive": "敏感信息",
    "banned_expression": "禁用词/慎用词",
    "wording": "规范表述",
    "fallen_official": "落马官员",
    "leader_title": "领导职务姓名",
    "quotation": "领导人语录引用",
    "typo": "错别字",
    "punctuation": "标点符号",
    "number": "数字用法",
    "law_title": "法规文件名称",
    "traditional": "繁体字",
    "headline": "标题党/低俗标题",
    "privacy": "隐私信息",
    "secrecy": "涉密标识",
    "model": "大模型复核",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """一条审校发现。

    ``start``/``end`` 是抽取后文本中的 Unicode 码位偏移（``text[start:end] == finding.text``）。
    ``source`` 为 ``"rules"``（规则包）或 ``"model"``（大模型复核，仅供参考）。
    """

    start: int
    end: int
    text: str
    category: str
    rule: str
    severity: str
    suggestion: str | None
    message: str
    rulepack: str
    source: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


@runtime_checkable
class Checker(Protocol):
    """审核链第一阶段所需的检查器协议；:class:`~rongmei.engines.proofing.Engine` 满足它。"""

    def check(self, text: str) -> list[Finding]: ...
