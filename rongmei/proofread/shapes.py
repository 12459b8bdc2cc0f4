"""词条形状：每个类别有哪些字段、如何校验并转换为引擎 ``extra[类别]`` 的词条（``payload``）。

表单、服务、接口、导入共用这里，保证网页、接口与命令行的校验一致。
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from .choices import RuleCategory

SEVERITY_CHOICES = [("高", "高"), ("中", "中"), ("低", "低")]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "str"  # str | text | severity | date | int | list | bool | positions
    required: bool = False
    help: str = ""
    default: Any = None


_SEV = Field("severity", "严重程度", "severity", default="中", help="“高”会让审核链和命令行判为不通过")
_EXCEPT = Field("except", "语境例外", "list", help="出现这些词时不报（如“打击犯罪”），多个用“、”分隔")

SHAPES: dict[str, list[Field]] = {
    RuleCategory.SENSITIVE: [
        Field("term", "敏感词", required=True), _SEV, _EXCEPT,
        Field("note", "说明", help="显示在发现理由中"),
    ],
    RuleCategory.BANNED_EXPRESSION: [
        Field("term", "禁用/慎用写法", required=True), Field("suggestion", "推荐写法"), _SEV,
        Field("reason", "理由", default="本工作区规范用语"), _EXCEPT,
    ],
    RuleCategory.FALLEN_OFFICIAL: [
        Field("name", "姓名", required=True), Field("date", "被查处日期", "date", required=True, help="如 2024-03-15"),
        Field("note", "原任职务/说明"), Field("source", "依据", help="如“中央纪委国家监委网站 2024-05-18”"),
    ],
    RuleCategory.LEADER_TITLE: [
        Field("name", "姓名", required=True),
        Field("title", "现任职务", required=True, help="多个职务用“、”分隔，如“示例市委书记、市人大常委会主任”"),
        Field("rank", "排序", "int", default=999, help="并列报道姓名时的排序（小的在前）"),
        Field("former_titles", "曾任职务", "list", help="多个用“、”分隔；写成曾任职务会提示“职务已变化”"),
        Field("positions", "任职期间", "positions",
              help="每行一个职务及起止日期，现任的不写截止日期，如“示例市市长 2021-06-01 至 2024-03-10”"
                   "“示例市委书记 2024-03-10 起”；文章日期不在期间内时提示职务过时"),
        Field("title_order", "职务连写顺序", "list",
              help="多个职务连写时的官方顺序，用“、”分隔，如“示例市委书记、市人大常委会主任”；顺序写反时提示"),
        Field("source", "依据", help="如任免文件或公告的名称、日期"),
    ],
    RuleCategory.QUOTATION: [
        Field("speaker", "讲话人", required=True), Field("text", "语录原文", "text", required=True),
        Field("source", "出处"),
    ],
    RuleCategory.TYPO: [Field("wrong", "错误写法", required=True), Field("right", "正确写法", required=True)],
    RuleCategory.HEADLINE: [
        Field("term", "标题用语", required=True), _SEV, Field("reason", "理由"),
        Field("headline_only", "只检查标题（首行）", "bool"),
    ],
    RuleCategory.SECRECY: [Field("term", "涉密标识", required=True), _SEV, Field("reason", "理由")],
    RuleCategory.TRADITIONAL_ALLOW: [Field("char", "允许的繁体字", required=True, help="如人名用字")],
    RuleCategory.WHITELIST: [Field("term", "白名单词", required=True, help="该词及被它覆盖的位置不再按敏感词/禁用词报出")],
}

#: 每个类别中作为“词条”显示与去重的字段。
KEY_FIELD = {
    RuleCategory.FALLEN_OFFICIAL: "name",
    RuleCategory.LEADER_TITLE: "name",
    RuleCategory.QUOTATION: "text",
    RuleCategory.TYPO: "wrong",
    RuleCategory.TRADITIONAL_ALLOW: "char",
}

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def key_field(category: str) -> str:
    return KEY_FIELD.get(category, "term")


def _split_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[、,，;；\n]+", str(value))
    return [i.strip() for i in items if i.strip()]


def _parse_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", raw):  # Excel 日期单元格
        raw = raw[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(raw)


_POSITION_RE = re.compile(
    r"^(?P<title>.+?)[\s，,：:]+(?:自|从)?\s*(?P<start>\d{4}\D\d{1,2}\D\d{1,2}日?)\s*"
    r"(?:(?:至|到|—|－|-|~|～)\s*(?P<until>\d{4}\D\d{1,2}\D\d{1,2}日?|今|现在)?|起|以来)?\s*$"
)


def _parse_day(raw: str) -> str:
    """2024-03-10、2024/3/10、2024.3.10、2024年3月10日 -> 2024-03-10。"""
    m = re.fullmatch(r"(\d{4})\D(\d{1,2})\D(\d{1,2})日?", raw)
    if not m:
        raise ValueError(raw)
    return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()


def parse_positions(value: Any) -> list[dict[str, str]]:
    """“职务 起始日期 至 截止日期”（每行一个）-> ``[{"title", "from", "until"?}]``（引擎 ``positions`` 的格式）。"""
    if isinstance(value, list):
        lines = [format_positions([v]) if isinstance(v, dict) else str(v) for v in value]
    else:
        lines = str(value).splitlines()
    out: list[dict[str, str]] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        m = _POSITION_RE.match(line)
        if not m:
            raise ValueError(f"“{line}”看不懂：请写成“职务 2021-06-01 至 2024-03-10”或“职务 2024-03-10 起”")
        try:
            item = {"title": m["title"].strip(), "from": _parse_day(m["start"])}
            if m["until"] and m["until"] not in ("今", "现在"):
                item["until"] = _parse_day(m["until"])
        except ValueError:
            raise ValueError(f"“{line}”中的日期无效，请写成 2024-03-10") from None
        if "until" in item and item["until"] <= item["from"]:
            raise ValueError(f"“{line}”的截止日期不晚于起始日期")
        if len(item["title"]) > 60:
            raise ValueError(f"“{item['title']}”太长（职务不超过 60 个字）")
        out.append(item)
    return out


def format_positions(positions: list[dict[str, Any]]) -> str:
    """``parse_positions`` 的反向：每行“职务 起始日期 至 截止日期”或“职务 起始日期 起”。"""
    lines = []
    for p in positions:
        if p.get("until"):
            lines.append(f"{p.get('title', '')} {p.get('from', '')} 至 {p['until']}")
        else:
            lines.append(f"{p.get('title', '')} {p.get('from', '')} 起")
    return "\n".join(lines)


def normalize(category: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """校验一条词条，返回 ``(词条, payload)``；错误以 ``ValidationError({字段: 中文消息})`` 抛出。"""
    if category not in SHAPES:
        raise ValidationError({"category": f"未知的词条类别：{category}"})
    errors: dict[str, str] = {}
    payload: dict[str, Any] = {}
    for f in SHAPES[category]:
        value = data.get(f.name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            if f.required:
                errors[f.name] = f"请填写“{f.label}”"
                continue
            if f.default is not None:
                payload[f.name] = f.default
            continue
        if f.kind == "severity":
            if value not in ("高", "中", "低"):
                errors[f.name] = "严重程度必须是 高/中/低"
                continue
        elif f.kind == "date":
            try:
                value = _parse_date(value)
            except ValueError:
                errors[f.name] = f"“{value}”不是有效日期，请写成 2024-03-15"
                continue
        elif f.kind == "int":
            try:
                value = int(value)
            except (TypeError, ValueError):
                errors[f.name] = f"“{f.label}”必须是整数"
                continue
            if not 0 <= value <= 9999:
                errors[f.name] = f"“{f.label}”应在 0～9999 之间"
                continue
        elif f.kind == "list":
            value = _split_list(value)
        elif f.kind == "positions":
            try:
                value = parse_positions(value)
            except ValueError as exc:
                errors[f.name] = str(exc)
                continue
            if not value:
                continue
        elif f.kind == "bool":
            value = value in (True, "on", "1", "true", "True", 1)
        else:
            value = str(value).strip()
            limit = 300 if f.kind == "text" else 100
            if len(value) > limit:
                errors[f.name] = f"“{f.label}”不能超过 {limit} 个字"
                continue
        payload[f.name] = value
    key = key_field(category)
    term = str(payload.get(key, "")).strip()
    if key not in errors and term:
        if category == RuleCategory.TRADITIONAL_ALLOW:
            if len(term) != 1:
                errors[key] = "只能填写一个字"
        elif len(term) < 2:
            errors[key] = f"“{term}”只有一个字，单字词条几乎只会制造误报，请写成至少两个字的词"
    if category == RuleCategory.TYPO and not errors and payload["wrong"] == payload["right"]:
        errors["right"] = "正确写法与错误写法相同"
    if errors:
        raise ValidationError(errors)
    return term, payload


def describe(category: str, payload: dict[str, Any]) -> str:
    """词条的一行中文摘要（列表页显示）。"""
    parts = []
    key = key_field(category)
    for f in SHAPES.get(category, []):
        if f.name == key or f.name not in payload:
            continue
        value = payload[f.name]
        if value in (None, "", [], False):
            continue
        if f.kind == "positions":
            value = "；".join(format_positions(value).split("\n"))
        elif isinstance(value, list):
            value = "、".join(value)
        if value is True:
            value = "是"
        parts.append(f"{f.label}：{value}")
    return "；".join(parts)
