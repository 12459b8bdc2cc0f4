"""自查报告（Word）：给甲方的《政务新媒体自查报告》，由 engines.docgen 生成。"""

from __future__ import annotations

from pathlib import Path

from rongmei.engines.docgen import Column, Report
from rongmei.engines.inspection import load_pack

from .choices import RULE_LABELS, FindingState, RuleStatus, Severity
from .models import InspectionRun


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def build_report(run: InspectionRun, findings, platform_labels: dict[str, str]) -> Report:
    ws = run.workspace
    failing = [f for f in findings if f.state == FindingState.FAILING]
    at_risk = [f for f in findings if f.in_forecast]
    report = Report(title="政务新媒体自查报告", subtitle=ws.client_name,
                    meta={"工作区": ws.name, "检查日期": _d(run.as_of), "规则包版本": run.pack_version,
                          "检查账号": f"{run.accounts_checked} 个", "检查已发布内容": f"{run.items_checked} 条"})
    report.heading("一、总体情况")
    if failing:
        report.paragraph(f"按国家政务新媒体检查指标逐项自查，截至{_d(run.as_of)}共发现不合格项 {len(failing)} 项"
                         f"（其中严重 {sum(1 for f in failing if f.severity == Severity.HIGH)} 项），"
                         f"未来 {load_pack().forecast_days} 天内将到期的预警项 {len(at_risk)} 项。整改情况见下文。")
    else:
        report.paragraph(f"按国家政务新媒体检查指标逐项自查，截至{_d(run.as_of)}未发现不合格项；"
                         f"未来 {load_pack().forecast_days} 天内将到期的预警项 {len(at_risk)} 项。")
    report.key_figures([("不合格项", len(failing), "项"), ("预警项", len(at_risk), "项"),
                        ("检查账号", run.accounts_checked, "个")])
    report.heading("二、检查项目")
    rows = []
    for r in run.rules:
        status = RuleStatus(r["status"]).label
        rows.append([RULE_LABELS.get(r["rule"], r["rule"]), status,
                     r.get("findings", 0) if r["status"] == RuleStatus.CHECKED else "", r.get("note", "")])
    report.table(["检查项目", "结果", Column("发现", "int"), "说明"], rows)
    for title, group in (("三、不合格项与整改", failing), ("四、未来 7 天内将判为不合格的项目", at_risk)):
        report.heading(title)
        if not group:
            report.paragraph("无。")
            continue
        report.table(["账号", "检查项目", "严重程度", "情况", "判为不合格日期", "整改办法"], [
            [f"{platform_labels.get(f.platform, '')}·{f.account_name}" if f.account_name else "—",
             RULE_LABELS.get(f.rule, f.rule), Severity(f.severity).label, f.message,
             f.veto_on.isoformat() if f.veto_on else "", f.fix] for f in group])
    report.heading("五、说明")
    report.paragraph("本报告由融媒运营平台按规则包自动检查生成，每次检查的结果与证据均留存备查。"
                     "标为“无数据”的项目表示平台尚未接入相应数据，需人工核查。")
    return report


def write_report(run: InspectionRun, findings, platform_labels: dict[str, str], path: Path) -> Path:
    return build_report(run, findings, platform_labels).save_docx(path)
