"""工作台卡片：合同履约概况（得分与滞后义务数）。"""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def pace_card(request) -> str | None:
    try:
        state = selectors.evaluation_for(request.workspace)
    except Exception:  # 卡片出错不影响工作台
        return None
    if state is None:
        return None
    ev = state.evaluation
    behind = [o for o in ev.obligations if o.pace.status in ("red", "amber")]
    return render_to_string("contracts/_widget.html", {"state": state, "ev": ev, "behind": behind}, request=request)
