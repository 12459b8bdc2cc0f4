"""差错率：每万字差错数。"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .finding import Finding

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: 计入差错率的类别：文字差错。隐私、涉密、敏感、落马官员、标题党属于内容风险，不计入差错率。
ERROR_CATEGORIES = frozenset(
    {"typo", "punctuation", "number", "law_title", "traditional", "banned_expression", "leader_title", "quotation"}
)


def count_chars(text: str) -> int:
    """计字：汉字（含扩展区）每字计 1；连续的拉丁字母/数字串整体计 1（一个词或一个数算一个字）。

    标点、空白不计。这接近出版业“每万字差错率”按版面字数计的习惯，又不受排版空白影响。
    """
    han = len(_HAN_RE.findall(text))
    runs = len(re.findall(r"[A-Za-z0-9]+(?:[.,][0-9]+)*", text))
    return han + runs


def error_rate(findings: Iterable[Finding], text: str, categories: Iterable[str] | None = None) -> float:
    """每万字差错数 = 计入的差错条数 ÷ :func:`count_chars` × 10000。

    只计规则发现（不含大模型意见），默认只计 :data:`ERROR_CATEGORIES` 中的类别，
    同一位置的多条发现只计一次。文本无可计字符时返回 0.0。
    """
    cats = frozenset(categories) if categories is not None else ERROR_CATEGORIES
    spans = {(f.start, f.end) for f in findings if f.category in cats and f.source == "rules"}
    chars = count_chars(text)
    if chars == 0:
        return 0.0
    return len(spans) / chars * 10000
