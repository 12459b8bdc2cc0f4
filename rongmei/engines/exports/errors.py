"""导入错误：逐行逐列收集，一次性报告，绝不返回部分结果。"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ImportFailed", "ImportIssue", "UnknownLayout"]


@dataclass(frozen=True)
class ImportIssue:
    """一条导入问题。``row`` 为文件中的行号（从 1 起，与 Excel/WPS 显示一致）。"""

    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        return self.message


class ImportFailed(Exception):
    """文件不能导入。``errors`` 收集了发现的全部问题（按行号排序）。"""

    def __init__(self, errors: Iterable[ImportIssue | str]) -> None:
        issues = [e if isinstance(e, ImportIssue) else ImportIssue(str(e)) for e in errors]
        issues.sort(key=lambda e: (e.row is not None, e.row or 0))
        self.errors: list[ImportIssue] = issues
        super().__init__("\n".join(e.message for e in issues) or "导入失败")

    @property
    def messages(self) -> list[str]:
        return [e.message for e in self.errors]


class UnknownLayout(ImportFailed):
    """文件不是任何已知的导出格式。"""
