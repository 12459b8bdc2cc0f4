from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from rongmei.core.api_helpers import workspace_for

from . import selectors
from .permissions import SpreadPerm

router = Router(tags=["传播分析"])


class ComponentOut(Schema):
    code: str
    label: str
    reach: int
    count: int


class RowOut(Schema):
    component: str
    label: str
    outlet: str
    title: str
    url: str
    published_at: dt.datetime | None
    reach: int
    basis: str
    found_by: list[str]


class FlagshipOut(Schema):
    id: int
    item: int
    title: str
    total: int
    components: list[ComponentOut]
    final_reports: int


class FlagshipDetailOut(FlagshipOut):
    rows: list[RowOut]


def _flagship(f, summary) -> dict:
    return {"id": f.pk, "item": f.item_id, "title": f.item.title, "total": summary["total"],
            "components": summary["components"], "final_reports": f.reports.filter(final=True).count()}


@router.get("/{ws}/flagships", response=list[FlagshipOut], summary="重点内容及其全网传播量（与传播页、合同同一口径）")
def flagships(request, ws: str):
    workspace = workspace_for(request, ws, SpreadPerm.VIEW)
    items = list(selectors.flagships_of(workspace))
    totals = selectors.flagship_totals(workspace, items)
    return [_flagship(f, totals[f.pk]) for f in items]


@router.get("/{ws}/flagships/{pk}", response=FlagshipDetailOut, summary="一篇重点内容的传播组成与证据")
def flagship(request, ws: str, pk: int):
    workspace = workspace_for(request, ws, SpreadPerm.VIEW)
    f = selectors.flagship_get(workspace, pk)
    rows = selectors.reach_rows(workspace, [f])
    out = _flagship(f, selectors.reach_summary(rows))
    out["rows"] = [{"component": r.component, "label": r.label, "outlet": r.outlet, "title": r.title, "url": r.url,
                    "published_at": r.published_at, "reach": r.reach, "basis": r.basis_label,
                    "found_by": selectors.found_by_labels(r.found_by)} for r in rows]
    return out
