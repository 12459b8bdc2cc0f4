"""富文本核心：粘贴来的 Word/秀米/135/网页内容清洗后保留什么、去掉什么；读者文字与按位置改字；各平台输出。"""

from __future__ import annotations

from pathlib import Path

import pytest

from rongmei.engines import richtext
from rongmei.engines.platforms import outputs
from rongmei.engines.platforms.weibo.formatter import STATUS_MAX, weibo_length

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- 粘贴与清洗


def test_word_paste_keeps_structure_and_text_styles_and_drops_office_markup():
    raw = fixture("word_paste.html")
    html = richtext.sanitize(raw)
    # 结构与微信接受的行内样式留下
    assert '<p style="text-align:center"><b><span style="font-size:16.0pt;font-family:方正小标宋简体">' in html
    assert "text-indent:32.0pt" in html
    assert "<table" in html and "<td" in html and "东城区" in html
    # Office 专有的东西一律去掉
    for junk in ("mso-", "MsoNormal", "class=", "<o:p", "<xml", "w:WordDocument", "v:shape", "<style", "<meta",
                 "file:///", "supportLists"):
        assert junk not in html
    # 本机文件图片读不到（转存时逐张提示，见素材库）；粘贴里的 data: 图片留着等转存进素材库
    assert [i.src[:22] for i in richtext.images(html)] == ["data:image/png;base64,"]
    assert richtext.to_text(html).splitlines()[:2] == [
        "关于开展2026年全国助残日宣传活动的通知", "各区残联：为做好第三十六次全国助残日宣传工作，现将有关事项通知如下。"]


def test_xiumi_template_keeps_inline_styles_wechat_accepts_and_drops_the_rest():
    html = richtext.sanitize(fixture("xiumi_template.html"))
    assert "border-left:4px solid rgb(183, 28, 28)" in html
    assert "background-color:rgb(247, 243, 240)" in html
    assert '<strong style="color:rgb(183, 28, 28)">3,200</strong>' in html
    for junk in ("position", "z-index", "background-image", "url(", "data-tools", "powered-by", "class=", "data-ratio"):
        assert junk not in html
    # 跟踪参数去掉，正常参数留下
    assert 'href="https://www.example.gov.cn/art/2026/5/17/art_1.html?id=9"' in html
    assert "utm_" not in html
    # 外链图片留着（保存时转存进素材库，不热链）
    assert richtext.images(html)[0].src.startswith("https://img.xiumi.us/")


def test_135_template_drops_animation_and_transform():
    html = richtext.sanitize(fixture("135_template.html"))
    assert "background-color:#b71c1c" in html and "border-radius:4px" in html
    assert "animation" not in html and "transform" not in html and "135brush" not in html
    assert richtext.to_text(html) == "二、下一步打算\n持续深化“助残惠民”行动。\n动画段落"


def test_web_page_paste_drops_scripts_frames_forms_and_handlers():
    html = richtext.sanitize(fixture("web_page.html"))
    for junk in ("<script", "_hmt", "<iframe", "<form", "<input", "<button", "onclick", "onerror", "onmouseover",
                 "<link", "<style", "srcset", "spm=", "isappinstalled", "from=timeline"):
        assert junk not in html
    assert 'href="https://news.example.com/a.html#c2"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<ul><li>第一项</li><li>第二项</li></ul>" in html


@pytest.mark.parametrize("payload", fixture("xss_payloads.txt").splitlines())
def test_xss_payloads_leave_nothing_executable(payload):
    html = richtext.sanitize(payload).lower()
    for bad in ("<script", "javascript:", "vbscript:", "onerror", "onload", "ontoggle", "onmouseover", "<svg", "<iframe",
                "<object", "<embed", "<form", "<meta", "<base", "<math", "expression(", "behavior", "data:text",
                "data:image/svg"):
        assert bad not in html, (payload, html)


def test_sanitize_is_idempotent_on_its_own_output():
    for name in ("word_paste.html", "xiumi_template.html", "135_template.html", "web_page.html"):
        once = richtext.sanitize(fixture(name))
        assert richtext.sanitize(once) == once


# ---------------------------------------------------------------- 读者文字与按位置改字


def test_reader_text_puts_blocks_on_lines_and_ignores_markup():
    html = "<h2>标题</h2><p>第一段<strong>加粗</strong>文字<br>换行</p><ul><li>一</li><li>二</li></ul><p><img src='/a.png'></p>"
    assert richtext.to_text(html) == "标题\n第一段加粗文字\n换行\n一\n二"


def test_replace_text_keeps_tags_and_styles():
    html = '<p style="color:red">他高兴<strong>的说</strong>，要拼博到底</p><p>第二段</p>'
    text = richtext.to_text(html)
    at = text.index("的说")
    out = richtext.replace_text(html, at, at + 1, "地", expect="的")
    assert out == '<p style="color:red">他高兴<strong>地说</strong>，要拼博到底</p><p>第二段</p>'
    at = richtext.to_text(out).index("拼博")
    out = richtext.replace_text(out, at, at + 2, "拼搏")
    assert richtext.to_text(out) == "他高兴地说，要拼搏到底\n第二段"
    assert '<strong>地说</strong>' in out


def test_replace_text_across_inline_tags_puts_the_new_text_in_the_first_piece():
    html = "<p>服务水<em>品</em>提升</p>"
    out = richtext.replace_text(html, 2, 4, "水平", expect="水品")
    assert richtext.to_text(out) == "服务水平提升"
    assert out == "<p>服务水平<em></em>提升</p>"


def test_replace_text_refuses_stale_or_cross_paragraph_edits():
    html = "<p>甲乙</p><p>丙丁</p>"
    with pytest.raises(richtext.RichTextError, match="已不是"):
        richtext.replace_text(html, 0, 1, "X", expect="乙")
    with pytest.raises(richtext.RichTextError, match="跨了段落"):
        richtext.replace_text(html, 1, 4, "X")
    with pytest.raises(richtext.RichTextError, match="超出"):
        richtext.replace_text(html, 0, 99, "X")


def test_media_changes_lists_added_and_removed_images_and_links():
    old = '<p><img src="/a.png"><a href="https://x.cn/1">原文</a></p>'
    new = '<p><img src="/b.png"><a href="https://x.cn/2">原文</a></p>'
    assert richtext.media_changes(old, new) == {
        "images_added": ["/b.png"], "images_removed": ["/a.png"],
        "links_added": ["原文（https://x.cn/2）"], "links_removed": ["原文（https://x.cn/1）"],
    }


# ---------------------------------------------------------------- 各平台输出


def test_wechat_html_is_inline_styled_and_keeps_own_styles_first():
    html = richtext.wechat_html('<h2>小标题</h2><p style="color:red" class="x">正文</p><blockquote>引文</blockquote>'
                                '<video src="/v.mp4"></video>')
    assert '<h2 style="margin:24px 0 16px;' in html
    assert '<p style="color:red;margin:0 0 16px;' in html and "color:#333" not in html.split("正文")[0].split("<p")[1]
    assert "border-left:4px solid #b71c1c" in html
    assert "<video" not in html and "［视频：请在公众号后台插入］" in html
    assert "class=" not in html


def test_weibo_text_fits_the_limit_with_room_for_the_link():
    body = "<p>" + "助残日志愿服务走进社区。" * 30 + "</p>"
    text = outputs.weibo_text("市残联开展助残日活动", body)
    assert text.startswith("【市残联开展助残日活动】助残日")
    assert text.endswith("……")
    assert weibo_length(text) <= STATUS_MAX - outputs.WEIBO_LINK_RESERVE
    with_link = outputs.weibo_text("标题", body, link="https://www.example.gov.cn/a/1.html")
    assert with_link.endswith(" https://www.example.gov.cn/a/1.html") and weibo_length(with_link) <= STATUS_MAX


def test_video_caption_is_title_and_first_paragraph_within_limit():
    body = "<p>第一段说明</p><p>第二段</p>"
    assert outputs.short_text("douyin", "标题", body) == "标题｜第一段说明"
    long_body = "<p>" + "很长" * 400 + "</p>"
    assert len(outputs.short_text("kuaishou", "标题", long_body)) <= 500


def test_previews_report_lengths_and_problems_per_platform():
    body = "<p>" + "字" * 50 + "</p>"
    previews = {p.platform_code: p for p in outputs.previews("一" * 40, body, ["wechat", "weibo", "douyin", "weibo"])}
    assert list(previews) == ["wechat", "weibo", "douyin"]
    assert previews["wechat"].problems == ["标题超过 32 字（当前 40 字）"]
    assert previews["weibo"].length == weibo_length(previews["weibo"].text)
    assert previews["douyin"].problems == ["须上传视频文件（附件或素材库）"]


def test_wps_paste_keeps_centre_bold_and_indent_and_drops_wps_markup():
    html = richtext.sanitize(fixture("wps_paste.html"))
    assert "text-align:center" in html and "<b>" in html and "text-indent:32.0pt" in html
    assert "font-family:仿宋_GB2312" in html and "line-height:28.0pt" in html
    for junk in ("mso-", 'class="p0"', "<o:p", "<style", "Generator", "file:///"):
        assert junk not in html
    assert richtext.to_text(html) == "关于做好残疾人就业帮扶工作的通知\n一、提高认识。各单位要把就业帮扶作为重点工作。"
