from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors


def publishing_widget(request) -> str | None:
    ws = request.workspace
    today = timezone.localdate()
    todays = list(selectors.publications_between(ws, today, today)[:8])
    return render_to_string("publishing/_widget.html", {
        "todays": todays, "attention": selectors.attention_count(ws), "ws": ws,
    }, request=request)
