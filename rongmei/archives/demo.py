"""档案的演示数据：每个工作区打包一份最近一个月的档案（可重复执行：已有档案包时不再打包）。"""

from __future__ import annotations

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.engines import months

from .models import ArchiveSet
from .services import archive_set_create


@register(97, "档案")
def load(workspaces, users) -> None:
    today = clock.today()
    for ws in workspaces.values():
        if ArchiveSet.objects.filter(workspace=ws).exists():
            continue
        archive_set_create(actor=None, workspace=ws, period_start=months.add_months(months.month_start(today), -1),
                           period_end=today)
