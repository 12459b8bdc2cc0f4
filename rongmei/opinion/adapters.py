"""来源适配器登记表：每类可抓取的来源一个适配器（订阅 RSS/Atom；以后可加有授权的商业舆情接口）。

适配器只负责“取回来、转成 :class:`~rongmei.opinion.ingest.MentionInput`”，不写库；写库、健康状况与退避由
``services.source_fetch`` 统一处理。加一个商业接口::

    class VendorAdapter(Adapter):
        kind = SourceKind.API
        label = "某某舆情接口"
        def fetch(self, source): ...  # 用 source.config 里的参数调用接口，返回 FetchBatch
    adapters.register(VendorAdapter())

不抓取禁止抓取的平台：只接站点自己提供的订阅与有授权的接口。
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from dataclasses import dataclass, field

import feedparser
import httpx
from django.core.exceptions import ValidationError

from rongmei.core.links import is_web_url

from .choices import SourceKind
from .ingest import MentionInput

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ITEMS = 500
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
USER_AGENT = "rongmei-opinion/1.0 (+feed reader)"
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?blockquote)\b[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\f\v]+")
_HTTP_REASONS = {
    401: "需要登录",
    403: "拒绝访问",
    404: "地址不存在",
    410: "地址已失效",
    429: "请求太频繁，被限流",
    500: "对方服务器内部错误",
    502: "对方网关错误",
    503: "对方服务暂不可用",
    504: "对方网关超时",
}


class FetchError(Exception):
    """抓取或解析失败（中文说明）。"""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class FetchBatch:
    items: list[MentionInput] = field(default_factory=list)
    etag: str | None = None  # None：不改来源上记的值
    last_modified: str | None = None
    not_modified: bool = False


class Adapter:
    kind: str = ""
    label: str = ""
    needs_url = True
    scheduled = True

    def check_config(self, config: dict) -> None:
        if config:
            raise ValidationError({"config": "这类来源没有额外设置"})

    def fetch(self, source) -> FetchBatch:  # pragma: no cover - 抽象
        raise NotImplementedError


_REGISTRY: dict[str, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    _REGISTRY[str(adapter.kind)] = adapter
    return adapter


def get(kind: str) -> Adapter | None:
    return _REGISTRY.get(str(kind))


def registry() -> dict[str, Adapter]:
    return dict(_REGISTRY)


def strip_html(value: str) -> str:
    text = html.unescape(_TAG.sub("", _BLOCK.sub("\n", value or "")))
    return "\n".join(line for line in (_SPACE.sub(" ", ln).strip() for ln in text.splitlines()) if line)


def _when(entry) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def http_get_limited(url: str, headers: dict[str, str]) -> httpx.Response:
    """GET，正文最多读 :data:`MAX_FEED_BYTES`（超出报错，不读完）。错误转成中文的 :class:`FetchError`。"""
    try:
        with httpx.Client(
            timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        ) as client:
            with client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 304:
                    resp._content = b""
                    return resp
                if resp.status_code >= 400:
                    reason = _HTTP_REASONS.get(resp.status_code, "请求失败")
                    raise FetchError(f"订阅地址返回 HTTP {resp.status_code}（{reason}）")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_FEED_BYTES:
                        raise FetchError(f"订阅内容超过 {MAX_FEED_BYTES // (1024 * 1024)} MB，已放弃")
                    chunks.append(chunk)
                resp._content = b"".join(chunks)
                return resp
    except httpx.TimeoutException:
        raise FetchError("订阅地址响应超时（15 秒）") from None
    except httpx.ConnectError:
        raise FetchError("无法连接到订阅地址（对方服务器未开启、地址有误或网络不通）") from None
    except httpx.TooManyRedirects:
        raise FetchError("订阅地址重定向次数过多") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"抓取订阅地址失败：{type(exc).__name__}") from None


def conditional_get(source) -> httpx.Response:
    """按来源上次记下的 ETag / Last-Modified 发条件请求（内容没变时对方回 304，不重复解析）。"""
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return http_get_limited(source.url, headers)


_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedAdapter(Adapter):
    """RSS 0.9x/1.0/2.0 与 Atom 订阅（feedparser 解析），带 ETag / Last-Modified 条件请求。"""

    kind = SourceKind.FEED
    label = "RSS/Atom 订阅"

    def fetch(self, source) -> FetchBatch:
        resp = conditional_get(source)
        if resp.status_code == 304:
            return FetchBatch(not_modified=True)
        return self.parse(
            resp.content,
            source_name=source.name,
            content_type=resp.headers.get("content-type", ""),
            etag=resp.headers.get("etag", ""),
            last_modified=resp.headers.get("last-modified", ""),
        )

    def parse(
        self,
        content: bytes,
        *,
        source_name: str,
        content_type: str = "",
        etag: str = "",
        last_modified: str = "",
    ) -> FetchBatch:
        feed = feedparser.parse(content, response_headers={"content-type": content_type or "application/xml"})
        if feed.bozo and not isinstance(feed.bozo_exception, _BENIGN):
            detail = getattr(feed.bozo_exception, "getMessage", lambda: "")() or "格式错误"
            line = getattr(feed.bozo_exception, "getLineNumber", lambda: None)()
            where = f"第 {line} 行" if line else ""
            raise FetchError(
                f"订阅内容不是有效的 RSS/Atom（{where}{'：' if where else ''}{detail}），本次没有写入任何信息"
            )
        if not feed.get("version") and not feed.entries:
            raise FetchError("订阅地址返回的不是 RSS/Atom 订阅内容，本次没有写入任何信息")
        site = strip_html(feed.feed.get("title", "")) or source_name
        items = []
        for entry in feed.entries[:MAX_ITEMS]:
            title = strip_html(entry.get("title", ""))[:300]
            body = ""
            if entry.get("content"):
                body = strip_html(entry.content[0].get("value", ""))
            if not body:
                body = strip_html(entry.get("summary", ""))
            link = entry.get("link", "")
            if not is_web_url(link):
                link = ""
            if not (title or body):
                continue
            items.append(
                MentionInput(
                    text=body or title,
                    title=title,
                    url=link,
                    author=strip_html(entry.get("author", ""))[:120],
                    source_name=site[:120],
                    published_at=_when(entry),
                    external_id=(entry.get("id") or link or "")[:400],
                )
            )
        return FetchBatch(items=items, etag=etag, last_modified=last_modified)


register(FeedAdapter())


# ---------------------------------------------------------------- 新闻网站列表页

_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SKIP_ANCESTORS = {"nav", "header", "footer", "aside", "script", "style", "noscript"}
MIN_TITLE_CHARS = 6


def _page_date(text: str) -> dt.datetime | None:
    """列表行里的日期（2025-11-14、2025/11/14、2025.11.14、2025年11月14日），北京时间当天零点。"""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _selector(config: dict):
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    raw = (config.get("selector") or "").strip()
    if not raw:
        return None
    try:
        return CSSSelector(raw)
    except SelectorError as exc:
        where = re.search(r" at (\d+)", str(exc))
        place = f"第 {int(where[1]) + 1} 个字符附近" if where else "请检查括号、引号与符号"
        raise ValidationError({"config": f"链接区域的 CSS 选择器“{raw}”写法有误（{place}），例如 ul.news-list li"}) from None


class ListPageAdapter(Adapter):
    """新闻网站的栏目列表页（没有 RSS 的政府网站、媒体网站常见）：取页面里的新闻链接与日期，每条成为一条信息。

    只读栏目页本身，不进入每篇文章，不绕过登录或反爬：只接网站公开的栏目页。默认取页面主体里文字不少于
    6 个字、与列表页同一网站的链接（跳过导航、页眉、页脚）；页面结构特殊时，在来源设置里写链接所在区域的
    CSS 选择器（如 ``ul.news-list li``），只取这些区域里的链接。
    """

    kind = SourceKind.PAGE
    label = "新闻网站列表页"

    def check_config(self, config: dict) -> None:
        extra = set(config or {}) - {"selector"}
        if extra:
            raise ValidationError({"config": "列表页来源只有“链接区域（CSS 选择器）”一项设置"})
        if len((config or {}).get("selector") or "") > 200:
            raise ValidationError({"config": "CSS 选择器不能超过 200 个字符"})
        _selector(config or {})

    def fetch(self, source) -> FetchBatch:
        resp = conditional_get(source)
        if resp.status_code == 304:
            return FetchBatch(not_modified=True)
        batch = self.parse(resp.content, url=str(resp.url), source_name=source.name, config=source.config or {})
        batch.etag = resp.headers.get("etag", "")
        batch.last_modified = resp.headers.get("last-modified", "")
        return batch

    def parse(self, content: bytes, *, url: str, source_name: str, config: dict | None = None) -> FetchBatch:
        from urllib.parse import urldefrag, urlsplit

        import lxml.etree
        import lxml.html

        if not content.strip():
            raise FetchError("列表页是空的，本次没有写入任何信息")
        try:
            doc = lxml.html.document_fromstring(content)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise FetchError(f"列表页不是可解析的网页（{exc}），本次没有写入任何信息") from None
        doc.make_links_absolute(url, resolve_base_href=True)
        selector = _selector(config or {})
        if selector is not None:
            anchors = []
            for element in selector(doc):
                anchors.extend([element] if element.tag == "a" else element.iter("a"))
        else:
            anchors = [a for a in doc.iter("a") if not any(p.tag in _SKIP_ANCESTORS for p in a.iterancestors())]
        host = urlsplit(url).hostname or ""
        site = " ".join((doc.findtext(".//title") or "").split())[:120] or source_name
        items, seen = [], set()
        for a in anchors:
            link = urldefrag(a.get("href") or "")[0]
            title = " ".join((a.get("title") or a.text_content() or "").split())[:300]
            if not is_web_url(link) or link in seen or link.rstrip("/") == url.rstrip("/"):
                continue
            if len(title) < MIN_TITLE_CHARS:
                continue
            if selector is None and (urlsplit(link).hostname or "") != host:
                continue
            seen.add(link)
            row = a.getparent()
            while row is not None and row.tag not in ("li", "tr", "dd", "p", "div", "article") and row is not doc:
                row = row.getparent()
            context = row.text_content() if row is not None else ""
            items.append(MentionInput(text=title, title=title, url=link, source_name=site,
                                      published_at=_page_date(context), external_id=link[:400]))
            if len(items) >= MAX_ITEMS:
                break
        if not items:
            hint = "（检查链接区域的 CSS 选择器）" if selector is not None else "（可在来源设置里填写链接所在区域的 CSS 选择器）"
            raise FetchError(f"列表页里没有找到新闻链接{hint}，本次没有写入任何信息")
        return FetchBatch(items=items)


register(ListPageAdapter())
