"""浏览器：上传一张图片，填写版权信息，用键盘裁剪 2.35:1 封面，再在素材库里检索到它（1280 px 与 390 px）。"""

from __future__ import annotations

import os

import pytest

from conftest import screenshot

from .conftest import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots/assets16"


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name), full_page=True)
    screenshot(page, f"assets-{name}")


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_upload_rights_crop_and_search(width, personas, workspace, browser_login, live_server, tmp_path):
    from rongmei.assets import selectors
    from rongmei.assets.models import Asset

    photo = tmp_path / "防汛演练现场.jpg"
    photo.write_bytes(jpeg(1600, 1000, (20, 90, 160)))
    page = browser_login(personas["editor"].username)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/w/{workspace.slug}/assets/")
    page.set_input_files("[data-testid=upload-files]", str(photo))
    page.fill("#upload-source", "记者自摄")
    page.click("[data-testid=upload-submit]")
    page.wait_for_selector("[data-testid=asset-form]")
    assert "已上传 1 个文件" in page.inner_text("body")

    page.fill("[data-testid=asset-tags]", "防汛、应急演练")
    page.fill("[data-testid=asset-author]", "宣传组 王摄影")
    page.select_option("[data-testid=asset-consent]", label="未取得")
    page.select_option("[data-testid=asset-licence]", label="授权使用")
    page.fill("[data-testid=asset-expires]", "2020-10-01")
    page.click("[data-testid=asset-save]")
    page.wait_for_selector("[data-testid=rights-problem]")
    problems = page.locator("[data-testid=rights-problem]").all_inner_texts()
    assert any("授权已于 2020-10-01 到期" in p for p in problems)
    assert any("未取得肖像授权" in p for p in problems)

    form = page.locator("[data-testid=crop-235x1]")
    before = form.locator("[data-crop-text]").inner_text()
    size = form.locator("[data-crop-size]")
    size.focus()
    for _ in range(20):
        size.press("ArrowLeft")  # 键盘缩小裁剪框
    form.locator("[data-crop-y]").focus()
    form.locator("[data-crop-y]").press("Home")  # 移到最上面
    after = form.locator("[data-crop-text]").inner_text()
    assert after != before and after.split("_")[1] == "0"
    _shot(page, f"detail-{width}.png")
    assert _no_sideways_scroll(page)
    form.locator("[data-testid=crop-save]").click()
    page.wait_for_selector("[data-testid=crop-235x1] [data-testid=crop-saved]")
    assert "已保存 2.35:1 封面裁剪" in page.inner_text("body")
    asset = Asset.objects.get(workspace=workspace)
    x1, y1, x2, y2 = selectors.crop_of(asset, "2.35:1")
    assert y1 == 0 and x2 - x1 < 1
    assert abs((x2 - x1) * 1600 / ((y2 - y1) * 1000) - 2.35) < 0.05
    rows = page.locator("[data-testid=platform-checks] tr", has_text="头条封面 2.35:1")
    assert "✓ 符合" in rows.inner_text()

    page.goto(f"{live_server.url}/w/{workspace.slug}/assets/")
    page.fill("[data-testid=asset-q]", "应急演练")
    page.press("[data-testid=asset-q]", "Enter")
    page.wait_for_load_state("networkidle")
    cards = page.locator("[data-testid=asset-card]")
    assert cards.count() == 1 and "防汛演练现场" in cards.inner_text()
    assert "授权已于 2020-10-01 到期" in cards.inner_text()
    assert page.locator("[data-testid=asset-card] img").evaluate("img => img.naturalWidth > 0")
    _shot(page, f"library-{width}.png")
    assert _no_sideways_scroll(page)

    page.goto(f"{live_server.url}/w/{workspace.slug}/assets/picker/?kind=image")
    item = page.locator("[data-testid=picker-item]")
    assert item.count() == 1 and item.get_attribute("data-asset") == str(asset.pk)
    box = item.bounding_box()
    assert box["height"] >= 44 and box["width"] <= width
    _shot(page, f"picker-{width}.png")


def test_dropping_a_file_on_the_upload_area_uploads_it(personas, workspace, browser_login, live_server):
    """把文件拖到素材库的上传区：放进文件框并提交，上传成功，素材库里有这张图。"""
    import base64

    from rongmei.assets.models import Asset

    page = browser_login(personas["editor"].username)
    page.goto(f"{live_server.url}/w/{workspace.slug}/assets/")
    data = base64.b64encode(jpeg(800, 500, (200, 40, 40))).decode()
    transfer = page.evaluate_handle("""(b64) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], "拖进来的现场照片.jpg", {type: "image/jpeg"}));
        return dt;
    }""", data)
    zone = "[data-testid=drop-zone]"
    page.dispatch_event(zone, "dragenter", {"dataTransfer": transfer})
    assert "is-over" in page.get_attribute(zone, "class")  # 拖到上面时有提示样式
    with page.expect_navigation():
        page.dispatch_event(zone, "drop", {"dataTransfer": transfer})
    page.wait_for_selector("[data-testid=asset-form]")
    assert "已上传 1 个文件" in page.inner_text("body")
    asset = Asset.objects.get(workspace=workspace)
    assert asset.title.startswith("拖进来的现场照片") and asset.kind == "image"
