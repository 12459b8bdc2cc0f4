"""导入没有互动接口的平台（视频号、快手、头条号、百家号）后台导出的评论/私信表格。

表头按名称匹配（顺序不限，常见叫法都认）；任何一行有错就整表不导入，错误写明第几行、哪一列。
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone

from rongmei.engines.platforms.models import Incoming
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table

from .choices import MessageKind

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=20000)

# 规范列名 → 认得的表头
HEADERS = {
    "text": ("内容", "评论内容", "留言内容", "私信内容", "评论", "消息内容", "正文"),
    "received_at": ("时间", "评论时间", "留言时间", "发送时间", "收到时间", "日期时间", "创建时间"),
    "author": ("昵称", "用户昵称", "评论人", "用户名", "网友", "发送人"),
    "external_id": ("消息ID", "评论ID", "平台消息ID", "编号", "ID", "id"),
    "kind": ("类型", "消息类型"),
    "content_external_id": ("作品ID", "文章ID", "视频ID", "内容ID"),
    "content_title": ("作品标题", "文章标题", "视频标题", "作品"),
}
REQUIRED = ("text", "received_at")
LABELS = {"text": "内容", "received_at": "时间", "author": "昵称", "external_id": "消息ID", "kind": "类型",
          "content_external_id": "作品ID", "content_title": "作品标题"}
KIND_WORDS = {"评论": MessageKind.COMMENT, "回复": MessageKind.REPLY, "私信": MessageKind.PRIVATE,
              "留言": MessageKind.LEAD, "留咨": MessageKind.LEAD, "留资": MessageKind.LEAD}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y.%m.%d %H:%M")


class SheetError(ValueError):
    """表格有错：errors 为逐条中文说明（含行号、列号）。"""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:5]))


def _norm(h) -> str:
    return str(h or "").strip().replace(" ", "").replace("\u3000", "")


def _match_header(header: list) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for idx, h in enumerate(header):
        name = _norm(h)
        for key, words in HEADERS.items():
            if key not in found and name in {_norm(w) for w in words}:
                found[key] = idx
    missing = [LABELS[k] for k in REQUIRED if k not in found]
    return found, missing


def _parse_time(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0))
    text = str(value or "").strip()
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse(data: bytes, *, filename: str, now: dt.datetime) -> list[Incoming]:
    """整表读成 Incoming；有任何错误抛 SheetError（全部错误一次列出，最多 50 条）。"""
    try:
        table = read_table(data, filename=filename, limits=LIMITS)
        header, body = table.header_and_body()
    except TabularError as exc:
        raise SheetError([str(exc)]) from None
    cols, missing = _match_header(header)
    if missing:
        raise SheetError([f"文件“{filename}”第 1 行（表头）：缺少列“{'”“'.join(missing)}”；"
                            f"认得的表头如：{'、'.join(HEADERS['text'][:3])}；{'、'.join(HEADERS['received_at'][:3])}"])
    tz = timezone.get_current_timezone()
    out: list[Incoming] = []
    errors: list[str] = []
    seen: dict[str, int] = {}

    def cell(cells, key):
        idx = cols.get(key)
        return cells[idx] if idx is not None and idx < len(cells) else None

    def where(line, key):
        idx = cols[key] + 1
        return f"第 {line} 行，第 {idx} 列（{column_letter(idx)}，{LABELS[key]}）"

    for line, cells in body:
        if not any(str(c or "").strip() for c in cells):
            continue
        text = str(cell(cells, "text") or "").strip()
        if not text:
            errors.append(f"{where(line, 'text')}：内容为空")
        when = _parse_time(cell(cells, "received_at"))
        if when is None:
            errors.append(f"{where(line, 'received_at')}：时间“{cell(cells, 'received_at') or ''}”看不懂，"
                          "应为 2025-11-14 17:00 这样的格式")
        else:
            when = timezone.make_aware(when, tz) if timezone.is_naive(when) else when
            if when > now + dt.timedelta(minutes=5):
                errors.append(f"{where(line, 'received_at')}：时间晚于现在")
        kind = MessageKind.COMMENT
        if "kind" in cols and str(cell(cells, "kind") or "").strip():
            word = str(cell(cells, "kind")).strip()
            kind = next((k for w, k in KIND_WORDS.items() if w in word), None)
            if kind is None:
                errors.append(f"{where(line, 'kind')}：类型“{word}”不认识，可填 评论、回复、私信、留言")
        ext = str(cell(cells, "external_id") or "").strip()
        author = str(cell(cells, "author") or "").strip()
        if not ext and text and when:
            # 没有平台消息 ID 时按（时间、昵称、内容）生成，重复导入同一表格不会重复入库
            ext = "imp-" + hashlib.sha1(f"{when.isoformat()}|{author}|{text}".encode()).hexdigest()[:20]
        if ext in seen:
            errors.append(f"第 {line} 行：与第 {seen[ext]} 行是同一条消息（消息ID 或 时间+昵称+内容 相同）")
        seen[ext] = line
        if len(errors) >= 50:
            errors.append("错误太多，只列出前 50 条")
            break
        if text and when and kind:
            out.append(Incoming(external_id=ext, kind=kind, text=text, author=author, created_at=when,
                                content_external_id=str(cell(cells, "content_external_id") or "").strip() or None,
                                raw={"file": filename, "line": line,
                                     "content_title": str(cell(cells, "content_title") or "")[:200]}))
    if errors:
        raise SheetError(errors)
    if not out:
        raise SheetError([f"文件“{filename}”除表头外没有数据"])
    return out
