"""字数与匿名：按中文读者的数法数字数，匿名评审时隐去单位的名字。页面上的实时字数（static/cases/cases.js）
用同一规则：去掉空白（空格、换行、全角空格）后按字符（码位）计数，不按字节；一个汉字、一个标点、一个字母都算 1。"""

from __future__ import annotations

import re

from .choices import MASK

_SPACE = re.compile(r"[\s\ufeff]+")


def char_count(text: str) -> int:
    return len(_SPACE.sub("", text or ""))


def total_chars(texts) -> int:
    return sum(char_count(t) for t in texts)


def mask(text: str, names: list[str]) -> tuple[str, int]:
    """(隐去后的文字, 隐去的处数)。names 已按长到短排好。"""
    count = 0
    for name in names:
        if name and name in text:
            count += text.count(name)
            text = text.replace(name, MASK)
    return text, count
