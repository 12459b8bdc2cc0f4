"""浏览器：在富文本编辑器里粘贴 Word 片段（带图片）、375 px 手机预览、送审、AI 审校的建议在编辑器里采纳、
修订对比显示改动，终审后发往公众号的内容是行内样式 HTML，图片换成了假平台 uploadimg 返回的地址。"""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.utils import timezone

from conftest import screenshot

from .conftest import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def word_fragment() -> str:
    data = base64.b64encode(png_bytes()).decode()
    return ("<html xmlns:o='urn:schemas-microsoft-com:office:office'><body><!--StartFragment-->"
            "<p class=MsoNormal align=center style='text-align:center;mso-outline-level:1'><b>"
            "<span style='font-size:16.0pt;font-family:方正小标宋简体'>助残日志愿服务走进社区<o:p></o:p></span></b></p>"
            "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
            "志愿者们发扬拼博精神，为残疾人送去温暖。<o:p></o:p></span></p>"
            f"<p class=MsoNormal><img width=16 height=16 src=\"data:image/png;base64,{data}\"></p>"
            "<!--EndFragment--></body></html>")


def test_paste_preview_review_accept_in_editor_and_publish(browser_login, live_server, workspace, personas, fake,
                                                            accounts, wechat_creds):
    from rongmei.assets.models import Asset
    from rongmei.production import services as production
    from rongmei.production.models import CheckFinding, ContentItem, ReviewStage
    from rongmei.publishing import tasks
    from rongmei.publishing.services import publication_schedule

    chain = production.chain_install_preset(actor=personas["manager"], workspace=workspace, preset="beijing5")
    ReviewStage.objects.filter(chain=chain, order=1).update(allow_author=True)
    base = f"{live_server.url}/w/{workspace.slug}/production"

    page = browser_login("t-editor")
    page.goto(f"{base}/new/")
    editor = page.locator("#editor-text [data-slate-editor]")
    editor.wait_for()
    page.fill("input[name=title]", "助残日志愿服务走进社区")
    editor.click()
    # 粘贴：与浏览器粘贴事件走同一条路（wangEditor 的 insertData）
    page.evaluate("""(html) => { const dt = new DataTransfer(); dt.setData('text/html', html);
        dt.setData('text/plain', '助残日'); window.rmEditor.insertData(dt); }""", word_fragment())
    # 手机预览 375 px，随输入更新，版式与公众号一致
    preview = page.locator("[data-testid=phone-preview] .wx-preview")
    assert preview.bounding_box()["width"] == pytest.approx(375, abs=1)  # 手机屏幕的内容区 375 px
    assert "志愿者们发扬拼博精神" in page.locator("[data-preview-body]").inner_text()
    assert page.locator("[data-preview-body] img").count() == 1
    screenshot(page, "editor-paste.png")
    page.locator("input[name=target_accounts]").first.check()
    page.click("[data-testid=item-save]")
    page.wait_for_load_state("networkidle")
    item = ContentItem.objects.get(title="助残日志愿服务走进社区")
    rev = item.current_revision
    assert "mso-" not in rev.body and "MsoNormal" not in rev.body and "<o:p" not in rev.body
    assert 'style="text-align:center"' in rev.body and "<img" in rev.body
    # 粘贴的图片转存进了素材库，正文引用素材地址（不热链、不留 data:）
    (asset,) = Asset.objects.filter(workspace=workspace)
    assert asset.url in rev.body and "data:image" not in rev.body
    page.goto(f"{live_server.url}/w/{workspace.slug}/assets/")
    assert asset.title in page.content()
    page.goto(f"{base}/{item.pk}/")

    page.click("[data-testid=item-submit]")
    page.wait_for_load_state("networkidle")
    finding = CheckFinding.objects.get(item=item, text="拼博")
    assert finding.suggestion == "拼搏"

    # 在编辑器里定位并采纳
    page.goto(f"{base}/{item.pk}/edit/")
    editor.wait_for()
    page.click("[data-testid=tab-findings]")
    row = page.locator(f"[data-finding='{finding.pk}']")
    row.locator("[data-accept-finding]").click()
    assert "拼搏精神" in editor.inner_text()
    assert row.locator("[data-accepted]").is_visible()
    page.click("[data-testid=item-save]")
    page.wait_for_load_state("networkidle")
    finding.refresh_from_db()
    assert finding.decision == "accepted"
    item.refresh_from_db()
    assert "拼搏精神" in item.current_revision.text and 'style="text-align:center"' in item.current_revision.body

    page.goto(f"{base}/{item.pk}/revisions/")
    diff = page.locator("[data-testid=diff]").inner_html()
    assert "<del>博</del>" in diff and "<ins>搏</ins>" in diff
    screenshot(page, "editor-revisions.png")

    # 终审通过后发往公众号：行内样式 HTML，图片经 uploadimg 转存
    ContentItem.objects.filter(pk=item.pk).update(status="approved", approved_at=timezone.now())
    item.refresh_from_db()
    publication_schedule(actor=personas["editor"], workspace=workspace, item=item, accounts=[accounts["wechat"]],
                         planned_at=timezone.now() - dt.timedelta(minutes=1))
    tasks.publish_due.call_local()
    (post,) = fake.posts("wechat")
    assert 'style="text-align:center;margin:0 0 16px;' in post["content"]
    assert 'src="http://mmbiz.qpic.cn/mmbiz_jpg/IMG' in post["content"]


def test_xiumi_and_135_paste_keep_heading_colours_cards_and_every_character(browser_login, live_server, workspace,
                                                                            personas):
    from pathlib import Path

    from rongmei.production.models import ContentItem

    fixtures = Path(__file__).resolve().parents[2] / "engines" / "richtext" / "tests" / "fixtures"
    page = browser_login("t-editor")
    page.goto(f"{live_server.url}/w/{workspace.slug}/production/new/")
    editor = page.locator("#editor-text [data-slate-editor]")
    editor.wait_for()
    page.fill("input[name=title]", "秀米与 135 排版粘贴")
    editor.click()
    for name in ("xiumi_template.html", "135_template.html"):
        page.evaluate("""(html) => { const dt = new DataTransfer(); dt.setData('text/html', html);
            window.rmEditor.insertData(dt); }""", (fixtures / name).read_text(encoding="utf-8"))
    text = page.evaluate("window.rmEditor.getText()")
    assert "就业率提升至62%。" in text and "持续深化“助残惠民”行动。" in text  # 一个字都不丢
    page.click("[data-testid=item-save]")
    page.wait_for_load_state("networkidle")
    body = ContentItem.objects.get(title="秀米与 135 排版粘贴").current_revision.body
    # 秀米的小标题颜色与字号、卡片（左边框）、135 的标题栏底色都保留下来
    assert '<span style="color:rgb(183, 28, 28);font-size:18px"><strong>一、工作成效</strong></span>' in body
    assert "<blockquote>全年累计为" in body
    assert "background-color:rgb(183, 28, 28)" in body and "二、下一步打算" in body
    assert "xiumi" not in body.split("<img")[0] and "data-tools" not in body
