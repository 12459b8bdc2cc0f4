"""表格导入（商业舆情服务导出的 Excel/CSV，或人工收集的表格）：按表头名认列，逐行校验，全部通过才写入。

表格只经 ``rongmei.engines.tabular`` 读取（编码识别、xlsx、网页格式 .xls、大小与行数上限、行列号报错）。
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.core.links import is_web_url
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table

from .ingest import MentionInput

LIMITS = Limits(max_bytes=20 * 1024 * 1024, max_rows=50_000)
MAX_ERRORS = 20

# 列 → 表头的常见写法（商业舆情服务的导出、人工表格）。比较时去掉空白、全角转半角、忽略大小写。
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文章标题", "新闻标题", "帖子标题", "信息标题", "题目", "title"),
    "text": (
        "正文",
        "内容",
        "全文",
        "摘要",
        "文本",
        "舆情内容",
        "信息内容",
        "微博内容",
        "评论内容",
        "原文内容",
        "content",
        "text",
    ),
    "url": ("链接", "网址", "原文链接", "文章链接", "原文地址", "网页链接", "地址", "url", "link"),
    "source": (
        "来源",
        "媒体",
        "媒体名称",
        "站点",
        "站点名称",
        "网站",
        "来源网站",
        "发布平台",
        "平台",
        "信源",
        "source",
    ),
    "author": ("作者", "发布者", "发布人", "博主", "昵称", "用户名", "author"),
    "time": ("发布时间", "时间", "发文时间", "发表时间", "发布日期", "日期", "published", "time", "date"),
}
COLUMN_LABELS = {
    "title": "标题",
    "text": "正文",
    "url": "链接",
    "source": "来源",
    "author": "作者",
    "time": "发布时间",
}
_SYNONYMS = {syn.casefold(): key for key, syns in COLUMNS.items() for syn in syns}
_DT_PATTERNS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
)
_CN_DATE = re.compile(
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?)?$"
)


def _header_key(cell) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split()).casefold()


def parse_time(value) -> dt.datetime | None:
    """表格里的时间：Excel 日期、常见文字格式（含“2025年11月14日 09:30”）；无时区的按北京时间。"""
    tz = timezone.get_current_timezone()
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=tz)
    text = str(value).strip()
    m = _CN_DATE.match(text)
    if m:
        y, mo, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
        return dt.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    for pattern in _DT_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("时间格式不对，应为“2025-11-14 09:30”或“2025年11月14日 09:30”") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def read_mentions(data: bytes, filename: str) -> list[MentionInput]:
    """读出全部信息；任何一行有错都抛 ValidationError（列出前 :data:`MAX_ERRORS` 处，行列号精确）。"""
    try:
        table = read_table(data, filename=filename, limits=LIMITS)
        header, body = table.header_and_body()
    except TabularError as exc:
        raise ValidationError(str(exc)) from exc
    where = f"文件“{filename}”"
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _SYNONYMS.get(_header_key(cell))
        if key and key not in columns:
            columns[key] = i
    if "text" not in columns and "title" not in columns:
        found = "、".join(str(c) for c in header if str(c or "").strip()) or "（空）"
        raise ValidationError(
            f"{where}第 1 行：没有找到“正文”或“标题”列。表头应包含 标题/正文/链接/来源/作者/发布时间"
            f"（也认“内容”“摘要”“原文链接”“媒体”“发布者”等常见写法）；现在的表头是：{found}"
        )
    errors: list[str] = []
    items: list[MentionInput] = []
    for row_no, cells in body:

        def cell(key, cells=cells):
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        def err(key, message, row_no=row_no):
            i = columns[key]
            errors.append(
                f"{where}第 {row_no} 行，第 {i + 1} 列（{column_letter(i + 1)}，{COLUMN_LABELS[key]}）：{message}"
            )

        values = {k: str(cell(k) or "").strip() for k in ("title", "text", "url", "source", "author")}
        if not any(str(c or "").strip() for c in cells):
            continue  # 空行
        if not values["title"] and not values["text"]:
            key = "text" if "text" in columns else "title"
            err(key, "标题和正文不能都为空")
        if values["url"] and not is_web_url(values["url"]):
            err("url", "链接必须以 http:// 或 https:// 开头")
        published = None
        if "time" in columns:
            try:
                published = parse_time(cell("time"))
            except ValueError as exc:
                err("time", str(exc))
        if len(errors) >= MAX_ERRORS:
            break
        items.append(
            MentionInput(
                text=values["text"] or values["title"],
                title=values["title"][:300],
                url=values["url"],
                author=values["author"][:120],
                source_name=values["source"][:120],
                published_at=published,
            )
        )
    if errors:
        more = "（只列出前 20 处）" if len(errors) >= MAX_ERRORS else ""
        raise ValidationError([f"整个文件没有导入，请改正后重新上传{more}：", *errors])
    if not items:
        raise ValidationError(f"{where}除表头外没有数据")
    return items
