"""一次性回填：把作品数据按平台作品 ID/链接关联到发布记录与稿件。用法：rongmei metrics_link_items [工作区代码…]"""

from __future__ import annotations

from rongmei.core.management.base import AuditedCommand
from rongmei.metrics.services import item_stats_link
from rongmei.workspaces.models import Workspace


class Command(AuditedCommand):
    help = "把作品数据（ItemStat）按平台作品 ID 或链接关联到发布记录与稿件（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("workspaces", nargs="*", help="工作区代码；不填为全部工作区")

    def handle(self, *args, **options):
        qs = Workspace.objects.all()
        if options["workspaces"]:
            qs = qs.filter(slug__in=options["workspaces"])
        for ws in qs:
            n = item_stats_link(actor=None, workspace=ws)
            self.stdout.write(f"{ws.slug}：新关联 {n} 条作品数据")
