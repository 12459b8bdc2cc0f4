"""档案材料注册表：各应用在 AppConfig.ready() 里登记自己要归档的材料，档案应用按期间收集并打包。

档案应用与报告、自查同层，不 import 兄弟应用；发布、采编、互动、舆情、合同、报告各自登记一个“档案类别”::

    archive.register(archive.ArchiveSection("publications", "信息发布记录", collect_publications, order=10,
                                            retention_years=30))

``collect(workspace, start, end) -> Iterable[ArchiveFile]``：期间内（含两端）的每个文件。``content`` 为字节或
返回字节的函数（打包时才生成，如审批表 Word）；``confidentiality`` 为 ""（公开）、"internal"（内部）或 "secret"
（秘密）——标了密级的材料只有有权导出标密材料的人才会打进档案包。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PUBLIC, INTERNAL, SECRET = "", "internal", "secret"
CONFIDENTIALITY_LABELS = {PUBLIC: "公开", INTERNAL: "内部", SECRET: "秘密"}


@dataclass(frozen=True)
class ArchiveFile:
    name: str  # 档案包内的文件名（不含类别目录），如 "2025-06-03-政策解读.md"
    title: str
    date: dt.date
    content: bytes | Callable[[], bytes]
    confidentiality: str = PUBLIC
    note: str = ""

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


@dataclass(frozen=True)
class ArchiveSection:
    key: str
    label: str
    collect: Callable[[object, dt.date, dt.date], Iterable[ArchiveFile]]
    order: int = 100
    retention_years: int | None = None  # None：永久保存


_SECTIONS: dict[str, ArchiveSection] = {}
#: 已规划但还没有材料来源的类别（页面如实显示“暂无”）：键 → (名称, 说明)
_PENDING: dict[str, tuple[str, str]] = {}


def register(section: ArchiveSection) -> None:
    _SECTIONS[section.key] = section
    _PENDING.pop(section.key, None)


def register_pending(key: str, label: str, note: str) -> None:
    """登记一个还没有材料来源的类别（如培训资料）。有应用登记同名类别后自动消失。"""
    if key not in _SECTIONS:
        _PENDING[key] = (label, note)


def sections() -> list[ArchiveSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def section(key: str) -> ArchiveSection | None:
    return _SECTIONS.get(key)


def pending() -> dict[str, tuple[str, str]]:
    return dict(_PENDING)
