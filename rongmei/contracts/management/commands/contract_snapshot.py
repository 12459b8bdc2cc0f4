from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from rongmei.accounts.models import User
from rongmei.core.management.base import AuditedCommand
from rongmei.core.permissions import has_perm
from rongmei.engines.numfmt import format_value
from rongmei.workspaces.models import Workspace

from ...choices import SnapshotKind
from ...permissions import ContractPerm
from ...services import snapshot_create


class Command(AuditedCommand):
    help = "按工作区数据库中的事实评估当前合同，并冻结为考核快照"

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="工作区标识，如 anyuan-jobs")
        parser.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD")
        parser.add_argument("--period", default="annual", help="annual | h1 | h2 | YYYY-MM")
        parser.add_argument("--kind", default=SnapshotKind.ASSESSMENT, choices=SnapshotKind.values,
                            help="用途：midterm 中期验收 / final 终验 / assessment 考核 / monthly 月度 / other")
        parser.add_argument("--title", default="")
        parser.add_argument("--user", default="", help="以该用户身份冻结（检查其权限）；不填则记为命令行操作")

    def handle(self, *args, **opts):
        ws = Workspace.objects.filter(slug=opts["workspace"]).first()
        if ws is None:
            raise CommandError(f"工作区“{opts['workspace']}”不存在")
        try:
            as_of = dt.date.fromisoformat(opts["as_of"])
        except ValueError:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD，实际为“{opts['as_of']}”") from None
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"用户“{opts['user']}”不存在")
            if not has_perm(actor, ws, ContractPerm.SNAPSHOT):
                raise CommandError(f"用户“{actor.username}”在工作区“{ws.slug}”没有冻结考核快照的权限")
        try:
            snap = snapshot_create(actor=actor, workspace=ws, as_of=as_of, period=opts["period"], kind=opts["kind"],
                                   title=opts["title"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(
            f"已冻结考核快照 #{snap.pk}：{snap.title}\n"
            + (f"总分 {snap.score:.2f}，" if snap.score is not None else "合同未约定评分表（不计总分），")
            + f"{'合格' if snap.passed else '不合格'}，拨付比例 {format_value(snap.payment_ratio, 'ratio', digits=2)}，"
            f"事实 {snap.facts_count} 条，合同第 {snap.version.number} 版，引擎 {snap.engine_version}"
        )
