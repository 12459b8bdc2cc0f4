"""付费推广订单表格的读取：抖音 DOU+ / 小程序投流等后台的订单导出（或按模板整理的表格）。

按表头名认列（比较时去掉空白、全角转半角、忽略大小写），逐行校验，任何一行有错整个文件不导入，
错误写明行号、列号与列名。表格只经 ``rongmei.engines.tabular`` 读取。
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.core.links import is_web_url
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table

from .choices import PromotionObjective, PromotionProduct

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=20_000)
MAX_ERRORS = 20
MAX_MONEY = Decimal("9999999999.99")

# 列 → 表头的常见写法（DOU+ 订单管理导出、小程序投流报表、人工整理的表格）
COLUMNS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单号", "订单ID", "订单id", "订单编号", "推广订单号"),
    "ordered_at": ("下单时间", "创建时间", "订单创建时间", "投放时间", "投放开始时间", "日期"),
    "product": ("推广产品", "产品", "推广方式", "投放产品"),
    "item_title": ("视频标题", "作品标题", "推广作品", "作品", "视频", "推广内容", "标题"),
    "item_url": ("作品链接", "视频链接", "链接"),
    "objective": ("投放目标", "推广目标", "期望提升", "优化目标"),
    "budget": ("投放金额", "订单金额", "预算", "预算（元）", "投放金额（元）", "订单金额（元）"),
    "spend": ("实际消耗", "消耗", "消耗金额", "实际消耗（元）", "消耗（元）", "花费", "花费（元）"),
    "targeting": ("定向方式", "定向", "投放人群", "定向说明"),
    "plays": ("播放量", "播放次数", "曝光播放量", "视频播放量"),
    "followers": ("粉丝量", "新增粉丝", "新增粉丝数", "涨粉数", "粉丝增长"),
    "home_visits": ("主页浏览量", "主页访问量", "主页浏览"),
    "leads": ("线索量", "留资量", "线索数", "表单提交数"),
}
LABELS = {
    "order_no": "订单号", "ordered_at": "下单时间", "product": "推广产品", "item_title": "推广作品",
    "item_url": "作品链接", "objective": "投放目标", "budget": "投放金额", "spend": "实际消耗",
    "targeting": "定向方式", "plays": "播放量", "followers": "新增粉丝", "home_visits": "主页浏览量", "leads": "线索量",
}
REQUIRED = ("ordered_at", "spend")
COUNTS = ("plays", "followers", "home_visits", "leads")

_SYNONYMS = {}
for _key, _names in COLUMNS.items():
    for _name in _names:
        _SYNONYMS.setdefault("".join(unicodedata.normalize("NFKC", _name).split()).casefold(), _key)

# 投放目标、产品的常见写法 → 代码（后台导出里的说法各不相同）
_OBJECTIVES = {
    "播放量": PromotionObjective.PLAYS, "播放": PromotionObjective.PLAYS, "点赞评论量": PromotionObjective.PLAYS,
    "点赞评论": PromotionObjective.PLAYS, "曝光": PromotionObjective.PLAYS,
    "粉丝量": PromotionObjective.FOLLOWERS, "粉丝": PromotionObjective.FOLLOWERS, "涨粉": PromotionObjective.FOLLOWERS,
    "主页浏览量": PromotionObjective.HOME_VISITS, "主页浏览": PromotionObjective.HOME_VISITS,
    "线索量": PromotionObjective.LEADS, "线索": PromotionObjective.LEADS, "留资": PromotionObjective.LEADS,
}
_PRODUCTS = {label: code for code, label in PromotionProduct.choices} | {
    "dou+": PromotionProduct.DOU_PLUS, "抖+": PromotionProduct.DOU_PLUS, "小雪花": PromotionProduct.MINI_PROGRAM,
    "小程序": PromotionProduct.MINI_PROGRAM, "小程序投流": PromotionProduct.MINI_PROGRAM,
    "视频号加热": PromotionProduct.CHANNELS_BOOST, "粉丝头条": PromotionProduct.WEIBO_FANSTOP,
    "粉条": PromotionProduct.KUAISHOU_FANS,
}
_PRODUCTS = {"".join(k.split()).casefold(): v for k, v in _PRODUCTS.items()}
_TIME_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                  "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")


@dataclass
class PromotionRow:
    row: int
    order_no: str
    ordered_at: dt.datetime
    product: str | None
    item_title: str
    item_url: str
    objective: str | None
    budget: Decimal
    spend: Decimal
    targeting: str
    plays: int
    followers: int
    home_visits: int
    leads: int


def _key(cell) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split()).casefold()


def parse_money(value) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace("元", "").replace("¥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{value}”不是金额，应为数字，如 300 或 1,250.50") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("金额不能为负数")
    if amount > MAX_MONEY:
        raise ValueError("金额过大")
    return amount.quantize(Decimal("0.01"))


def parse_count(value) -> int:
    if value in (None, ""):
        return 0
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").strip()
    multiplier = 1
    if text.endswith("万"):
        text, multiplier = text[:-1], 10_000
    try:
        number = Decimal(text) * multiplier
    except InvalidOperation:
        raise ValueError(f"“{value}”不是数字") from None
    if not number.is_finite() or number < 0:
        raise ValueError("不能为负数")
    if number != number.to_integral_value():
        raise ValueError("应为整数")
    if number > 10**15:
        raise ValueError("数字过大")
    return int(number)


def parse_time(value) -> dt.datetime:
    tz = timezone.get_current_timezone()
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=tz)
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    for pattern in _TIME_PATTERNS:
        try:
            moment = dt.datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
        if not 2000 <= moment.year <= 2100:
            raise ValueError("年份不在 2000—2100 之间")
        return moment
    raise ValueError(f"“{text}”不是时间，应为“2025-03-08 10:30”或“2025-03-08”")


def parse_objective(value) -> str | None:
    text = _key(value)
    if not text:
        return None
    for name, code in _OBJECTIVES.items():
        if _key(name) == text or _key(name) in text:
            return code
    options = "、".join(label for _c, label in PromotionObjective.choices)
    raise ValueError(f"“{value}”不是可识别的投放目标，可填：{options}")


def parse_product(value) -> str | None:
    text = _key(value)
    if not text:
        return None
    if text in _PRODUCTS:
        return _PRODUCTS[text]
    raise ValueError(f"“{value}”不是可识别的推广产品，可填：{'、'.join(label for _c, label in PromotionProduct.choices)}")


def read_orders(data: bytes, filename: str) -> list[PromotionRow]:
    """读出全部订单；任何一行有错抛 ValidationError（列出前 20 处，行号、列号与列名精确），什么也不返回。"""
    try:
        table = read_table(data, filename=filename, limits=LIMITS)
        header, body = table.header_and_body()
    except TabularError as exc:
        raise ValidationError(str(exc)) from exc
    where = f"文件“{filename}”"
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _SYNONYMS.get(_key(cell))
        if key and key not in columns:
            columns[key] = i
    missing = [LABELS[k] for k in REQUIRED if k not in columns]
    if missing:
        found = "、".join(str(c) for c in header if str(c or "").strip()) or "（空）"
        raise ValidationError(
            f"{where}第 1 行：没有找到“{'”“'.join(missing)}”列。订单表至少要有 下单时间、实际消耗 两列"
            f"（也认“创建时间”“消耗”“花费”等写法）；现在的表头是：{found}")
    errors: list[str] = []
    rows: list[PromotionRow] = []
    seen: dict[str, int] = {}
    for row_no, cells in body:
        if not any(str(c or "").strip() for c in cells):
            continue

        def cell(key, cells=cells):
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        def err(key, message, row_no=row_no):
            i = columns[key]
            errors.append(f"{where}第 {row_no} 行，第 {i + 1} 列（{column_letter(i + 1)}，{LABELS[key]}）：{message}")

        values: dict = {}
        errors_before = len(errors)
        for key, parser in (("ordered_at", parse_time), ("budget", parse_money), ("spend", parse_money),
                            ("objective", parse_objective), ("product", parse_product),
                            *((k, parse_count) for k in COUNTS)):
            if key not in columns:
                values[key] = None if key in ("objective", "product") else (Decimal(0) if key == "budget" else 0)
                continue
            raw = cell(key)
            if key in REQUIRED and str(raw if raw is not None else "").strip() == "":
                err(key, "必须填写")
                continue
            try:
                values[key] = parser(raw)
            except ValueError as exc:
                err(key, str(exc))
        order_no = str(cell("order_no") or "").strip()[:80]
        if order_no:
            if order_no in seen:
                err("order_no", f"订单号“{order_no}”与第 {seen[order_no]} 行重复")
            seen.setdefault(order_no, row_no)
        url = str(cell("item_url") or "").strip()
        if url and not is_web_url(url):
            err("item_url", "链接必须以 http:// 或 https:// 开头")
        if len(errors) >= MAX_ERRORS:
            break
        if len(errors) == errors_before:
            rows.append(PromotionRow(
                row=row_no, order_no=order_no, item_title=str(cell("item_title") or "").strip()[:300],
                item_url=url[:500], targeting=str(cell("targeting") or "").strip()[:300], **values))
    if errors:
        more = "（只列出前 20 处）" if len(errors) >= MAX_ERRORS else ""
        raise ValidationError([f"整个文件没有导入，请改正后重新上传{more}：", *errors])
    if not rows:
        raise ValidationError(f"{where}除表头外没有数据")
    return rows
