"""富文本正文（纯核心，不导入 Django）：清洗、读者看到的文字、按文字位置修改、各平台的输出。

稿件正文是一段 HTML 片段，来自编辑器（wangEditor）或从 Word、WPS、秀米/135、网页粘贴。

* ``sanitize(html)`` —— 服务器端白名单清洗（nh3/ammonia）：只留微信图文接受的标签、属性与行内样式，
  去掉脚本、事件属性、class、外部样式表、``data:``/``javascript:`` 之外的危险地址与跟踪参数。
  浏览器端的清洗只是方便，保存时一律以这里为准。
* ``to_text(html)`` —— 读者看到的文字：段落、标题、列表项、表格行各占一行，图片不占字。
  AI 审校的位置、修订对比、字数都以它为准（唯一定义）。
* ``replace_text(html, start, end, new)`` —— 按 ``to_text`` 的位置改字，标签与样式原样保留（采纳审校建议）。
* ``images`` / ``links`` / ``rewrite_images`` —— 正文里的图片与链接；转存图片时改写地址。
* ``wechat_html`` / ``plain_text`` / ``caption`` —— 发往公众号的行内样式 HTML、微博纯文字、视频平台文案。
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
import nh3
from lxml import etree

__all__ = [
    "ALLOWED_TAGS", "Image", "Link", "RichTextError", "caption", "images", "is_html", "links", "media_changes",
    "plain_text", "replace_text", "rewrite_images", "sanitize", "to_text", "wechat_html",
]


class RichTextError(ValueError):
    """正文无法按要求修改（消息为中文）。"""


# ---------------------------------------------------------------- 清洗

BLOCK_TAGS = frozenset({
    "p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "table", "thead",
    "tbody", "tr", "pre", "hr", "figure", "figcaption", "video", "audio",
})
ALLOWED_TAGS = frozenset(BLOCK_TAGS | {
    "br", "span", "strong", "b", "em", "i", "u", "s", "del", "sup", "sub", "a", "img", "td", "th", "code", "font",
    "source", "caption", "colgroup", "col",
})
#: 连标签带内容一起删掉的
DROP_WITH_CONTENT = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
                               "title", "head", "xml", "meta", "link", "form", "button", "select", "textarea"})
#: 微信图文接受的行内样式（秀米/135 用的就是这些）；定位、z-index、背景图、动画等一律去掉
STYLE_PROPERTIES = frozenset({
    "color", "background-color", "font-size", "font-weight", "font-style", "font-family", "text-align",
    "text-decoration", "text-indent", "line-height", "letter-spacing", "vertical-align", "white-space",
    "margin", "margin-top", "margin-bottom", "margin-left", "margin-right",
    "padding", "padding-top", "padding-bottom", "padding-left", "padding-right",
    "border", "border-top", "border-bottom", "border-left", "border-right", "border-color", "border-style",
    "border-width", "border-radius", "border-collapse", "width", "max-width", "height", "box-sizing", "display",
})
_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "data-asset"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "video": {"src", "poster", "controls", "data-asset"},
    "audio": {"src", "controls", "data-asset"},
    "source": {"src", "type"},
    "col": {"span", "width"},
    "font": {"color"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto", "data"}
_TRACKING = re.compile(r"^(utm_\w+|spm|scm|from|isappinstalled|share_token|chksm|sessionid|clicktime|enterid)$", re.I)
_BAD_STYLE = re.compile(r"url\s*\(|expression\s*\(|javascript:|@import|behavior\s*:", re.I)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.I)


def _strip_tracking(url: str) -> str:
    if "?" not in url:
        return url
    base, _, rest = url.partition("?")
    query, hash_sep, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])]
    out = base + ("?" + "&".join(kept) if kept else "")
    return out + (hash_sep + fragment if hash_sep else "")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "style":
        return None if _BAD_STYLE.search(value) else value
    if attr in ("src", "href", "poster"):
        v = value.strip()
        if v.lower().startswith("data:"):
            # 只有图片可以暂时是 data: 地址（粘贴的图片，保存时转存进素材库）
            return v if tag == "img" and attr == "src" and _DATA_IMAGE.match(v) else None
        return _strip_tracking(v)
    if attr == "target":
        return "_blank" if value == "_blank" else None
    return value


def sanitize(html: str) -> str:
    """白名单清洗（服务器端，唯一的清洗）。"""
    if not html or not html.strip():
        return ""
    html = re.sub(r"<!--\[if[\s\S]*?<!\[endif\]-->", "", html)  # Word 的条件注释
    html = re.sub(r"</?o:p\s*/?>", "", html, flags=re.I)  # Word 的空段落标记
    out = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(_URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    out = re.sub(r'\sstyle=""', "", out)
    out = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", out)  # 地址被去掉的图片（javascript: 等）
    return out.strip()


def is_html(body: str) -> bool:
    """正文是不是 HTML 片段（旧稿是 Markdown 纯文字）。"""
    return bool(re.match(r"\s*<(p|div|section|h[1-6]|ul|ol|table|blockquote|figure|img|hr|span|strong|br)\b", body or "",
                         re.I))


# ---------------------------------------------------------------- 读者看到的文字


def _parse(html: str) -> etree._Element:
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def _serialize(root: etree._Element) -> str:
    parts = [_html.escape(root.text, quote=False) if root.text else ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


@dataclass
class _Seg:
    node: etree._Element
    attr: str  # "text" | "tail"
    start: int
    end: int


class _Walker:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.segs: list[_Seg] = []

    def _newline(self) -> None:
        if self.length and not self.out[-1].endswith("\n"):
            self.out.append("\n")
            self.length += 1

    def _text(self, node: etree._Element, attr: str, text: str | None, in_pre: bool) -> None:
        if not text:
            return
        if not in_pre and "\n" in text and not text.strip():
            return  # 标签之间的换行缩进，不是读者看到的文字
        if not in_pre:
            text = text.replace("\r", "").replace("\n", " ")
        self.segs.append(_Seg(node, attr, self.length, self.length + len(text)))
        self.out.append(text)
        self.length += len(text)

    def walk(self, el: etree._Element, in_pre: bool = False) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCK_TAGS:
                self._newline()
            elif tag == "br":
                self._newline()
            elif tag in ("td", "th") and self.length and not self.out[-1].endswith(("\n", "\t")):
                self.out.append("\t")
                self.length += 1
            if tag:
                self._text(child, "text", child.text, in_pre or tag == "pre")
                self.walk(child, in_pre or tag == "pre")
            if tag in BLOCK_TAGS:
                self._newline()
            self._text(child, "tail", child.tail, in_pre)


def _walk(html: str) -> tuple[etree._Element, str, list[_Seg]]:
    root = _parse(html)
    w = _Walker()
    w._text(root, "text", root.text, False)
    w.walk(root)
    text = "".join(w.out)
    return root, text.rstrip("\n"), w.segs


def to_text(html: str) -> str:
    """读者看到的文字：每个段落（标题、列表项、表格行……）一行，图片不占字。"""
    if not html or not html.strip():
        return ""
    return _walk(html)[1]


def replace_text(html: str, start: int, end: int, new: str, *, expect: str | None = None) -> str:
    """把 ``to_text(html)[start:end]`` 改为 ``new``，其余标签与样式不动；返回清洗后的 HTML。

    ``expect`` 给出时先核对原文（正文已被别人改过就不改，抛 RichTextError）。不能跨段落修改。
    """
    root, text, segs = _walk(html)
    if not (0 <= start <= end <= len(text)):
        raise RichTextError("修改位置超出正文范围")
    if expect is not None and text[start:end] != expect:
        raise RichTextError(f"正文此处已不是“{expect}”，请刷新后再处理")
    if "\n" in text[start:end]:
        raise RichTextError("要改的文字跨了段落，请在编辑器里手动修改")
    touched = [s for s in segs if s.start < end and s.end > start] or \
        [s for s in segs if s.start <= start <= s.end][:1]
    if not touched:
        raise RichTextError("找不到要修改的文字")
    first = True
    for seg in touched:
        value = getattr(seg.node, seg.attr) or ""
        a, b = max(start, seg.start) - seg.start, min(end, seg.end) - seg.start
        value = value[:a] + (new if first else "") + value[b:]
        setattr(seg.node, seg.attr, value)
        first = False
    return sanitize(_serialize(root))


# ---------------------------------------------------------------- 图片与链接


@dataclass(frozen=True)
class Image:
    src: str
    alt: str = ""


@dataclass(frozen=True)
class Link:
    href: str
    text: str


def images(html: str) -> list[Image]:
    if not html or "<img" not in html.lower():
        return []
    return [Image(el.get("src") or "", el.get("alt") or "") for el in _parse(html).iter("img")]


def links(html: str) -> list[Link]:
    if not html or "<a" not in html.lower():
        return []
    return [Link(el.get("href") or "", el.text_content().strip()) for el in _parse(html).iter("a")]


def rewrite_images(html: str, fn: Callable[[Image], str | None]) -> str:
    """逐张图片调用 ``fn``：返回新地址就改写，返回 None 就删掉这张图片。"""
    if not html or "<img" not in html.lower():
        return html
    root = _parse(html)
    for el in list(root.iter("img")):
        new = fn(Image(el.get("src") or "", el.get("alt") or ""))
        if new is None:
            _drop(el)
        else:
            el.set("src", new)
    return _serialize(root)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def media_changes(old: str, new: str) -> dict[str, list[str]]:
    """两个版本之间图片与链接的增删（修订对比用）。"""
    oi, ni = [i.src for i in images(old)], [i.src for i in images(new)]
    ol, nl = [f"{link.text}（{link.href}）" for link in links(old)], [f"{link.text}（{link.href}）" for link in links(new)]
    return {
        "images_added": [s for s in ni if s not in oi], "images_removed": [s for s in oi if s not in ni],
        "links_added": [s for s in nl if s not in ol], "links_removed": [s for s in ol if s not in nl],
    }


# ---------------------------------------------------------------- 各平台的输出

#: 公众号“新闻宣传”通用版式：没有自带样式的元素套用它（已有的同名样式优先）
WECHAT_STYLES = {
    "p": "margin:0 0 16px;line-height:1.75;font-size:16px;color:#333;text-align:justify;letter-spacing:0.5px",
    "h1": "margin:24px 0 16px;font-size:22px;font-weight:bold;line-height:1.4;color:#222",
    "h2": "margin:24px 0 16px;font-size:20px;font-weight:bold;line-height:1.4;color:#b71c1c",
    "h3": "margin:20px 0 12px;font-size:18px;font-weight:bold;line-height:1.4;color:#b71c1c",
    "h4": "margin:16px 0 12px;font-size:16px;font-weight:bold;line-height:1.4;color:#333",
    "blockquote": "margin:16px 0;padding:12px 16px;border-left:4px solid #b71c1c;background-color:#f7f3f0;"
                  "color:#555;font-size:15px;line-height:1.75",
    "ul": "margin:0 0 16px;padding-left:24px;line-height:1.75;font-size:16px;color:#333",
    "ol": "margin:0 0 16px;padding-left:24px;line-height:1.75;font-size:16px;color:#333",
    "li": "margin:0 0 6px",
    "table": "width:100%;border-collapse:collapse;margin:0 0 16px;font-size:14px",
    "td": "border:1px solid #ccc;padding:6px 8px",
    "th": "border:1px solid #ccc;padding:6px 8px;background-color:#f5f5f5;font-weight:bold",
    "img": "max-width:100%;height:auto;display:block;margin:0 auto",
    "hr": "border:0;border-top:1px solid #ddd;margin:24px 0",
    "a": "color:#576b95;text-decoration:none",
    "figcaption": "font-size:13px;color:#888;text-align:center;margin:6px 0 16px",
}


def _merge_style(default: str, own: str | None) -> str:
    if not own:
        return default
    own_props = {d.split(":", 1)[0].strip().lower() for d in own.split(";") if ":" in d}
    extra = [d for d in default.split(";") if d and d.split(":", 1)[0].strip().lower() not in own_props]
    return ";".join([own.strip().rstrip(";"), *extra]) if extra else own


def wechat_html(html: str, *, media_label: Callable[[str, str], str] | None = None) -> str:
    """发往公众号的 HTML：全部是行内样式（微信不认 class 与外部样式表），视频/音频换成提示文字。"""
    html = sanitize(html)
    if not html:
        return ""
    root = _parse(html)
    for el in list(root.iter("video", "audio")):
        kind = "视频" if el.tag == "video" else "音频"
        note = etree.Element("p")
        note.text = media_label(kind, el.get("src") or "") if media_label else f"［{kind}：请在公众号后台插入］"
        note.tail = el.tail
        el.getparent().replace(el, note)
    for el in root.iter():
        if not isinstance(el.tag, str) or el is root:
            continue
        for attr in [a for a in el.attrib if a.startswith("data-")]:
            del el.attrib[attr]
        default = WECHAT_STYLES.get(el.tag)
        if default:
            el.set("style", _merge_style(default, el.get("style")))
    return _serialize(root)


def plain_text(html: str, *, limit: int | None = None, count: Callable[[str], int] = len) -> str:
    """纯文字（微博正文等）：段落之间空一行；超过 ``limit``（按 ``count`` 计）时截断并以“……”结尾。"""
    text = "\n".join(line.strip() for line in to_text(html).split("\n") if line.strip())
    if limit is None or count(text) <= limit:
        return text
    lo, hi = 0, len(text)  # 最长的、加上“……”仍不超限的前缀（计字规则随前缀变长只增不减，二分查找）
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(text[:mid] + "……") <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "……"


def caption(html: str, *, title: str = "", limit: int = 55, count: Callable[[str], int] = len) -> str:
    """视频平台的标题文案：标题加正文第一段，按平台字数截断。"""
    first = next((line.strip() for line in to_text(html).split("\n") if line.strip()), "")
    text = f"{title}｜{first}" if title and first and first != title else (title or first)
    return plain_text(f"<p>{_html.escape(text, quote=False)}</p>", limit=limit, count=count)
