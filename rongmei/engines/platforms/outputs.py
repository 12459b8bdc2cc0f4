"""一份正文 → 各平台要发出的文字（纯函数）。发布（PublishItem.text）与编辑器旁的各平台预览都只用这里。

* 公众号、头条号、百家号等图文平台发整篇 HTML（公众号为行内样式，见 ``richtext.wechat_html``）。
* 微博发纯文字：“【标题】正文……”，按微博计字规则截断，并留出链接的位置（分享接口要求带本单位链接）。
* 抖音、快手、视频号发标题文案：标题加正文第一段，按平台字数截断。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rongmei.engines import richtext

from .douyin.formatter import TEXT_MAX as DOUYIN_MAX
from .kuaishou.formatter import CAPTION_MAX as KUAISHOU_MAX
from .wechat.formatter import CONTENT_MAX as WECHAT_CONTENT_MAX
from .wechat.formatter import TITLE_MAX as WECHAT_TITLE_MAX
from .weibo.formatter import STATUS_MAX, weibo_length

#: 微博正文里给文章链接留的字数（短链约 23 个半角字符，按微博计字约 12 字）
WEIBO_LINK_RESERVE = 12
CHANNELS_MAX = 1000  # 视频号描述，平台未公布确切上限，取保守值
CAPTION_LIMITS = {"douyin": DOUYIN_MAX, "kuaishou": KUAISHOU_MAX, "channels": CHANNELS_MAX}


def weibo_text(title: str, body_html: str, *, link: str = "") -> str:
    budget = STATUS_MAX - (weibo_length(link) + 1 if link else WEIBO_LINK_RESERVE)
    lead = f"【{title}】" if title else ""
    body = " ".join(richtext.plain_text(body_html).split("\n"))
    text = richtext.plain_text(f"<p>{_esc(lead + body)}</p>", limit=budget, count=weibo_length)
    return f"{text} {link}".strip() if link else text


def short_text(platform_code: str, title: str, body_html: str, *, link: str = "") -> str:
    """``PublishItem.text``：微博正文、视频平台文案；其余平台用标题。"""
    if platform_code == "weibo":
        return weibo_text(title, body_html, link=link)
    if platform_code in CAPTION_LIMITS:
        return richtext.caption(body_html, title=title, limit=CAPTION_LIMITS[platform_code])
    return title


@dataclass
class Preview:
    platform_code: str
    name: str
    text: str
    length: int
    limit: int
    unit: str = "字"
    problems: list[str] = field(default_factory=list)


def previews(title: str, body_html: str, platform_codes) -> list[Preview]:
    """编辑器旁“各平台”预览：要发出的文字、字数与上限、问题（中文）。"""
    out = []
    text_len = len(richtext.to_text(body_html))
    for code in dict.fromkeys(platform_codes):
        if code == "weibo":
            text = weibo_text(title, body_html)
            n = weibo_length(text)
            problems = ["正文较长，已截断并以“……”结尾；全文见链接"] if text.endswith("……") else []
            out.append(Preview(code, "微博", text, n, STATUS_MAX - WEIBO_LINK_RESERVE, "字（已留出链接位置）", problems))
        elif code in CAPTION_LIMITS:
            name = {"douyin": "抖音", "kuaishou": "快手", "channels": "视频号"}[code]
            text = short_text(code, title, body_html)
            out.append(Preview(code, name, text, len(text), CAPTION_LIMITS[code], "字",
                               ["须上传视频文件（附件或素材库）"]))
        elif code == "wechat":
            html = richtext.wechat_html(body_html)
            problems = []
            if len(title) > WECHAT_TITLE_MAX:
                problems.append(f"标题超过 {WECHAT_TITLE_MAX} 字（当前 {len(title)} 字）")
            if len(html) >= WECHAT_CONTENT_MAX:
                problems.append(f"正文 HTML 须少于 {WECHAT_CONTENT_MAX} 字符（当前 {len(html)}），请精简或拆分")
            out.append(Preview(code, "公众号", title, text_len, 0, "字正文", problems))
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
