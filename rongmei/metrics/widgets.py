from __future__ import annotations

from django.template.loader import render_to_string

from rongmei.core import clock

from . import selectors


def home_card(request) -> str | None:
    ws = request.workspace
    start, end = selectors.default_range(ws, clock.today())
    totals = selectors.period_totals(ws, start, end)
    if not any(totals.values()):
        return None
    return render_to_string("metrics/_home_card.html", {"totals": totals, "ws": ws, "start": start, "end": end},
                            request=request)
