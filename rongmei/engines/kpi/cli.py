"""命令行：rongmei contract evaluate|validate|templates（不需要 Django 与数据库）。"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from ..numfmt import format_value
from .contract import ContractError, parse_contract
from .evaluate import evaluate
from .facts import FactsError, load_facts
from .periods import PeriodError
from .results import Evaluation
from .templates import load_contract, template_ids, validate_template
from .vocab import PERIOD_UNITS

__all__ = ["main", "render_table"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # 中文用法错误，退出码 2
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="rongmei contract", description="合同履约与 KPI 评估（纯 Python，无需数据库）")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ev = sub.add_parser("evaluate", help="按事实文件评估合同")
    ev.add_argument("contract", help="内置模板 id 或合同 YAML 路径")
    ev.add_argument("--facts", required=True, help="facts-v1 文件：.jsonl / .csv / .xlsx")
    ev.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD（之后的事实不计入）")
    ev.add_argument("--period", default="annual", help="annual | h1 | h2 | YYYY-MM（默认 annual）")
    ev.add_argument("--json", action="store_true", help="输出 JSON")
    ev.add_argument("--series", action="store_true", help="JSON 中包含逐日累计序列（图表用）")
    va = sub.add_parser("validate", help="校验合同 YAML（或内置模板 id）")
    va.add_argument("path")
    va.add_argument("--json", action="store_true")
    tp = sub.add_parser("templates", help="列出内置合同模板")
    tp.add_argument("--json", action="store_true")
    return p


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    widths = [max(_width(h), *(_width(r[i]) for r in rows)) if rows else _width(h) for i, h in enumerate(headers)]
    line = "  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers))
    out = [line, "-" * _width(line)]
    out += ["  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(r)) for r in rows]
    return out


def _num(v: Any, unit: str | None = None) -> str:
    return format_value(v, unit)


def _score_lines(ev: Evaluation) -> list[str]:
    """The scoring table, only where the contract defines one; mid-period scores are labelled 截至当日."""
    if not ev.has_score:
        verdict = "全部计分义务已达标" if ev.passed else "尚有计分义务未达标"
        return [f"合同未约定评分表：不计总分，按完成情况与违约金条款考核。{verdict}。", ""]
    out: list[str] = []
    when = "" if ev.final else f"截至 {ev.as_of} "
    rows = [[i.category_name or "—", i.name, _num(i.actual, i.unit), _num(i.target, i.unit),
             _num(i.target_to_date, i.unit), f"{i.score:.2f}",
             f"{i.projected_score:.2f}" if i.projected_score is not None else "—", f"{i.max:g}"]
            for i in ev.indicators]
    out += _table(["考核大类", "指标", "实际", "目标", "应完成", f"{when}得分", "预计期末得分", "分值"], rows,
                  {2, 3, 4, 5, 6, 7})
    out.append("")
    if ev.bonuses:
        out += _table(["加分项", "说明", "加分"], [[b.name, b.detail, f"{b.points:g}"] for b in ev.bonuses], {2})
        out.append("")
    verdict = "合格" if ev.passed else "不合格"
    out.append(f"{when}基础得分 {ev.base:.2f} + 加分 {ev.bonus:.2f} = 总分 {ev.score:.2f}（满分 {ev.max:g}，不封顶）")
    if not ev.final and ev.projected_score is not None:
        out.append(f"按当前进度预计期末总分 {ev.projected_score:.2f}")
    ratio = format_value(ev.payment_ratio, "ratio", digits=2)
    out.append(f"考核结论：{verdict}（合格线 {ev.pass_ratio:.0%}），拨付比例 {ratio}")
    out.append("")
    return out


def render_table(ev: Evaluation) -> str:
    """可读的中文报表。"""
    out = [
        f"合同：{ev.contract_name}（{ev.contract_id}）",
        f"考核期：{ev.period.label} {ev.period.start}～{ev.period.end}，截至 {ev.as_of}",
        f"事实：共 {ev.facts_total} 条，计入 {ev.facts_used} 条，忽略 {ev.facts_ignored} 条（考核期外或截至日期之后）",
        "",
    ]
    out += _score_lines(ev)
    rows = []
    for o in ev.obligations:
        p = o.pace
        per = "" if o.per == "period" else f"每{PERIOD_UNITS[o.per]}"
        rows.append([
            o.name + ("" if o.scored else "（不计分）"), per, _num(p.done, o.measurement.unit),
            format_value(p.expected, o.measurement.unit, whole=True), _num(o.target, o.measurement.unit),
            _num(p.projected, o.measurement.unit),
            (f"{_num(p.needed_rate)}/{p.rate_unit}" if p.needed_rate is not None else "—"),
            p.status_label,
        ])
    out += _table(["义务", "单位", "已完成", "应完成", "目标", "预计期末", "此后每单位需", "状态"], rows, {2, 3, 4, 5, 6})
    if ev.checkpoints:
        out.append("")
        rows = [[c.name, str(c.due or "—"), str(c.delivered or "—"), c.status_label] for c in ev.checkpoints]
        out += _table(["节点", "截止", "交付/验收", "状态"], rows)
    if ev.payments:
        out.append("")
        rows = [[p.name, _num(p.ratio, "ratio"), _num(p.amount_due, "元"), _num(p.scale, "ratio"),
                 str(p.due_date or "—"), p.status_label] for p in ev.payments]
        out += _table(["付款节点", "比例", "应付金额", "拨付系数", "付款期限", "状态"], rows, {1, 2, 3})
    if ev.penalties:
        out.append("")
        rows = [[p.name, p.status_label, _num(p.ratio, "ratio"), _num(p.amount, "元"), p.detail or "—"]
                for p in ev.penalties]
        out += _table(["违约金", "状态", "比例", "金额", "说明"], rows, {2, 3})
    if ev.warnings:
        out.append("")
        out.append("警告：")
        out += [f"  - {w}" for w in ev.warnings]
    return "\n".join(out)


def _evaluate(args: argparse.Namespace) -> int:
    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        print(f"--as-of 应为 YYYY-MM-DD，实际为“{args.as_of}”", file=sys.stderr)
        return 2
    try:
        contract = load_contract(args.contract)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    except ContractError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        facts = load_facts(args.facts)
    except FactsError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        ev = evaluate(contract, facts, as_of=as_of, period=args.period, include_series=args.series)
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        data = ev.to_dict() if args.series else ev.summary()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_table(ev))
    return 0


def _validate(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists():
        report = parse_contract(path.read_text(encoding="utf-8"), source=path.name)
    elif args.path in template_ids():
        report = validate_template(args.path)
    else:
        print(f"文件不存在，也不是内置模板 id：{args.path}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for issue in report.errors:
            print(f"错误 {issue}")
        for issue in report.warnings:
            print(f"警告 {issue}")
        print(f"校验{'通过' if report.ok else '未通过'}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
    return 0 if report.ok else 1


def _templates(args: argparse.Namespace) -> int:
    rows = []
    for tid in template_ids():
        c = load_contract(tid)
        rows.append({"id": tid, "name": c.name, "start": c.start.isoformat(), "end": c.end.isoformat(),
                     "amount": None if c.amount is None else str(c.amount), "obligations": len(c.obligations)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        table = [[r["id"], r["name"], f"{r['start']}～{r['end']}", _num(r["amount"]), str(r["obligations"])]
                 for r in rows]
        print("\n".join(_table(["id", "名称", "服务期", "金额", "义务数"], table, {3, 4})))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`rongmei contract ...` 的入口；argv 为 contract 之后的参数。返回退出码。"""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    handler = {"evaluate": _evaluate, "validate": _validate, "templates": _templates}[args.command]
    return handler(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
