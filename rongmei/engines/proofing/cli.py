"""``rongmei proof FILE... [--json] [--packs ...]`` 的实现（不依赖 Django）。

退出状态：0 = 没有“高”级发现；1 = 有“高”级发现；2 = 用法错误或文件无法读取。
``--json``：每个文件输出一行 JSON 对象（JSON Lines），
``{"file": ..., "rulepack": ..., "error_rate": ..., "findings": [...]}``；只有一个文件时就是一个 JSON 对象。
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from .engine import Engine
from .extract import ExtractError, extract_text
from .finding import CATEGORIES
from .llm import LLMConfig
from .packs import PACK_NAMES
from .rate import error_rate


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="rongmei proof",
        description="AI 预审：检查 .txt/.docx/.md/.html 稿件中的敏感信息、错别字、标点、数字、隐私等问题。",
        epilog="退出状态：0 无“高”级问题；1 有“高”级问题；2 用法或文件错误。",
        add_help=True,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="要检查的文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个文件一行）")
    p.add_argument(
        "--packs",
        help=f"只启用这些类别，逗号分隔（默认全部）：{','.join(PACK_NAMES)}",
    )
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="文章日期：更名后的提法、领导任职期间按它判断（默认按现行规则）")
    p.add_argument("--extra", metavar="JSON", help="工作区词条文件（JSON，按类别分组的词条列表）")
    p.add_argument("--whitelist", metavar="TXT", help="白名单文件，每行一个词")
    p.add_argument("--llm-url", help="OpenAI 兼容接口地址（启用大模型复核）")
    p.add_argument("--llm-model", default="default", help="大模型名称")
    p.add_argument("--llm-timeout", type=float, default=10.0, help="单次请求超时秒数")
    return p


def _human(path: str, text: str, findings: list[Any], rate: float) -> str:
    lines = [f"== {path}：{len(findings)} 条发现，差错率 {rate:.2f}/万字"]
    for f in findings:
        line_no = text.count("\n", 0, f.start) + 1
        col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        sugg = f"，建议：{f.suggestion}" if f.suggestion else ""
        src = "【模型】" if f.source == "model" else ""
        lines.append(
            f"  第{line_no}行第{col}列 [{f.severity}] {src}{CATEGORIES.get(f.category, f.category)}"
            f"“{f.text}”{sugg} —— {f.message}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """命令行入口；返回退出状态而不是调用 ``sys.exit``。"""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"用法错误：{exc}\n", file=sys.stderr)
        print(parser.format_usage(), file=sys.stderr, end="")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

    packs = None
    if args.packs:
        packs = [p.strip() for p in args.packs.split(",") if p.strip()]
        unknown = [p for p in packs if p not in PACK_NAMES]
        if unknown:
            print(f"用法错误：未知的类别 {'、'.join(unknown)}；可选：{','.join(PACK_NAMES)}", file=sys.stderr)
            return 2
    if args.date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        print(f"用法错误：--date 应为 YYYY-MM-DD，而不是“{args.date}”", file=sys.stderr)
        return 2
    extra = None
    if args.extra:
        try:
            extra = json.loads(Path(args.extra).read_text(encoding="utf-8"))
            if not isinstance(extra, dict):
                raise ValueError("顶层应为对象")
        except (OSError, ValueError) as exc:
            print(f"无法读取工作区词条文件 {args.extra}：{exc}", file=sys.stderr)
            return 2
    whitelist = None
    if args.whitelist:
        try:
            whitelist = [w.strip() for w in Path(args.whitelist).read_text(encoding="utf-8").splitlines() if w.strip()]
        except OSError as exc:
            print(f"无法读取白名单文件 {args.whitelist}：{exc.strerror}", file=sys.stderr)
            return 2
    llm = LLMConfig(base_url=args.llm_url, model=args.llm_model, timeout=args.llm_timeout) if args.llm_url else None

    texts: list[tuple[str, str]] = []
    for name in args.files:
        try:
            texts.append((name, extract_text(name)))
        except ExtractError as exc:
            print(f"文件错误：{exc}", file=sys.stderr)
            return 2

    engine = Engine(packs=packs, extra=extra, whitelist=whitelist, llm=llm)
    any_high = False
    for name, text in texts:
        findings = engine.check(text, date=args.date)
        rate = error_rate(findings, text)
        any_high = any_high or any(f.severity == "高" and f.source == "rules" for f in findings)
        if args.json:
            obj = {
                "file": name,
                "rulepack": engine.version,
                "error_rate": round(rate, 3),
                "findings": [f.to_dict() for f in findings],
            }
            print(json.dumps(obj, ensure_ascii=False))
        else:
            print(_human(name, text, findings, rate))
        for err in engine.llm_errors:
            print(f"提示：{err}", file=sys.stderr)
    return 1 if any_high else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
