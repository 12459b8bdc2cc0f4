"""文本规范化：全角/半角折叠（NFKC）、繁体→简体（OpenCC 词典）、空白合并。

繁简转换用随包附带的 OpenCC 词典（Apache-2.0，见 data/README.md）：先按词组最长匹配，
再逐字转换。词典在第一次调用时读入，每个进程一次。
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

_SPACE_RE = re.compile(r"\s+")


def _read_dict(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, values = line.rstrip("\n").partition("\t")
            if key and values:
                out[key] = values.split(" ")[0]
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], int, frozenset[str]]:
    chars = _read_dict("opencc_TSCharacters.txt")
    phrases = _read_dict("opencc_TSPhrases.txt")
    max_len = max((len(k) for k in phrases), default=1)
    # 只在文本含有词组首字时才需要逐位置尝试词组匹配
    firsts = frozenset(k[0] for k in phrases)
    return chars, phrases, max_len, firsts


def to_simplified(text: str) -> str:
    """繁体→简体。已是简体的文本原样返回（快速路径）。"""
    chars, phrases, max_len, firsts = _tables()
    if chars.keys().isdisjoint(text):
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in firsts:
            for length in range(min(max_len, n - i), 1, -1):
                hit = phrases.get(text[i : i + length])
                if hit is not None:
                    out.append(hit)
                    i += length
                    break
            else:
                out.append(chars.get(c, c))
                i += 1
        else:
            out.append(chars.get(c, c))
            i += 1
    return "".join(out)


def normalize(text: str) -> str:
    """NFKC 折叠全角/半角，繁体转简体，连续空白合并为一个空格并去掉首尾空白。"""
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text)
    return _SPACE_RE.sub(" ", text).strip()
