from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def pending_proposals_widget(request) -> str | None:
    ws = request.workspace
    count = selectors.pending_proposal_count(ws)
    if not count:
        return None
    return render_to_string("proofread/_widget.html", {"count": count, "ws": ws}, request=request)
