"""工作台卡片：合同履约概况（得分与滞后义务数）。"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string

from . import selectors

CARD_TTL = 120  # 秒：工作台卡片最多晚这么久反映其他应用（数据、发布）新增的事实


def pace_card(request) -> str | None:
    """工作台的合同卡片。评估要汇总其他应用的全部事实（数百毫秒），工作台每次打开都算会拖慢所有人；
    卡片按工作区缓存 CARD_TTL 秒，本应用的事实一有增删（事实修订号变化）或换了合同版本就立即重算。"""
    version = selectors.current_version(request.workspace)
    key = f"contracts:home-card:{selectors.own_revision(request.workspace)}:{version.digest if version else '-'}"
    html = cache.get(key)
    if html is None:
        html = _render_pace_card(request) or ""
        cache.set(key, html, CARD_TTL)
    return html or None


def _render_pace_card(request) -> str | None:
    try:
        state = selectors.evaluation_for(request.workspace)
    except Exception:  # 卡片出错不影响工作台
        return None
    if state is None:
        return None
    ev = state.evaluation
    behind = [o for o in ev.obligations if o.pace.status in ("red", "amber", "missed")]
    return render_to_string("contracts/_widget.html", {"state": state, "ev": ev, "behind": behind}, request=request)
