"""单次检查的上下文：原文、惰性分词（rjieba，见 :mod:`.words`）与常用的位置判断。"""

from __future__ import annotations

import operator
import re

from . import words

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CLAUSE_BREAK = "。！？；，、：\n\r\t “”‘’（）()《》「」【】"
SENTENCE_BREAK_RE = re.compile(r"[。！？!?；;\n]")


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


class Context:
    """一次 ``Engine.check`` 调用的上下文。分词按“分句”惰性进行并缓存。"""

    __slots__ = ("text", "date", "_bounds", "_clauses", "_pairs")

    def __init__(self, text: str, date: str | None = None) -> None:
        self.text = text
        #: 文章日期（ISO 格式 YYYY-MM-DD）；有日期的规则（更名、任职期间）按它判断，None 表示按当前规则
        self.date = date
        self._bounds: dict[int, set[int]] = {}
        self._clauses: dict[int, tuple[int, int]] = {}
        self._pairs: list[str] | None = None

    def pairs(self) -> list[str]:
        """逐位置的二字串 ``text[i:i+2]``（``i < len(text) - 1``），几条规则共用（只建一次，哈希也只算一次）。"""
        if self._pairs is None:
            self._pairs = list(map(operator.add, self.text, self.text[1:]))
        return self._pairs

    def clause_span(self, pos: int) -> tuple[int, int]:
        """包含 ``pos`` 的分句（以标点、空白切分）的起止位置。"""
        text = self.text
        start = pos
        while start > 0 and text[start - 1] not in CLAUSE_BREAK:
            start -= 1
        end = pos
        n = len(text)
        while end < n and text[end] not in CLAUSE_BREAK:
            end += 1
        return start, end

    def sentence_span(self, pos: int) -> tuple[int, int]:
        text = self.text
        start = pos
        while start > 0 and text[start - 1] not in "。！？!?\n":
            start -= 1
        end = pos
        while end < len(text) and text[end] not in "。！？!?\n":
            end += 1
        return start, min(end + 1, len(text))

    def boundaries(self, pos: int) -> set[int]:
        """``pos`` 所在分句的 jieba 词边界（绝对位置）。"""
        cs, ce = self.clause_span(pos)
        cached = self._bounds.get(cs)
        if cached is not None:
            return cached
        bounds = {cs, ce}
        offset = cs
        for word in words.cut(self.text[cs:ce]):
            offset += len(word)
            bounds.add(offset)
        self._bounds[cs] = bounds
        return bounds

    def is_word(self, start: int, end: int) -> bool:
        """``text[start:end]`` 两端都落在词边界上（不是其他词的一部分）。"""
        if start >= end:
            return False
        b = self.boundaries(start)
        if start not in b:
            return False
        if end in b:
            return True
        # 跨分句的词条（极少见）：检查末端所在分句
        return end in self.boundaries(end - 1)

    def in_force(self, data: dict | None) -> bool:
        """带有效期的规则在文章日期是否有效（``valid_from`` ≤ 日期 ≤ ``valid_until``）。"""
        if not data:
            return True
        if self.date is None:
            return not data.get("valid_until")
        return data.get("valid_from", "") <= self.date and (not data.get("valid_until") or self.date <= data["valid_until"])

    def inside_brackets(self, start: int, open_: str = "《", close: str = "》") -> bool:
        text = self.text
        return text.rfind(open_, 0, start) > text.rfind(close, 0, start)
