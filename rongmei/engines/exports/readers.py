"""把导出文件读成“表格”：读取规则（格式按内容判断、编码识别、大小与行数上限）统一在
:mod:`rongmei.engines.tabular`，这里只把它的错误换成导入错误 :class:`ImportFailed`。"""

from __future__ import annotations

from pathlib import Path

from rongmei.engines.tabular import Table, TabularError
from rongmei.engines.tabular import decode_text as _decode_text
from rongmei.engines.tabular import read_tables as _read_tables

from .errors import ImportFailed, ImportIssue

__all__ = ["RawTable", "decode_text", "read_tables"]

RawTable = Table  # 旧名：文件里的一张表，``rows`` 是 (文件中的行号, 单元格列表)


def read_tables(path: str | Path) -> list[RawTable]:
    try:
        return _read_tables(path)
    except TabularError as exc:
        raise ImportFailed([_issue(exc)]) from exc


def decode_text(data: bytes) -> str:
    try:
        return _decode_text(data)
    except TabularError as exc:
        raise ImportFailed([_issue(exc)]) from exc


def _issue(exc: TabularError) -> ImportIssue:
    return ImportIssue(str(exc), row=exc.row, column=None if exc.column is None else str(exc.column))
