"""``rongmei proof_ws --workspace bj-planning FILE... [--json]``：用工作区词条与白名单审校文件。

与 ``rongmei proof`` 相同的退出状态：0 = 没有“高”级发现；1 = 有“高”级发现；2 = 用法错误或文件无法读取。
每个文件记一条审校记录（来源“命令行”）。
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from rongmei.core.management.base import AuditedCommand
from rongmei.engines.proofing import ExtractError, extract_text
from rongmei.engines.proofing.finding import CATEGORIES
from rongmei.proofread import services
from rongmei.workspaces.models import Workspace


class Command(AuditedCommand):
    help = "AI 审校（使用工作区词库与白名单）：.txt/.docx/.md/.html。退出状态 0 无“高”级问题，1 有，2 用法或文件错误。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--workspace", "-w", required=True, help="工作区标识，如 bj-planning")
        parser.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")

    def handle(self, *args, **options):
        files, workspace, as_json = options["files"], options["workspace"], options["json"]
        ws = Workspace.objects.filter(slug=workspace, is_active=True).first()
        if ws is None:
            raise CommandError(f"找不到工作区“{workspace}”", returncode=2)
        texts = []
        for name in files:
            try:
                texts.append((name, extract_text(name)))
            except ExtractError as exc:
                raise CommandError(f"文件错误：{exc}", returncode=2) from exc
        any_high = False
        for name, text in texts:
            if text.strip():
                run = services.proof_run(actor=None, workspace=ws, text=text, source_name=name, source="cli")
                findings, rate, rulepack = run.findings, run.error_rate, run.rulepack
            else:
                findings, rate, rulepack = [], 0.0, services.engine_for(ws).version
            any_high = any_high or any(f["severity"] == "高" and f.get("source") == "rules" for f in findings)
            if as_json:
                self.stdout.write(_dumps({"file": name, "workspace": ws.slug, "rulepack": rulepack,
                                          "error_rate": rate, "findings": findings}))
            else:
                self.stdout.write(_human(name, text, findings, rate))
        if any_high:
            raise SystemExit(1)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _human(path: str, text: str, findings: list[dict], rate: float) -> str:
    lines = [f"== {path}：{len(findings)} 条发现，差错率 {rate:.2f}/万字"]
    for f in findings:
        line_no = text.count("\n", 0, f["start"]) + 1
        col = f["start"] - (text.rfind("\n", 0, f["start"]) + 1) + 1
        sugg = f"，建议：{f['suggestion']}" if f.get("suggestion") else ""
        lines.append(f"  第{line_no}行第{col}列 [{f['severity']}] {CATEGORIES.get(f['category'], f['category'])}"
                     f"“{f['text']}”{sugg} —— {f['message']}")
    return "\n".join(lines)
