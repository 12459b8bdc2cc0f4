from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors
from .choices import FindingState


def home_card(request) -> str | None:
    """组长工作台：最近一次自查的不合格项与 7 天内将到期的项目。"""
    ws = request.workspace
    run = selectors.latest_run(ws)
    if run is None:
        return None
    failing = selectors.findings_of(run, state=FindingState.FAILING).filter(severity="high", in_forecast=False)
    soon = list(failing[:3]) + selectors.forecast_of(run)[:3]
    return render_to_string("inspection/_home_card.html", {"run": run, "soon": soon, "ws": ws}, request=request)
