"""浏览器：编辑写稿送审，三位审核人依次处理（其中一位退回一次），下载的宣传审批表是有效 .docx 且写明每位审核人。"""

from __future__ import annotations

import pytest

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_body(page, text: str) -> None:
    """在富文本编辑器里全选后输入正文（与用户操作一致）。"""
    box = page.locator("#editor-text [data-slate-editor]")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_editor_creates_three_reviewers_decide_and_approval_form(browser_login, live_server, platforms, workspace,
                                                                 personas):
    from docx import Document

    from rongmei.production import services
    from rongmei.production.models import ContentItem, ReviewStage

    chain = services.chain_install_preset(actor=personas["manager"], workspace=workspace, preset="three_step")
    s1, s2, s3 = ReviewStage.objects.filter(chain=chain).order_by("order")
    services.stage_save(actor=personas["manager"], chain=chain, stage=s1, roles=["reviewer"], name="审校")
    services.stage_save(actor=personas["manager"], chain=chain, stage=s2, roles=["manager"], name="组长审核")
    base = f"{live_server.url}/w/{workspace.slug}/production"

    page = browser_login("t-editor")
    page.goto(f"{base}/new/")
    page.fill("input[name=title]", "不动产登记“一窗办理”再提速")
    type_body(page, "市民可在网上预约办理不动产登记。")
    page.click("[data-testid=item-save]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=item-submit]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("[data-testid=current-stage]") == "审校"
    item = ContentItem.objects.get(title="不动产登记“一窗办理”再提速")

    def act(username, verdict, comments=""):
        page.context.clear_cookies()
        browser_login(username)
        page.goto(f"{base}/my/")
        assert item.title in page.inner_text("[data-testid=waiting]")
        page.goto(f"{base}/{item.pk}/")
        page.check(f"[data-testid=verdict-{verdict}]")
        page.fill("[data-testid=decide-comments]", comments)
        page.click("[data-testid=decide-submit]")
        page.wait_for_load_state("networkidle")

    act("t-reviewer", "approve", "文字已校对")
    act("t-manager", "return", "请补充办理地点")
    # 编辑修改后重新送审
    page.context.clear_cookies()
    browser_login("t-editor")
    page.goto(f"{base}/{item.pk}/")
    assert "退回修改" in page.inner_text("[data-testid=item-status]")
    page.click("[data-testid=item-edit]")
    type_body(page, "市民可在网上预约，到各区不动产登记大厅办理。")
    page.click("[data-testid=item-save]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=item-submit]")
    page.wait_for_load_state("networkidle")

    act("t-reviewer", "approve", "复核无误")
    act("t-manager", "approve", "同意")
    act("t-client_leader", "approve", "同意发布")
    page.goto(f"{base}/{item.pk}/")
    assert page.inner_text("[data-testid=item-status]") == "已通过"
    screenshot(page, "production-approved.png")

    with page.expect_download() as info:
        page.click("[data-testid=approval-form]")
    path = info.value.path()
    doc = Document(path)
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    text += "\n".join(p.text for p in doc.paragraphs)
    for name in ("编辑小王", "审核员老李", "组长老张", "甲方领导吴主任", "请补充办理地点"):
        assert name in text
