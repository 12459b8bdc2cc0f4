"""``rongmei inspect --workspace SLUG [--as-of DATE] [--json]``：按国家政务新媒体检查指标自查一个工作区。"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from rongmei.core.management.base import AuditedCommand
from rongmei.workspaces.models import Platform, Workspace

from ...choices import RULE_LABELS, FindingState, RuleStatus, Severity, Trigger
from ...selectors import findings_of
from ...services import inspection_run


class Command(AuditedCommand):
    help = "按国家政务新媒体检查指标自查一个工作区（保存自查记录与发现）"

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="工作区标识，如 nmg-dpf")
        parser.add_argument("--as-of", default="", help="检查日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON：{\"findings\": [...]}")
        parser.add_argument("--no-alert", action="store_true", help="不给组长发提醒")

    def handle(self, *args, **opts):
        ws = Workspace.objects.filter(slug=opts["workspace"]).first()
        if ws is None:
            raise CommandError(f"工作区“{opts['workspace']}”不存在")
        as_of = None
        if opts["as_of"]:
            try:
                as_of = dt.date.fromisoformat(opts["as_of"])
            except ValueError:
                raise CommandError(f"--as-of 应为 YYYY-MM-DD，实际为“{opts['as_of']}”") from None
        try:
            run = inspection_run(actor=None, workspace=ws, as_of=as_of, trigger=Trigger.CLI,
                                 alert=not opts["no_alert"])
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from None
        findings = list(findings_of(run))
        if opts["json"]:
            out = {"workspace": ws.slug, "as_of": run.as_of.isoformat(), "run": run.pk,
                   "pack_version": run.pack_version, "rules": run.rules,
                   "findings": [{"account": f.account_name, "platform": f.platform, "rule": f.rule,
                                 "severity": f.severity, "state": f.state, "message": f.message, "fix": f.fix,
                                 "evidence": f.evidence, "veto_on": f.veto_on.isoformat() if f.veto_on else None}
                                for f in findings]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        platforms = dict(Platform.objects.values_list("code", "name"))
        self.stdout.write(f"{ws.name} 自查（检查日期 {run.as_of.isoformat()}，规则包 {run.pack_version}）：\n"
                          f"检查账号 {run.accounts_checked} 个、已发布内容 {run.items_checked} 条；"
                          f"不合格 {run.failing} 项，7 天内将不合格 {run.at_risk} 项。")
        for f in findings:
            who = f"{platforms.get(f.platform, '')}·{f.account_name}" if f.account_name else "工作区"
            self.stdout.write(f"[{FindingState(f.state).label}·{Severity(f.severity).label}] {who}"
                              f"｜{RULE_LABELS.get(f.rule, f.rule)}｜{f.message}\n    整改：{f.fix}")
        for r in run.rules:
            if r["status"] == RuleStatus.NO_DATA:
                self.stdout.write(f"未检查：{RULE_LABELS.get(r['rule'], r['rule'])}（{r['note']}）")
