"""AI 预审引擎（纯 Python，不依赖 Django）。

文本（或 .txt/.docx/.md/.html 文件）进，发现列表出::

    from rongmei.engines.proofing import Engine, check, check_file, extract_text, error_rate

    engine = Engine()                       # 全部内置规则包；编译结果按版本缓存
    for f in engine.check("截止目前，全市共有残废人3000余名。"):
        print(f.start, f.end, f.text, f.category, f.severity, f.suggestion, f.message)

公开 API（保持稳定）：

* :class:`Engine` ``(packs=None, extra=None, whitelist=None, llm=None)``；``engine.check(text) -> list[Finding]``，
  ``engine.check_file(path)``，``engine.version``（规则包版本，含工作区词条哈希）。
* :class:`Finding`：不可变数据类，字段 ``start, end, text, category, rule, severity, suggestion, message,
  rulepack, source``，``to_dict()``。``start``/``end`` 为抽取后文本中的码位偏移。
* :class:`Checker`：审核链用的协议，``check(text) -> list[Finding]``，Engine 满足它。
* :func:`check` / :func:`check_file`：用默认引擎检查文本 / 文件。
* :func:`extract_text`：从文件抽取文本。
* :func:`error_rate`：每万字差错数。
* :func:`import_wordlist`：把 .txt/.xlsx 词表导入为 ``extra`` 词条。
* :class:`LLMConfig`：可选的大模型复核配置。
* :data:`RULEPACK_VERSION`、:data:`PACK_NAMES`。

``extra`` 词条形状（按类别）：

* ``sensitive``: ``{"term", "severity"?, "except"?: [...], "note"?, "boundary"?: bool}``
* ``banned_expression``: ``{"term", "suggestion"?, "severity"?, "reason"?, "except"?: [...]}``
* ``fallen_official``: ``{"name", "date": "YYYY-MM-DD", "note"?}``
* ``leader_title``: ``{"name", "title", "rank", "former_titles"?: [...]}``
* ``quotation``: ``{"speaker", "text", "source"?}``
* ``typo``: ``{"wrong", "right"}``
* ``headline`` / ``secrecy``: ``{"pattern" | "term", "severity"?, "reason"?}``
* ``traditional_allow``: ``{"char"}``（允许出现的繁体字，如人名用字）

详见 ``docs/proofing.md``。
"""

from __future__ import annotations

from pathlib import Path

from .engine import Engine
from .extract import ExtractError, extract_text
from .finding import CATEGORIES, Checker, Finding
from .llm import LLMConfig
from .packs import PACK_NAMES, RULEPACK_VERSION, import_wordlist
from .rate import error_rate

__all__ = [
    "CATEGORIES",
    "PACK_NAMES",
    "RULEPACK_VERSION",
    "Checker",
    "Engine",
    "ExtractError",
    "Finding",
    "LLMConfig",
    "check",
    "check_file",
    "error_rate",
    "extract_text",
    "import_wordlist",
]

_default: Engine | None = None


def _engine() -> Engine:
    global _default
    if _default is None:
        _default = Engine()
    return _default


def check(text: str) -> list[Finding]:
    """用默认引擎（全部内置规则包）检查一段文本。"""
    return _engine().check(text)


def check_file(path: str | Path) -> list[Finding]:
    """抽取文件文本并用默认引擎检查；偏移量针对 :func:`extract_text` 的结果。"""
    return _engine().check(extract_text(path))
