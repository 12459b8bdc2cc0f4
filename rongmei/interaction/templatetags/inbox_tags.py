"""收件箱的计时标签：剩余 / 已逾期（北京时间），暂停时说明原因。"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from rongmei.interaction.choices import DONE_STATES
from rongmei.interaction.selectors import timeliness

register = template.Library()


def span(delta: dt.timedelta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时"
    if hours:
        return f"{hours} 小时 {mins} 分"
    return f"{mins} 分钟"


@register.simple_tag
def timer(m, now):
    """消息的计时徽标。"""
    if m.state in DONE_STATES:
        verdict = timeliness(m.first_due_at, m.first_response_at, now)
        if verdict == "late":
            return mark_safe('<span class="badge bg-orange-lt" data-testid="timer">已办结 · 响应超时</span>')
        return mark_safe('<span class="badge bg-green-lt" data-testid="timer">已办结</span>')
    if m.paused_at:
        return mark_safe('<span class="badge bg-yellow-lt" data-testid="timer" title="等待群众补充期间暂停计时">'
                         '已暂停计时</span>')
    first = m.first_response_at is None and m.first_due_at
    target = m.first_due_at if first else m.due_at
    if target is None:
        return ""
    what = "首次响应" if first else "办结"
    local = timezone.localtime(target)
    when = f"{local:%m-%d %H:%M}"
    left = target - now
    if left.total_seconds() < 0:
        return format_html('<span class="badge bg-red text-red-fg" data-testid="timer" title="{}期限 {}">'
                           '{}已逾期 {}</span>', what, when, what, span(left))
    colour = "orange" if left < dt.timedelta(hours=2) else "green"
    return format_html('<span class="badge bg-{}-lt" data-testid="timer" title="{}期限 {}（北京时间）">{}剩 {}</span>',
                       colour, what, when, what, span(left))


@register.simple_tag
def department_timer(m, now):
    if m.department_due_at is None:
        return ""
    if m.department_answered_at:
        late = m.department_answered_at > m.department_due_at
        return format_html('<span class="badge bg-{}-lt">处室已答复{}</span>', "orange" if late else "green",
                           "（超时）" if late else "")
    left = m.department_due_at - now
    if left.total_seconds() < 0:
        return format_html('<span class="badge bg-red text-red-fg" data-testid="department-timer">处室已逾期 {}</span>',
                           span(left))
    return format_html('<span class="badge bg-blue-lt" data-testid="department-timer">处室剩 {}</span>', span(left))
