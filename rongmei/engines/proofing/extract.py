"""从 .txt / .md / .html / .docx 文件中抽取纯文本。发现中的偏移量都针对抽取后的文本。"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")


class ExtractError(ValueError):
    """文件无法读取或格式不受支持（消息为中文）。"""


def _decode(raw: bytes) -> str:
    """Text files are decoded by the same rules as every upload (engines.tabular.decode_text)."""
    # 只有抽取文件时才用到：不让 tabular（与 charset_normalizer、csv、zipfile）拖慢只查文本的进程的启动
    from rongmei.engines import tabular

    try:
        return tabular.decode_text(raw)
    except tabular.TabularError as exc:
        raise ExtractError(str(exc)) from exc


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "title", "hr", "dd", "dt", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    out = "\n".join(line for line in lines if line)
    return out


def html_to_text(source: str) -> str:
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    return _tidy("".join(parser.parts))


_MD_RULES = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
]


def markdown_to_text(source: str) -> str:
    lines = []
    in_code = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if re.fullmatch(r"[-*_=\s|:]{3,}", stripped):
            continue  # 分隔线、表格对齐行
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        if stripped.startswith("|"):
            line = "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))
        for pattern, repl in _MD_RULES:
            line = pattern.sub(repl, line)
        lines.append(html.unescape(line))
    return _tidy("\n".join(lines))


def docx_to_text(path: Path) -> str:
    # 函数内导入：python-docx 较重，只在读 Word 时导入
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx 对损坏文件抛出多种异常；异常原文是英文、带临时路径，不给用户看
        try:
            head = path.read_bytes()[:8]
        except OSError:
            head = b""
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            why = "这是旧版 Word（.doc）文件，只是扩展名写成了 .docx"
        else:
            why = "它不是有效的 .docx 文档（可能已损坏，或是别的格式改了扩展名）"
        raise ExtractError(f"无法读取 Word 文件《{path.name}》：{why}。请用 Word 或 WPS 另存为 .docx 后再上传。") from exc
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                parts.append("\t".join(cell.text.strip() for cell in row.cells))
    return _tidy("\n".join(parts))


def extract_text(path: str | Path) -> str:
    """按扩展名抽取文本：.txt（UTF-8/GB18030）、.md、.html/.htm、.docx。"""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ExtractError(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，支持：{'、'.join(SUPPORTED)}")
    if not path.is_file():
        raise ExtractError(f"找不到文件：{path}")
    if suffix == ".docx":
        return docx_to_text(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"无法读取文件 {path}：{exc.strerror}") from exc
    text = _decode(raw)
    if suffix in (".html", ".htm"):
        return html_to_text(text)
    if suffix in (".md", ".markdown"):
        return markdown_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")
