"""档案的写操作：按期间打包（一个可脱离本系统打开的 zip：index.xlsx + 文件）、保管期限、销毁（须理由，留记录）。"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import archive, clock
from rongmei.core.permissions import has_perm, require_perm
from rongmei.engines.docgen import Column, Sheet, sheets_xlsx
from rongmei.workspaces.models import Workspace

from . import selectors
from .choices import SetState
from .models import ArchiveSet, Disposal, RetentionPolicy
from .permissions import ArchivesPerm

INDEX_NAME = "index.xlsx"
README_NAME = "说明.txt"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .")[:120] or "未命名"


def _unique(name: str, used: set[str]) -> str:
    if name not in used:
        used.add(name)
        return name
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, f".{ext}") if dot else (name, "")
    n = 2
    while f"{stem}-{n}{ext}" in used:
        n += 1
    used.add(f"{stem}-{n}{ext}")
    return f"{stem}-{n}{ext}"


def build_package(*, workspace, start: dt.date, end: dt.date, keys: list[str], with_marked: bool
                  ) -> tuple[bytes, list[dict], int]:
    """打包：返回（zip 字节，文件清单，未收入的标密材料数）。zip 内：index.xlsx、说明.txt、类别目录/文件。"""
    buffer = io.BytesIO()
    rows: list[dict] = []
    withheld = 0
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for section in archive.sections():
            if section.key not in keys:
                continue
            for f in section.collect(workspace, start, end):
                if f.confidentiality and not with_marked:
                    withheld += 1
                    continue
                data = f.data()
                path = _unique(f"{_safe(section.label)}/{_safe(f.name)}", used)
                zf.writestr(path, data)
                rows.append({"path": path, "category": section.key, "category_label": section.label,
                             "title": f.title, "date": f.date.isoformat(), "sha256": hashlib.sha256(data).hexdigest(),
                             "size": len(data), "confidentiality": f.confidentiality, "note": f.note})
        index = sheets_xlsx([Sheet(
            "档案清单",
            (Column("序号", "int"), Column("类别"), Column("标题", width=40), Column("日期"), Column("文件", width=40),
             Column("密级"), Column("SHA-256", width=66), Column("大小（字节）", "int"), Column("备注")),
            [(n, r["category_label"], r["title"], r["date"], r["path"],
              archive.CONFIDENTIALITY_LABELS.get(r["confidentiality"], r["confidentiality"]), r["sha256"], r["size"],
              r["note"]) for n, r in enumerate(rows, start=1)],
            title=f"{workspace.name} 档案清单（{start.isoformat()} 至 {end.isoformat()}）",
            preamble=[("文件数", len(rows)), ("未收入的标密材料", withheld)])])
        zf.writestr(INDEX_NAME, index)
        zf.writestr(README_NAME, (
            f"{workspace.name} 档案包\n期间：{start.isoformat()} 至 {end.isoformat()}\n"
            f"文件 {len(rows)} 个，清单见 {INDEX_NAME}（类别、标题、日期、密级、SHA-256）。\n"
            "核对方法：对每个文件计算 SHA-256，与清单中的值一致即未被改动。\n"
            + (f"另有 {withheld} 份标有密级的材料因导出人无权导出标密材料而未收入。\n" if withheld else "")
        ).encode("utf-8"))
    return buffer.getvalue(), rows, withheld


def archive_set_create(*, actor, workspace: Workspace, period_start: dt.date, period_end: dt.date,
                       categories: list[str] | None = None, title: str = "") -> ArchiveSet:
    require_perm(actor, workspace, ArchivesPerm.EXPORT)
    known = [s.key for s in archive.sections()]
    keys = [k for k in (categories or known) if k in known]
    errors = {}
    if period_start > period_end:
        errors["period_end"] = "期间结束不能早于期间开始"
    elif period_end > clock.today():
        errors["period_end"] = "期间结束不能晚于今天"
    if not keys:
        errors["categories"] = "请至少选择一个类别"
    if errors:
        raise ValidationError(errors)
    with_marked = actor is None or has_perm(actor, workspace, ArchivesPerm.EXPORT_MARKED)
    data, rows, withheld = build_package(workspace=workspace, start=period_start, end=period_end, keys=keys,
                                         with_marked=with_marked)
    title = title.strip() or f"{workspace.name} 档案（{period_start.isoformat()} 至 {period_end.isoformat()}）"
    with transaction.atomic():
        obj = ArchiveSet.objects.create(
            workspace=workspace, title=title[:200], period_start=period_start, period_end=period_end, categories=keys,
            files=rows, file_count=len(rows), withheld=withheld,
            includes_marked=any(r["confidentiality"] for r in rows), sha256=hashlib.sha256(data).hexdigest(),
            size=len(data), retain_until=selectors.retain_until(workspace, keys, period_end),
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        obj.package.save(f"档案-{workspace.slug}-{period_start.isoformat()}-{period_end.isoformat()}-{obj.pk}.zip",
                         ContentFile(data), save=True)
        record(Action.EXPORT, obj=obj, workspace=workspace, actor=actor,
               after={"期间": f"{period_start.isoformat()} 至 {period_end.isoformat()}", "文件数": len(rows),
                      "未收入的标密材料": withheld, "SHA-256": obj.sha256},
               message=f"打包档案：{title}")
    return obj


def archive_set_dispose(*, actor, archive_set: ArchiveSet, reason: str) -> Disposal:
    """销毁到期的档案包：须理由；文件删除，清单、校验值与销毁记录保留。永久保存或未到期的不能销毁。"""
    ws = archive_set.workspace
    require_perm(actor, ws, ArchivesPerm.DISPOSE)
    reason = (reason or "").strip()
    if archive_set.state == SetState.DISPOSED:
        raise ValidationError("这个档案包已经销毁")
    if len(reason) < 5:
        raise ValidationError({"reason": "请写明销毁理由（至少 5 个字）"})
    if archive_set.retain_until is None:
        raise ValidationError("这个档案包含永久保存的类别，不能销毁")
    if clock.today() <= archive_set.retain_until:
        raise ValidationError(f"保管期到 {archive_set.retain_until.isoformat()} 才满，期满前不能销毁")
    with transaction.atomic():
        disposal = Disposal.objects.create(
            workspace=ws, archive_set=archive_set, reason=reason, sha256=archive_set.sha256,
            file_count=archive_set.file_count, disposed_by=actor if getattr(actor, "is_authenticated", False) else None)
        if archive_set.package:
            archive_set.package.delete(save=False)
        archive_set.state = SetState.DISPOSED
        archive_set.save(update_fields=["package", "state"])
        record(Action.DELETE, obj=archive_set, workspace=ws, actor=actor,
               before={"档案包": archive_set.title, "文件数": archive_set.file_count, "SHA-256": archive_set.sha256},
               after={"销毁理由": reason}, message=f"销毁档案：{archive_set.title}")
    return disposal


def retention_set(*, actor, workspace: Workspace, category: str, years: int | None) -> RetentionPolicy:
    require_perm(actor, workspace, ArchivesPerm.DISPOSE)
    if archive.section(category) is None:
        raise ValidationError({"category": "未知的档案类别"})
    if years is not None and not 1 <= years <= 100:
        raise ValidationError({"years": "保管期限应为 1 到 100 年，或留空表示永久"})
    with transaction.atomic():
        policy, _ = RetentionPolicy.objects.get_or_create(workspace=workspace, category=category)
        before = policy.years
        policy.years = years
        policy.save()
        record(Action.UPDATE, obj=policy, workspace=workspace, actor=actor, before={"保管期限（年）": before},
               after={"保管期限（年）": years}, message=f"修改保管期限：{archive.section(category).label}")
    return policy
