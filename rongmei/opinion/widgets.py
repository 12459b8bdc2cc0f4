from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from rongmei.core import clock

from . import selectors


def home_card(request) -> str | None:
    ws = request.workspace
    end = clock.today()
    start = end - dt.timedelta(days=6)
    volume = selectors.volume(ws, start, end)
    if not volume["total"]:
        return None
    spiking = [s for s in selectors.topic_summaries(ws, end - dt.timedelta(days=20), end) if s["spiking"]]
    return render_to_string(
        "opinion/_home_card.html", {"volume": volume, "spiking": spiking, "ws": ws}, request=request
    )
