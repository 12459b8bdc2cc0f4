"""规则包：随包发布的起步数据（``packs/`` 目录）与工作区词条的导入。

规则包是数据而不是代码：每个文件头部带 ``version``，引擎把所有内置包的版本汇总为
:data:`RULEPACK_VERSION`；工作区词条（``extra``）另外计算哈希，附在版本号后面，
因此每条发现都能追溯到产生它的规则数据。
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rongmei.engines import tabular

PACK_DIR = Path(__file__).resolve().parent / "packs"

#: 内置规则包的版本号；规则数据有改动时递增。
RULEPACK_VERSION = "2026.11.5"

#: 可以通过 ``packs=[...]`` / ``--packs`` 选择的类别（默认全部启用）。
PACK_NAMES: tuple[str, ...] = (
    "sensitive",
    "banned_expression",
    "wording",
    "fallen_official",
    "leader_title",
    "quotation",
    "typo",
    "statistical",
    "punctuation",
    "number",
    "law_title",
    "traditional",
    "headline",
    "privacy",
    "secrecy",
)

SEVERITIES = ("高", "中", "低")


class PackError(ValueError):
    """规则包或导入的词表格式不正确。"""


def _parse_yaml(path: Path) -> Any:
    import yaml  # 规则包解析结果有缓存时不必导入（导入约 10 ms）

    # libyaml 的 C 解析器（PyYAML 自带）比纯 Python 的快约 10 倍：启动时要读全部规则包
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@functools.cache
def load_yaml(name: str) -> dict[str, Any]:
    """读取 ``packs/<name>.yaml``（缓存）。

    解析结果按文件大小与修改时间存成 marshal（见 :func:`.words.cached`）：新进程读全部规则包从约 25 ms（导入 PyYAML + 解析）
    降到约 2 ms。含 marshal 存不了的值（如不加引号的 YAML 日期）时不缓存，每次解析。"""
    from .words import cached

    path = PACK_DIR / f"{name}.yaml"
    try:
        data = cached(f"pack-{name}", [path], lambda: _parse_yaml(path), salt="yaml")
    except ValueError:
        data = _parse_yaml(path)
    if not isinstance(data, dict):
        raise PackError(f"规则包 {path.name} 格式不正确")
    return data


@functools.cache
def load_tsv(name: str) -> tuple[tuple[str, str], ...]:
    """读取 ``packs/<name>.tsv``：每行 ``键<TAB>值``，``#`` 开头为注释。"""
    rows: list[tuple[str, str]] = []
    for line in (PACK_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        rows.append((key, value))
    return tuple(rows)


# ---------------------------------------------------------------------------
# 工作区词表导入（.txt / .xlsx）
# ---------------------------------------------------------------------------

_PAIR_SEPARATORS = ("\t", "→", "->", "=>")


def _split_pair(line: str) -> tuple[str, str | None]:
    for sep in _PAIR_SEPARATORS:
        if sep in line:
            left, _, right = line.partition(sep)
            return left.strip(), (right.strip() or None)
    return line.strip(), None


def _entry(category: str, term: str, second: str | None, severity: str) -> dict[str, Any] | None:
    term = term.strip().rstrip(",，")
    if not term:
        return None
    if category == "banned_expression":
        return {"term": term, "suggestion": second, "severity": severity}
    if category == "fallen_official":
        return {"name": term, "date": second or "", "note": ""}
    if category == "leader_title":
        return {"name": term, "title": second or "", "rank": 999}
    if category == "quotation":
        return {"speaker": term, "text": second or ""}
    if category == "typo":
        return {"wrong": term, "right": second}
    return {"term": term, "severity": severity}


_HEADER_WORDS = {"词", "词条", "term", "word", "name", "姓名", "错误", "禁用词"}
_TEXT_SUFFIXES = {".txt", ".dic", ".csv", ".tsv", ""}


def wordlist_rows(path: str | Path, *, column: int = 0) -> list[tuple[int, str, str | None]]:
    """A word list's rows as (row number in the file, first column, second column or None).

    Read by :mod:`rongmei.engines.tabular` (encoding detection, size limits, errors with row numbers).
    Text: one entry a line, ``#`` comments and blank lines skipped, the second column after a TAB,
    ``→``, ``->`` or ``=>``. Excel: the first worksheet, column ``column`` and the next; a first row
    that is a header (“词”“词条”“term”…) is skipped.
    """
    from rongmei.engines import tabular  # 只在导入词表时才用到：不让它（与 charset_normalizer）拖慢引擎启动

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in _TEXT_SUFFIXES:
            return [(number, *_split_pair(line.strip())) for number, line in tabular.read_lines(path)
                    if line.strip() and not line.strip().startswith("#")]
        if suffix in {".xlsx", ".xlsm"}:
            table = tabular.read_table(path)
            if table.source != "xlsx":
                raise PackError(f"无法读取词表：文件“{path.name}”不是有效的 Excel (.xlsx) 文件，可能已损坏")
            return _sheet_rows(table, column)
    except tabular.TabularError as exc:
        raise PackError(f"无法读取词表：{exc}") from exc
    raise PackError(f"不支持的词表格式：{path.suffix}（支持 .txt 与 .xlsx）")


def _sheet_rows(table: tabular.Table, column: int) -> list[tuple[int, str, str | None]]:
    out: list[tuple[int, str, str | None]] = []
    for number, row in table.rows:
        if column >= len(row) or row[column] is None:
            continue
        first = str(row[column]).strip()
        if number == 1 and first.lower() in _HEADER_WORDS:
            continue
        second = row[column + 1] if column + 1 < len(row) else None
        out.append((number, first, None if second is None else str(second).strip()))
    return out


def import_wordlist(
    path: str | Path,
    category: str = "sensitive",
    *,
    severity: str = "中",
    column: int = 0,
    min_length: int = 2,
) -> list[dict[str, Any]]:
    """把 .txt / .xlsx 词表导入为 ``extra[category]`` 的词条列表（由调用方保存到数据库）。

    * .txt：每行一个词；``#`` 开头为注释；行尾的逗号会去掉；
      带第二列时（``错误<TAB>正确``、``错误→正确``、``错误->正确``）第二列作为建议/日期/职务。
    * .xlsx：第一个工作表，第 ``column`` 列（从 0 起）为词，下一列为第二列；第一行若是表头
      （“词”“词条”“term”“name”“姓名”等）会跳过。
    * 长度小于 ``min_length`` 的词被丢弃（单字词几乎只会制造误报）；重复词只保留一次。
    """
    if severity not in SEVERITIES:
        raise PackError(f"严重程度必须是 高/中/低，而不是 {severity!r}")
    rows = [(first, second) for _, first, second in wordlist_rows(path, column=column)]
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for first, second in rows:
        first = first.strip().rstrip(",，")
        if len(first) < min_length or first in seen:
            continue
        seen.add(first)
        entry = _entry(category, first, second, severity)
        if entry is not None:
            out.append(entry)
    return out
