"""布尔专题表达式：词法、语法（递归下降）与匹配。说明见包的文档字符串。"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_OPERATOR_CHARS = '()"+|'
_KEYWORDS = {"AND", "OR", "NOT"}
_NEAR = re.compile(r"NEAR/(\d+)")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")


def fold(text: str) -> str:
    """匹配前的折叠：全角转半角（NFKC）、拉丁字母小写、连续空白变一个空格。"""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class TopicSyntaxError(ValueError):
    """表达式语法错误：``position`` 从 0 起，``message`` 为中文说明。"""

    def __init__(self, message: str, position: int, expression: str = "") -> None:
        self.message = message
        self.position = position
        self.expression = expression
        super().__init__(f"第 {position + 1} 个字符处：{message}")

    def pointer(self) -> str:
        """两行：表达式与指向出错位置的 ^（命令行显示用）。"""
        prefix = self.expression[: self.position]
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in prefix)
        return f"{self.expression}\n{' ' * width}^"


@dataclass(frozen=True)
class _Tok:
    kind: str  # TERM PHRASE AND OR NOT NEAR LP RP
    value: str
    pos: int
    end: int
    distance: int = 0


def _is_ascii_alnum(ch: str) -> bool:
    return bool(ch) and bool(_ASCII_ALNUM.match(ch))


def _lex(expr: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(expr)
    while i < n:
        ch = expr[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            toks.append(_Tok("LP", ch, i, i + 1))
            i += 1
        elif ch == ")":
            toks.append(_Tok("RP", ch, i, i + 1))
            i += 1
        elif ch == "+":
            toks.append(_Tok("AND", ch, i, i + 1))
            i += 1
        elif ch == "|":
            toks.append(_Tok("OR", ch, i, i + 1))
            i += 1
        elif ch == "-":
            toks.append(_Tok("NOT", ch, i, i + 1))
            i += 1
        elif ch == '"':
            close = expr.find('"', i + 1)
            if close < 0:
                raise TopicSyntaxError("引号没有配对：短语缺少结尾的引号", i, expr)
            phrase = fold(expr[i + 1 : close])
            if not phrase:
                raise TopicSyntaxError("引号里没有内容", i, expr)
            toks.append(_Tok("PHRASE", phrase, i, close + 1))
            i = close + 1
        else:
            start = i
            while i < n:
                c = expr[i]
                if c.isspace() or c in _OPERATOR_CHARS:
                    break
                if c == "-" and not (_is_ascii_alnum(expr[i - 1]) and _is_ascii_alnum(expr[i + 1 : i + 2])):
                    break  # 不是夹在字母数字之间的连字符：排除运算符
                i += 1
            word = expr[start:i]
            if word in _KEYWORDS:
                toks.append(_Tok(word, word, start, i))
            elif word.startswith("NEAR"):
                m = _NEAR.fullmatch(word)
                if not m:
                    raise TopicSyntaxError("NEAR 后面要写距离（字符数），例如 NEAR/5", start, expr)
                toks.append(_Tok("NEAR", word, start, i, distance=int(m.group(1))))
            else:
                toks.append(_Tok("TERM", fold(word), start, i))
    return toks


# ---- 语法树 ---------------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    text: str
    cache: dict = field(default_factory=dict)


class _Node:
    def evaluate(self, ctx: _Ctx) -> bool:  # pragma: no cover - 抽象
        raise NotImplementedError

    def terms(self) -> list[str]:
        return []


@dataclass
class _Term(_Node):
    value: str
    phrase: bool = False

    def __post_init__(self) -> None:
        # 拉丁字母开头/结尾的词按整词匹配：前后不能紧挨字母数字
        head = r"(?<![0-9a-z])" if _is_ascii_alnum(self.value[0]) else ""
        tail = r"(?![0-9a-z])" if _is_ascii_alnum(self.value[-1]) else ""
        self._regex = re.compile(head + re.escape(self.value) + tail) if (head or tail) else None

    def spans(self, ctx: _Ctx) -> list[tuple[int, int]]:
        key = ("spans", self.value)
        if key not in ctx.cache:
            if self._regex is not None:
                ctx.cache[key] = [m.span() for m in self._regex.finditer(ctx.text)]
            else:
                out, start, size = [], ctx.text.find(self.value), len(self.value)
                while start >= 0:
                    out.append((start, start + size))
                    start = ctx.text.find(self.value, start + 1)
                ctx.cache[key] = out
        return ctx.cache[key]

    def evaluate(self, ctx: _Ctx) -> bool:
        if self._regex is not None:
            return self._regex.search(ctx.text) is not None
        return self.value in ctx.text

    def terms(self) -> list[str]:
        return [self.value]


@dataclass
class _And(_Node):
    parts: list[_Node]

    def evaluate(self, ctx: _Ctx) -> bool:
        return all(p.evaluate(ctx) for p in self.parts)

    def terms(self) -> list[str]:
        return [t for p in self.parts for t in p.terms()]


@dataclass
class _Or(_Node):
    parts: list[_Node]

    def evaluate(self, ctx: _Ctx) -> bool:
        return any(p.evaluate(ctx) for p in self.parts)

    def terms(self) -> list[str]:
        return [t for p in self.parts for t in p.terms()]


@dataclass
class _Not(_Node):
    part: _Node

    def evaluate(self, ctx: _Ctx) -> bool:
        return not self.part.evaluate(ctx)


@dataclass
class _Near(_Node):
    left: list[_Term]
    right: list[_Term]
    distance: int

    def evaluate(self, ctx: _Ctx) -> bool:
        lefts = [s for t in self.left for s in t.spans(ctx)]
        if not lefts:
            return False
        rights = [s for t in self.right for s in t.spans(ctx)]
        for s1, e1 in lefts:
            for s2, e2 in rights:
                gap = max(s2 - e1, s1 - e2)  # 两词之间隔的字符数；重叠时为负
                if gap <= self.distance:
                    return True
        return False

    def terms(self) -> list[str]:
        return [t.value for t in self.left + self.right]


# ---- 语法分析 -------------------------------------------------------------------------------------------------

_NAMES = {"AND": "“并且”", "OR": "“或者”", "NOT": "“排除”", "NEAR": "NEAR", "RP": "右括号", "LP": "左括号"}


def _show(tok: _Tok) -> str:
    if tok.kind in ("AND", "OR", "NOT"):
        return f"{_NAMES[tok.kind]}（{tok.value}）"
    return _NAMES.get(tok.kind, f"“{tok.value}”")


class _Parser:
    def __init__(self, expr: str, toks: list[_Tok]) -> None:
        self.expr, self.toks, self.i = expr, toks, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def error(self, message: str, pos: int | None = None) -> TopicSyntaxError:
        return TopicSyntaxError(message, len(self.expr) if pos is None else pos, self.expr)

    def parse(self) -> _Node:
        if not self.toks:
            raise self.error("表达式是空的：请至少写一个词", 0)
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "RP":
                raise self.error("多了一个右括号，前面没有对应的左括号", tok.pos)
            raise self.error(f"这里不能出现{_show(tok)}", tok.pos)  # pragma: no cover - 其余情况在下层报
        return node

    def parse_or(self) -> _Node:
        parts = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            parts.append(self.parse_and(after=tok))
        return parts[0] if len(parts) == 1 else _Or(parts)

    def parse_and(self, after: _Tok | None = None) -> _Node:
        parts = [self.parse_unary(after)]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                self.i += 1
                parts.append(self.parse_unary(after=tok))
            else:  # 空格相连或紧跟“排除”：并且
                parts.append(self.parse_unary(after=None))
        return parts[0] if len(parts) == 1 else _And(parts)

    def parse_unary(self, after: _Tok | None) -> _Node:
        tok = self.peek()
        if tok is not None and tok.kind == "NOT":
            self.i += 1
            return _Not(self.parse_unary(after=tok))
        return self.parse_near(after)

    def parse_near(self, after: _Tok | None) -> _Node:
        left = self.parse_atom(after)
        tok = self.peek()
        if tok is None or tok.kind != "NEAR":
            return left
        self.i += 1
        right = self.parse_atom(after=tok)
        nxt = self.peek()
        if nxt is not None and nxt.kind == "NEAR":
            raise self.error(
                "NEAR 不能连用：请用括号和“并且”组合，例如 (A NEAR/5 B) AND (B NEAR/5 C)", nxt.pos
            )
        return _Near(self._near_terms(left, tok), self._near_terms(right, tok), tok.distance)

    def _near_terms(self, node: _Node, tok: _Tok) -> list[_Term]:
        if isinstance(node, _Term):
            return [node]
        if isinstance(node, _Or) and all(isinstance(p, _Term) for p in node.parts):
            return list(node.parts)  # type: ignore[arg-type]
        raise self.error("NEAR 两边只能是词、短语，或用“或者”连起来的几个词", tok.pos)

    def parse_atom(self, after: _Tok | None) -> _Node:
        tok = self.peek()
        if tok is None:
            if after is not None:
                raise self.error(f"{_show(after)}后面缺少词语", after.end)
            raise self.error("表达式不完整：缺少词语")
        if tok.kind in ("TERM", "PHRASE"):
            self.i += 1
            return _Term(tok.value, phrase=tok.kind == "PHRASE")
        if tok.kind == "LP":
            self.i += 1
            if (inner := self.peek()) is not None and inner.kind == "RP":
                raise self.error("括号里没有内容", tok.pos)
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != "RP":
                raise self.error("左括号没有配对的右括号", tok.pos)
            self.i += 1
            return node
        if tok.kind == "RP":
            if after is not None:
                raise self.error(f"{_show(after)}后面缺少词语", tok.pos)
            raise self.error("多了一个右括号，前面没有对应的左括号", tok.pos)
        if after is not None:
            raise self.error(f"{_show(after)}后面缺少词语，却接着{_show(tok)}", tok.pos)
        raise self.error(f"{_show(tok)}前面缺少词语", tok.pos)


# ---- 对外 -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """编译好的专题表达式。``matches(text)`` 判断一段文字是否命中。"""

    expression: str
    _root: _Node = field(repr=False, compare=False)

    def matches(self, text: str) -> bool:
        return self._root.evaluate(_Ctx(fold(text)))

    def matches_folded(self, folded: str) -> bool:
        """已经 :func:`fold` 过的文字（批量匹配多个专题时只折叠一次）。"""
        return self._root.evaluate(_Ctx(folded))

    def terms(self) -> list[str]:
        """表达式里的肯定词（不含排除的词），去重保序；用于高亮与检索预筛。"""
        return list(dict.fromkeys(self._root.terms()))

    def tree(self) -> tuple:
        """表达式的语法树（纯数据，供检索后端翻译成自己的查询语言）：
        ``("term", 词)``、``("and", [子树...])``、``("or", [子树...])``、``("not", 子树)``、
        ``("near", [左边的词...], [右边的词...], 距离)``。词已折叠（小写、半角）。"""
        return _tree(self._root)

    def hits(self, text: str) -> list[str]:
        """文字里出现了表达式中的哪些肯定词（解释“为什么命中”）。"""
        ctx = _Ctx(fold(text))
        return [t for t in self.terms() if _Term(t).evaluate(ctx)]


def _tree(node: _Node) -> tuple:
    if isinstance(node, _Term):
        return ("term", node.value)
    if isinstance(node, _And):
        return ("and", [_tree(p) for p in node.parts])
    if isinstance(node, _Or):
        return ("or", [_tree(p) for p in node.parts])
    if isinstance(node, _Not):
        return ("not", _tree(node.part))
    if isinstance(node, _Near):
        return ("near", [t.value for t in node.left], [t.value for t in node.right], node.distance)
    raise TypeError(type(node).__name__)  # pragma: no cover


def compile_topic(expr: str) -> Topic:
    """把表达式编译成 :class:`Topic`；语法错误抛出 :class:`TopicSyntaxError`（带位置与中文说明）。"""
    if not isinstance(expr, str):
        raise TypeError("expr must be str")
    # 逐字符 NFKC（全角括号、加号、竖线、字母转半角；展开成多个字符的保持原样，出错位置才准），中文引号当作引号
    source = "".join(_fold_char(ch) for ch in expr)
    toks = _lex(source)
    return Topic(expr, _Parser(source, toks).parse())


_QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"'}


def _fold_char(ch: str) -> str:
    if ch in _QUOTES:
        return _QUOTES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch
