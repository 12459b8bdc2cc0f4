"""``rongmei opinion match --topic EXPR FILE``：打印 FILE 中命中专题表达式的行号（从 0 起），一行一个。

FILE 为 ``-`` 时读标准输入。退出状态：0 正常（有无命中都是 0）；2 表达式语法错误、用法错误或文件无法读取。
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .expr import TopicSyntaxError, compile_topic


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="rongmei opinion match",
        description="按监测专题的布尔表达式筛选文本行，输出命中行的行号（从 0 起）。",
    )
    p.add_argument(
        "--topic", required=True, metavar="EXPR", help="专题表达式，例如 '(残疾人|残联) + 补贴 - 广告'"
    )
    p.add_argument("file", metavar="FILE", help="文本文件（UTF-8，一行一条）；- 表示标准输入")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(f"用法错误：{exc}\n用法：rongmei opinion match --topic EXPR FILE", file=sys.stderr)
        return 2
    try:
        topic = compile_topic(args.topic)
    except TopicSyntaxError as exc:
        print(f"专题表达式有误：{exc}\n{exc.pointer()}", file=sys.stderr)
        return 2
    try:
        if args.file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(args.file).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        print(f"无法读取文件 {args.file}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"文件 {args.file} 不是 UTF-8 编码的文本", file=sys.stderr)
        return 2
    out = sys.stdout
    for number, line in enumerate(lines):
        if topic.matches(line):
            out.write(f"{number}\n")
    return 0
