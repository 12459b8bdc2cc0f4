"""``rongmei inbox classify FILE [--json]`` 与 ``rongmei opinion sentiment FILE [--json]``（不依赖 Django）。

FILE 为 ``-`` 时读标准输入；每行一条留言，空行跳过。``--json`` 时每条输出一行 JSON 对象
（分类：category、sentiment、urgent、reasons；情感：label、score、reasons），否则输出中文表格。
退出状态：0 正常；2 用法错误或文件无法读取。
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from .classify import classify
from .lexicon import CATEGORY_LABELS, SENTIMENT_LABELS
from .sentiment import sentiment


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description=description)
    p.add_argument("file", metavar="FILE", help="文本文件，每行一条；- 表示标准输入")
    p.add_argument("--json", action="store_true", help="每条输出一行 JSON")
    return p


def _lines(path: str) -> Iterator[str]:
    if path == "-":
        for line in sys.stdin:
            if line.strip():
                yield line.rstrip("\n")
        return
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if line.strip():
                yield line.rstrip("\n")


def _short(text: str, n: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _run(argv: list[str] | None, prog: str, description: str, emit) -> int:
    try:
        args = _parser(prog, description).parse_args(argv)
    except _UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        for i, line in enumerate(_lines(args.file), start=1):
            emit(i, line, args.json)
    except FileNotFoundError:
        print(f"找不到文件：{args.file}", file=sys.stderr)
        return 2
    except (IsADirectoryError, PermissionError, OSError) as exc:
        print(f"无法读取文件：{args.file}（{exc.strerror or exc}）", file=sys.stderr)
        return 2
    return 0


def classify_main(argv: list[str] | None = None) -> int:
    def emit(i: int, line: str, as_json: bool) -> None:
        c = classify(line)
        if as_json:
            print(json.dumps(c.to_json(), ensure_ascii=False), flush=False)
        else:
            if i == 1:
                print("序号\t类别\t情感\t紧急\t留言\t依据")
            print(
                f"{i}\t{CATEGORY_LABELS[c.category]}\t{SENTIMENT_LABELS[c.sentiment.label]}\t"
                f"{'是' if c.urgent else '否'}\t{_short(line)}\t{'；'.join(c.reasons)}"
            )

    return _run(
        argv,
        "rongmei inbox classify",
        "留言自动分类：咨询、建议、投诉、日常互动、舆情风险，并标记紧急。",
        emit,
    )


def sentiment_main(argv: list[str] | None = None) -> int:
    def emit(i: int, line: str, as_json: bool) -> None:
        s = sentiment(line)
        if as_json:
            print(json.dumps(s.to_json(), ensure_ascii=False))
        else:
            if i == 1:
                print("序号\t情感\t分数\t文本\t依据")
            print(f"{i}\t{SENTIMENT_LABELS[s.label]}\t{s.score:+.2f}\t{_short(line)}\t{'；'.join(s.reasons)}")

    return _run(argv, "rongmei opinion sentiment", "情感判断：负面、中性、正面，分数 -1 到 1。", emit)
