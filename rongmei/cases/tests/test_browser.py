"""整个征集在浏览器里走一遍：主办方发布 → 两个单位在线填写、上传、提交 → 长春市主管部门初审并排序 →
两位专家匿名评分 → 主办方结束评审、决定结果、通报 → 下载的通报 .docx 用 python-docx 打开核对。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from rongmei.cases.models import Call, Case, Unit
from rongmei.core import clock
from rongmei.workspaces.models import Membership

from .conftest import DOCX, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = [("ua", "长春广播电视台", "长春台", "station", "“长春+”客户端"),
         ("ub", "农安县融媒体中心", "农安融媒", "county", "田间直播间")]


@pytest.fixture
def people(workspace, make_user):
    def member(username, name, role, unit="", region=""):
        user = make_user(username, name)
        Membership.objects.create(user=user, workspace=workspace, role=role, unit=unit, region=region)
        return user

    member("org", "融合处周科长", "manager")
    member("rcc", "长春市文广旅局", "regional", region="长春市")
    member("e1", "孙教授", "expert", "某大学")
    member("e2", "冯研究员", "expert", "某研究中心")
    for username, name, short, kind, _title in UNITS:
        user = member(username, f"{name}联系人", "applicant", name, "长春市")
        Unit.objects.create(workspace=workspace, name=name, short_names=short, unit_type=kind, region="长春市",
                            contact_name="联系人", contact_phone="1", account=user, status="confirmed")


def test_whole_call_in_the_browser(people, workspace, browser_page, live_server, tmp_path):
    page, base = browser_page, live_server.url + f"/w/{workspace.slug}/cases"
    page.on("dialog", lambda d: d.accept())
    (tmp_path / "申请表.docx").write_bytes(DOCX)
    (tmp_path / "申请表（盖章）.pdf").write_bytes(PDF)

    def login(username):
        page.context.clear_cookies()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "Test@12345")
        page.click("[data-testid=login-submit]")
        page.wait_for_load_state("networkidle")

    # 主办方：新建并发布
    login("org")
    page.goto(base + "/calls/new/")
    page.fill("input[name=title]", "2024年全省广播电视媒体融合典型案例征集和评选")
    page.fill("input[name=doc_number]", "吉广电明电〔2024〕38号")
    page.fill("input[name=issuer]", "吉林省广播电视局")
    page.fill("input[name=deadline]", (clock.today() + dt.timedelta(days=10)).isoformat())
    page.click("[data-testid=call-form] button.btn-primary")
    page.click("[data-testid=publish]")
    page.get_by_text("征集已发布").wait_for()
    call = Call.objects.get()
    assert page.get_by_test_id("call-status").inner_text() == "征集中"

    # 两个申报单位：新建、填写（实时字数）、上传、提交
    for username, name, _short, _kind, title in UNITS:
        login(username)
        page.goto(base + f"/calls/{call.pk}/")
        page.select_option("[data-testid=new-case] select[name=category]", label="新媒体平台建设")
        page.fill("[data-testid=new-case] input[name=title]", title)
        page.click("[data-testid=new-case] button")
        for n in range(1, 7):
            page.fill(f"#element_{n}", f"{name}第{n}项：做法与成效，数据充实。")
        assert page.get_by_test_id("char-total").inner_text().startswith(f"合计 {6 * len(name) + 6 * 15} 字")
        page.fill("#data_users", "120")
        page.click("[data-testid=save]")
        page.get_by_text("已保存").wait_for()
        page.goto(base + f"/cases/{Case.objects.get(title=title).pk}/")
        for kind, filename in (("form_word", "申请表.docx"), ("form_pdf", "申请表（盖章）.pdf")):
            page.select_option("[data-testid=file-form] select[name=kind]", kind)
            page.set_input_files("[data-testid=file-form] input[name=upload]", str(tmp_path / filename))
            page.click("[data-testid=file-form] button")
            page.get_by_text(f"已上传：{filename}").wait_for()
        page.click("[data-testid=submit]")
        page.get_by_text("已提交第 1 版").wait_for()
        assert page.get_by_test_id("case-status").inner_text() == "已提交，待地区初审"

    # 长春市主管部门：两件都通过，再把第二件上移到第一位
    a, b = (Case.objects.get(title=t) for *_x, t in UNITS)
    login("rcc")
    page.goto(base + f"/calls/{call.pk}/region/")
    for case in (a, b):
        page.click(f"[data-testid=review-{case.pk}] button[value=pass]")
        page.get_by_text("初审通过").first.wait_for()
    page.set_viewport_size({"width": 390, "height": 844})  # 手机：用“上移”按钮
    page.click(f"[data-testid=up-{b.pk}]")
    page.get_by_text("推荐次序已保存").wait_for()
    assert page.locator("[data-testid=ranked] li").first.get_attribute("data-id") == str(b.pk)
    page.set_viewport_size({"width": 1366, "height": 900})  # 电脑：拖动再保存
    page.drag_and_drop(f"[data-testid=ranked-{a.pk}]", f"[data-testid=ranked-{b.pk}]")
    page.locator("[data-order-changed]").wait_for()
    page.click("[data-testid=save-order]")
    page.get_by_text("推荐次序已保存").wait_for()
    assert page.locator("[data-testid=ranked] li").first.get_attribute("data-id") == str(a.pk)
    page.click(f"[data-testid=down-{a.pk}]")  # 键盘/按钮：排回去
    page.get_by_text("推荐次序已保存").wait_for()
    with page.expect_download() as dl:
        page.click("[data-testid=rank-docx]")
    ranking = Document(dl.value.path())
    assert [r.cells[1].text for r in ranking.tables[0].rows[1:]] == ["田间直播间", "“长春+”客户端"]

    # 主办方：进入评审，邀请两位专家
    login("org")
    page.goto(base + f"/calls/{call.pk}/")
    page.click("[data-testid=start-review]")
    panel = call.panels.get(category=a.category)
    for expert in ("孙教授", "冯研究员"):
        form = page.locator(f"form[action$='/panels/{panel.pk}/experts/']")
        form.locator("select").select_option(label=f"{expert}（{'某大学' if expert == '孙教授' else '某研究中心'}）")
        form.locator("button").click()
        page.get_by_text(f"已邀请 {expert}").wait_for()

    # 两位专家：声明利益冲突 → 匿名看案例 → 评分
    marks = {"e1": {a: (36, 16, 20, 12), b: (30, 15, 20, 15)}, "e2": {a: (30, 14, 18, 12), b: (32, 16, 20, 14)}}
    for expert, sheet in marks.items():
        login(expert)
        page.goto(base + f"/review/{panel.pk}/")
        page.click("[data-testid=declare]")
        page.get_by_text("利益冲突声明已提交").wait_for()
        for case, values in sheet.items():
            page.goto(base + f"/review/{panel.pk}/cases/{case.pk}/")
            body = page.locator("main, body").first.inner_text()
            assert "长春广播电视台" not in body and "农安县融媒体中心" not in body and "长春市" not in body
            assert "〔已隐去〕第1项" in page.get_by_test_id("element-1").inner_text()
            for field, value in zip(page.locator("[data-testid=score-form] input[type=number]").all(), values,
                                    strict=True):
                field.fill(str(value))
            page.click("[data-testid=score-submit]")
            page.get_by_text("评分已提交并锁定").wait_for()

    # 主办方：结束评审（其他类别也结束）→ 排名 → 决定 → 通报
    login("org")
    page.goto(base + f"/calls/{call.pk}/panels/")
    for p in call.panels.all():
        page.click(f"[data-testid=close-{p.pk}]")
        page.get_by_text("评审已结束").first.wait_for()
    page.goto(base + f"/calls/{call.pk}/results/")
    assert page.get_by_test_id(f"final-{b.pk}").inner_text() == "81"   # (80+82)/2
    assert page.get_by_test_id(f"final-{a.pk}").inner_text() == "79"   # (84+74)/2
    for case, label in ((b, "典型案例并推荐上报"), (a, "典型案例")):
        page.select_option(f"[data-testid=decide-{case.pk}]", label=label)
        page.locator(f"[data-testid=decide-{case.pk}]").locator("xpath=..").locator("button").click()
        page.get_by_text(f"已保存“{case.title}”").wait_for()
    page.click("[data-testid=finish]")
    page.get_by_text("评选结果已通报").wait_for()
    with page.expect_download() as dl:
        page.click("[data-testid=notice-docx]")
    notice = Document(io.BytesIO(open(dl.value.path(), "rb").read()))
    text = "\n".join(p.text for p in notice.paragraphs)
    cells = [c.text for t in notice.tables for row in t.rows for c in row.cells]
    assert "关于2024年全省广播电视媒体融合典型案例评选结果的通报" in text and "共评选出 2 个" in text
    assert "田间直播间" in cells and "“长春+”客户端" in cells and "农安县融媒体中心" in cells
    assert "推荐参选全国广播电视媒体融合典型案例" in text
