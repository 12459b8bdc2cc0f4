"""带行号的 YAML 读取：用 PyYAML 的节点标记（mark）让每条错误都能指出“第 N 行”。"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["Issue", "YNode", "YamlSyntaxError", "compose", "Reader"]


@dataclass(frozen=True, slots=True)
class Issue:
    """一条校验信息：行号（从 1 起）、字段路径、中文说明。"""

    line: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        """“第 12 行：…” — the line leads to the spot in the YAML; the rest is plain Chinese (no field paths)."""
        return f"第 {self.line} 行：{self.plain()}"

    def plain(self) -> str:
        """For the contract pages: the Chinese message and where it is, without YAML paths or field names."""
        where = _plain_place(self.path)
        if not where or "“" in self.message:
            return self.message
        return f"{where}：{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "path": self.path, "message": self.message, "text": str(self), "plain": self.plain()}


#: YAML sections → what a reader calls them
_SECTION_NAMES = {"obligations": "义务", "checkpoints": "验收与报送节点", "payments": "付款节点", "penalties": "违约金条款",
                  "categories": "考核大类", "items": "评分指标", "bonus": "加分项", "scoring": "评分规则",
                  "period": "服务期", "amount": "合同金额", "baselines": "基准"}


def _plain_place(path: str) -> str:
    """``checkpoints[3].due`` → ``第 4 个验收与报送节点``; unknown parts are dropped."""
    places = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        label = _SECTION_NAMES.get(name)
        if label is None:
            continue
        places.append(f"第 {int(index.rstrip(']')) + 1} 个{label}" if index.rstrip("]").isdigit() else label)
    return "的".join(places)


class YamlSyntaxError(ValueError):
    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(str(issue))


class YNode:
    """YAML 节点的只读包装，保留行号。"""

    __slots__ = ("node", "_loader", "path")

    def __init__(self, node: yaml.Node, loader: yaml.SafeLoader, path: str = ""):
        self.node = node
        self._loader = loader
        self.path = path

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    @property
    def is_map(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    @property
    def is_scalar(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode)

    @property
    def value(self) -> Any:
        try:
            return self._loader.construct_object(self.node, deep=True)
        except (ValueError, yaml.YAMLError):  # 如 2025-13-01 这样“像日期”的非法值：按原文返回，由调用方报错
            if isinstance(self.node, yaml.ScalarNode):
                return self.node.value
            raise

    @property
    def is_null(self) -> bool:
        return self.is_scalar and self.node.tag == "tag:yaml.org,2002:null"

    def pairs(self) -> Iterator[tuple[str, int, YNode]]:
        for knode, vnode in self.node.value:
            key = str(self._loader.construct_object(knode))
            yield key, knode.start_mark.line + 1, YNode(vnode, self._loader, f"{self.path}.{key}" if self.path else key)

    def items(self) -> Iterator[YNode]:
        for idx, vnode in enumerate(self.node.value):
            yield YNode(vnode, self._loader, f"{self.path}[{idx}]")


def compose(text: str) -> YNode:
    """解析 YAML 文本为带行号的节点树；语法错误抛出 YamlSyntaxError（含行号）。"""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:  # 控制字符等：构造时就检查
        line = text.count("\n", 0, exc.position) + 1 if isinstance(text, str) else 1
        raise YamlSyntaxError(Issue(line, f"YAML 语法错误：含有不允许的字符（U+{exc.character:04X}）"
                                    if isinstance(exc.character, int) else "YAML 语法错误：含有不允许的字符")) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "无法解析"
        raise YamlSyntaxError(Issue(line, f"YAML 语法错误：{problem}")) from None
    except yaml.reader.ReaderError:
        raise YamlSyntaxError(Issue(1, "YAML 语法错误：含有不允许的字符")) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Issue(1, f"YAML 语法错误：{exc}")) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlSyntaxError(Issue(1, "文件为空"))
    return YNode(node, loader)


_MISSING = object()


class Reader:
    """按字段读取并收集错误/警告（不在第一个错误处停止）。"""

    def __init__(self) -> None:
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.period: tuple[dt.date, dt.date] | None = None  # 服务期，供逐字段检查日期是否越界

    def error(self, node: YNode | int, message: str, path: str = "") -> None:
        line = node if isinstance(node, int) else node.line
        self.errors.append(Issue(line, message, path or ("" if isinstance(node, int) else node.path)))

    def warn(self, node: YNode | int, message: str, path: str = "") -> None:
        line = node if isinstance(node, int) else node.line
        self.warnings.append(Issue(line, message, path or ("" if isinstance(node, int) else node.path)))

    def mapping(
        self, node: YNode, allowed: set[str] | dict[str, str], required: set[str] = frozenset(), what: str = ""
    ) -> dict[str, YNode] | None:
        if not node.is_map:
            self.error(node, f"{what or '此处'}应为映射（键: 值）")
            return None
        out: dict[str, YNode] = {}
        for key, kline, value in node.pairs():
            if key in out:
                self.error(kline, f"字段“{key}”重复出现（上一次在第 {out[key].line} 行）", value.path)
                continue
            if key not in allowed:
                self.error(kline, f"未知字段“{key}”，可用字段：{'、'.join(sorted(allowed))}", value.path)
                continue
            out[key] = value
        for key in sorted(required):
            if key not in out:
                self.error(node, f"缺少必填字段“{key}”", f"{node.path}.{key}" if node.path else key)
        return out

    def str_(self, m: dict[str, YNode], key: str, default: Any = None, *, required: bool = False) -> Any:
        n = m.get(key)
        if n is None or n.is_null:
            return default
        if not n.is_scalar:
            self.error(n, f"“{key}”应为文本")
            return default
        val = n.value
        if isinstance(val, dt.date | bool):
            self.error(n, f"“{key}”应为文本，实际为 {val!r}")
            return default
        return str(val).strip()

    def num(self, m: dict[str, YNode], key: str, default: Any = None, *, minimum: float | None = None) -> Any:
        n = m.get(key)
        if n is None or n.is_null:
            return default
        val = n.value if n.is_scalar else None
        if isinstance(val, bool) or not isinstance(val, int | float):
            self.error(n, f"“{key}”应为数字，实际为 {n.value!r}")
            return default
        if minimum is not None and val < minimum:
            self.error(n, f"“{key}”不能小于 {minimum:g}")
            return default
        return val

    def bool_(self, m: dict[str, YNode], key: str, default: bool) -> bool:
        n = m.get(key)
        if n is None or n.is_null:
            return default
        val = n.value
        if not isinstance(val, bool):
            self.error(n, f"“{key}”应为 true 或 false，实际为 {val!r}")
            return default
        return val

    def date(self, m: dict[str, YNode], key: str, default: Any = None) -> Any:
        n = m.get(key)
        if n is None or n.is_null:
            return default
        val = n.value
        if isinstance(val, dt.datetime):
            return val.date()
        if isinstance(val, dt.date):
            return val
        if isinstance(val, str):
            try:
                return dt.date.fromisoformat(val)
            except ValueError:
                pass
        self.error(n, f"“{key}”应为 YYYY-MM-DD 格式的日期，实际为 {val!r}")
        return default

    def enum(self, m: dict[str, YNode], key: str, choices: dict[str, str] | set[str], default: Any = None) -> Any:
        val = self.str_(m, key)
        if val is None:
            return default
        if val not in choices:
            labels = "、".join(f"{c}（{choices[c]}）" if isinstance(choices, dict) else c for c in choices)
            self.error(m[key], f"“{key}”的取值“{val}”无效，可选：{labels}")
            return default
        return val

    def str_list(self, m: dict[str, YNode], key: str, choices: dict[str, str] | None = None) -> tuple[str, ...] | None:
        n = m.get(key)
        if n is None or n.is_null:
            return None
        values: list[tuple[YNode, Any]]
        if n.is_seq:
            values = [(c, c.value) for c in n.items()]
        elif n.is_scalar:
            values = [(n, n.value)]
        else:
            self.error(n, f"“{key}”应为文本或文本列表")
            return None
        out: list[str] = []
        for child, val in values:
            if not isinstance(val, str | int) or isinstance(val, bool):
                self.error(child, f"“{key}”中的 {val!r} 应为文本")
                continue
            sval = str(val)
            bare = sval.lstrip("-")
            if choices is not None and bare not in choices:
                self.error(child, f"“{key}”的取值“{sval}”无效，可选：{'、'.join(choices)}")
                continue
            out.append(sval)
        return tuple(out)
