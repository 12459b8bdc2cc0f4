"""档案的读操作（带工作区范围）。"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from rongmei.core import archive

from .models import ArchiveSet, Disposal, RetentionPolicy


def sets_of(workspace) -> QuerySet[ArchiveSet]:
    return ArchiveSet.objects.filter(workspace=workspace).select_related("created_by", "disposal__disposed_by")


def set_get(workspace, pk: int) -> ArchiveSet:
    obj = sets_of(workspace).filter(pk=pk).first()
    if obj is None:
        raise Http404("档案包不存在")
    return obj


def disposals_of(workspace) -> QuerySet[Disposal]:
    return Disposal.objects.filter(workspace=workspace).select_related("archive_set", "disposed_by")


def retention_years(workspace) -> dict[str, int | None]:
    """每个类别的保管期限（年；None 为永久）：工作区设置优先，否则为登记的默认期限。"""
    out = {s.key: s.retention_years for s in archive.sections()}
    for p in RetentionPolicy.objects.filter(workspace=workspace):
        if p.category in out:
            out[p.category] = p.years
    return out


def retain_until(workspace, categories, period_end: dt.date) -> dt.date | None:
    """档案包的保管期满日：所含类别中最长的期限（有一个永久即永久）。"""
    years = retention_years(workspace)
    chosen = [years.get(c) for c in categories]
    if not chosen or any(y is None for y in chosen):
        return None
    longest = max(chosen)
    try:
        return period_end.replace(year=period_end.year + longest)
    except ValueError:  # 2 月 29 日
        return period_end.replace(year=period_end.year + longest, day=28)


def categories() -> list[dict]:
    """页面上的类别表：已登记的（名称、默认期限）与还没有来源的（说明原因）。"""
    rows = [{"key": s.key, "label": s.label, "years": s.retention_years, "ready": True, "note": ""}
            for s in archive.sections()]
    rows += [{"key": k, "label": label, "years": None, "ready": False, "note": note}
             for k, (label, note) in archive.pending().items()]
    return rows
