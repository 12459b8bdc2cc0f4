"""浏览器：设为重点内容 → 登记两条转载和一条媒体采用（外加同一转载换个链接写法，只计一次）→ 生成并定稿传播分析报告
→ 合同页“精品内容全网传播”正好增加这三条的传播量，“重点内容传播分析报告”加 1。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENTRIES = [  # 类型, 账号/媒体, 链接, 发布时间, 传播量
    ("repost", "北京发布", "https://news.example.cn/a/1.html", "2024-03-08T15:00", "420000"),
    ("repost", "首都之窗", "https://news.example.cn/a/2.html", "2024-03-09T09:30", "260000"),
    ("placement", "人民日报客户端", "https://news.example.cn/a/3.html", "2024-03-09T20:00", "380000"),
]


@pytest.fixture
def setup(workspace, make_user, platforms):
    from rongmei.contracts import services as contract_services
    from rongmei.metrics.models import ItemStat
    from rongmei.production.models import ContentItem
    from rongmei.workspaces.models import Membership, OfficialAccount

    manager = make_user("mgr", "组长老张")
    Membership.objects.create(user=manager, workspace=workspace, role="manager")
    contract_services.contract_from_template(actor=None, workspace=workspace, template_id="beijing-planning-2023")
    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="规自北京")
    item = ContentItem.objects.create(workspace=workspace, title="北京城市副中心控制性详细规划获批", kind="article",
                                      author=manager, status="approved", approved_at=timezone.now())
    tz = timezone.get_current_timezone()
    ItemStat.objects.create(workspace=workspace, account=account, item_ref="wx-1", title=item.title, reads=15000,
                            url="https://mp.weixin.qq.com/s/abc", content_item=item,
                            published_at=dt.datetime(2024, 3, 8, 9, 0, tzinfo=tz), as_of=timezone.now())
    return item


def _contract_value(page, base) -> float:
    page.goto(f"{base}/contracts/?as_of=2024-06-30")
    return float(page.locator("[data-testid=done-flagship_pv]").get_attribute("data-value") or 0)


def test_flagship_reach_moves_the_contract_by_exactly_the_recorded_amount(setup, workspace, browser_login,
                                                                           live_server):
    item = setup
    page = browser_login("mgr")
    base = f"{live_server.url}/w/{workspace.slug}"
    before = _contract_value(page, base)
    assert before == 0  # 还不是重点内容：本方阅读也不计入

    page.goto(f"{base}/spread/mark/?item={item.pk}")
    page.fill("input[name=note]", "年度精品")
    page.locator("[data-testid=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=total]").inner_text() == "15,000 pv"
    flagship_url = page.url

    for kind, outlet, url, when, reach in [*ENTRIES, ("repost", "北京发布", "http://www.news.example.cn/a/1.html?from=wx",
                                                     "2024-03-08T15:00", "420000")]:
        page.goto(flagship_url)
        page.locator("[data-testid=entry-new]").click()
        page.select_option("select[name=kind]", kind)
        page.fill("input[name=outlet]", outlet)
        page.fill("input[name=url]", url)
        page.fill("input[name=published_at]", when)
        page.fill("input[name=reach]", reach)
        page.locator("[data-testid=submit]").click()
        page.wait_for_load_state("networkidle")
    assert "已合并为一条，只计一次" in page.content() or "没有新的内容" in page.content()
    assert page.locator("[data-testid=rows] tbody tr").count() == 4  # 本方 1 + 外部 3
    added = sum(int(e[4]) for e in ENTRIES)
    assert page.locator("[data-testid=total]").inner_text() == "107.5万 pv"  # 15,000 + 1,060,000
    screenshot(page, "spread-flagship.png")

    page.locator("[data-testid=report-new]").click()
    page.fill("textarea[name=summary]", "首日即被北京发布转载。")
    page.locator("[data-testid=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-total]").inner_text().startswith("107.5万 pv")
    with page.expect_download() as download:
        page.locator("[data-testid=download]").click()
    assert download.value.suggested_filename.endswith(".docx")

    after = _contract_value(page, base)
    assert after - before == 15000 + added
    screenshot(page, "spread-contract.png")
