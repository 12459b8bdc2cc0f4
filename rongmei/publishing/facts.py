"""发布记录 → facts-v1 ``publication`` 事实（合同考核）。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max
from django.utils import timezone

from . import selectors
from .models import Publication


def publication_facts(workspace, start: dt.date, end: dt.date) -> Iterator[dict]:
    for p in selectors.published_between(workspace, start, end):
        yield {
            "type": "publication",
            "date": timezone.localdate(p.published_at).isoformat(),
            "platform": p.account.platform.code,
            "kind": p.item.kind,
            "item": str(p.item_id),
            "url": p.url,
            "original": bool(p.item.is_original),
            "ref": f"publishing.publication:{p.pk}",
            "title": p.revision.title,
            "account": p.account.name,
        }


def publication_facts_revision(workspace) -> tuple:
    """Changes whenever publication_facts would (a publication or the item it carries was added or edited)."""
    row = Publication.objects.filter(workspace=workspace).aggregate(
        n=Count("id"), last=Max("updated_at"), item_last=Max("item__updated_at"))
    return (row["n"], row["last"], row["item_last"])
