"""发布记录 → facts-v1 ``publication`` 事实（合同考核）。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from . import selectors


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
