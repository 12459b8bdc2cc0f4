"""付费推广（投流）台账：导入全有或全无、同一订单不重复计、单个结果成本与自然/付费拆分的算术、
角色 × 操作、看板/接口/台账/月报读同一个数、合同事实与证据链接。"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.contracts import selectors as contract_selectors
from rongmei.core import facts as fact_registry
from rongmei.engines.docgen.sheets import Sheet, sheets_xlsx
from rongmei.metrics import selectors, services
from rongmei.metrics.models import Promotion
from rongmei.metrics.services import DayValue, _write_daily

HEADER = ("订单ID", "创建时间", "视频标题", "投放目标", "订单金额（元）", "消耗（元）", "播放量", "涨粉数", "主页浏览量")
TZ = timezone.get_current_timezone()


def _xlsx(rows, header=HEADER) -> bytes:
    return sheets_xlsx([Sheet("订单", header, rows)])


def _order(no, when="2025-03-08 10:30", objective="播放量", budget=300, spend=280.5, plays=21000, fans=40, home=300):
    return (no, when, f"作品{no}", objective, budget, spend, plays, fans, home)


@pytest.fixture
def analyst(personas):
    return personas["analyst"]


def test_import_creates_orders_and_reimport_updates_without_double_counting(workspace, accounts, analyst):
    data = _xlsx([_order("DP1"), _order("DP2", when="2025-03-20 09:00", objective="粉丝量", budget=500, spend=500,
                                        plays=4000, fans=250)])
    first = services.promotions_import(actor=analyst, account=accounts["douyin"], product="dou_plus", data=data,
                                       filename="dou+订单.xlsx")
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = services.promotions_import(actor=analyst, account=accounts["douyin"], product="dou_plus", data=data,
                                       filename="dou+订单.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # 平台后来回传了更多播放：同一订单号更新结果，不新增一笔
    later = _xlsx([_order("DP1", plays=26000), _order("DP2", when="2025-03-20 09:00", objective="粉丝量", budget=500,
                                                      spend=500, plays=4000, fans=250)])
    third = services.promotions_import(actor=analyst, account=accounts["douyin"], product="dou_plus", data=later,
                                       filename="dou+订单-更新.xlsx")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Promotion.objects.filter(workspace=workspace).count() == 2
    dp1 = Promotion.objects.get(order_no="DP1")
    assert dp1.plays == 26000 and dp1.spend == Decimal("280.50") and dp1.objective == "plays"
    assert Promotion.objects.get(order_no="DP2").objective == "followers"


@pytest.mark.parametrize("rows, header, expected", [
    ([_order("A1"), _order("A2", spend=-3)], HEADER, "第 3 行，第 6 列（F，实际消耗）：金额不能为负数"),
    ([_order("A1"), _order("A2", when="明天")], HEADER, "第 3 行，第 2 列（B，下单时间）"),
    ([_order("A1"), _order("A1")], HEADER, "第 3 行，第 1 列（A，订单号）：订单号“A1”与第 2 行重复"),
    ([_order("A1", objective="随便")], HEADER, "不是可识别的投放目标"),
    ([_order("A1", plays="很多")], HEADER, "第 2 行，第 7 列（G，播放量）：“很多”不是数字"),
    ([("A1", "2025-03-08", 100)], ("订单号", "下单时间", "金额"), "没有找到“实际消耗”列"),
])
def test_bad_files_are_refused_whole_with_row_and_column(workspace, accounts, analyst, rows, header, expected):
    with pytest.raises(ValidationError) as exc:
        services.promotions_import(actor=analyst, account=accounts["douyin"], product="dou_plus",
                                   data=_xlsx(rows, header), filename="订单.xlsx")
    assert any(expected in m for m in exc.value.messages), exc.value.messages
    assert not Promotion.objects.filter(workspace=workspace).exists()


def test_spend_above_budget_in_a_later_row_writes_nothing(workspace, accounts, analyst):
    data = _xlsx([_order("B1"), _order("B2", budget=100, spend=150)])
    with pytest.raises(ValidationError) as exc:
        services.promotions_import(actor=analyst, account=accounts["douyin"], product="dou_plus", data=data,
                                   filename="订单.xlsx")
    assert "第 3 行" in exc.value.messages[0] and "大于投放金额" in exc.value.messages[0]
    assert not Promotion.objects.filter(workspace=workspace).exists()


def test_summary_arithmetic_cost_per_result_and_organic_paid_split(workspace, accounts, analyst):
    douyin = accounts["douyin"]
    # 3 月抖音账号总播放 100 × 31 = 3,100 + …：写入日数据，汇总表由服务重算
    _write_daily(workspace=workspace, source="manual", actor=None, values=[
        DayValue(douyin.pk, dt.date(2025, 3, d), "plays", 1000.0) for d in range(1, 32)] + [
        DayValue(douyin.pk, dt.date(2025, 3, d), "followers_gained", 10.0) for d in range(1, 32)])
    mk = dict(actor=analyst, account=douyin, product="dou_plus", targeting="", note="", item_url="", content_item=None)
    services.promotion_save(**mk, order_no="P1", item_title="甲", ordered_at=dt.datetime(2025, 3, 8, 10, tzinfo=TZ),
                            objective="plays", budget=Decimal("300"), spend=Decimal("250.00"), plays=20000,
                            followers=40, home_visits=0, leads=0)
    services.promotion_save(**mk, order_no="P2", item_title="乙", ordered_at=dt.datetime(2025, 3, 20, 9, tzinfo=TZ),
                            objective="followers", budget=Decimal("500"), spend=Decimal("480.00"), plays=3000,
                            followers=120, home_visits=0, leads=0)
    summary = selectors.promotion_summary(workspace, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    totals = summary["totals"]
    assert totals["orders"] == 2 and totals["spend"] == Decimal("730.00") and totals["budget"] == Decimal("800.00")
    costs = {r["objective"]: r["cost"] for r in summary["by_objective"]}
    assert costs == {"plays": Decimal("12.50"), "followers": Decimal("4.00")}  # 250/20000×1000；480/120
    march = summary["months"][0]
    assert march["plays_total"] == 31000 and march["plays_paid"] == 23000 and march["plays_organic"] == 8000
    assert march["followers_total"] == 310 and march["followers_paid"] == 160 and march["followers_organic"] == 150
    assert not march["capped"]
    # 付费多于总量（两处口径不同）：自然记 0 并标注
    services.promotion_save(**{**mk, "order_no": "P3"}, item_title="丙",
                            ordered_at=dt.datetime(2025, 3, 25, 9, tzinfo=TZ), objective="plays",
                            budget=Decimal("0"), spend=Decimal("900"), plays=50000, followers=0, home_visits=0,
                            leads=0)
    march = selectors.promotion_summary(workspace, dt.date(2025, 3, 1), dt.date(2025, 3, 31))["months"][0]
    assert march["plays_organic"] == 0 and march["capped"]


def test_service_refuses_bad_values(workspace, accounts, analyst, other_workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    mk = dict(actor=analyst, account=accounts["douyin"], product="dou_plus", order_no="", item_title="x",
              targeting="", note="", content_item=None, objective="plays", plays=0, followers=0, home_visits=0,
              leads=0, ordered_at=dt.datetime(2025, 3, 8, tzinfo=TZ))
    with pytest.raises(ValidationError) as exc:
        services.promotion_save(**mk, budget=Decimal(100), spend=Decimal(120), item_url="")
    assert "实际消耗不能大于投放金额" in str(exc.value)
    with pytest.raises(ValidationError):
        services.promotion_save(**mk, budget=Decimal(0), spend=Decimal(1), item_url="javascript:alert(1)")
    foreign = OfficialAccount.objects.create(workspace=other_workspace, platform=platforms["douyin"], name="别人的")
    with pytest.raises(Exception):  # noqa: B017  -- 权限（非本工作区成员）或校验，都不能写
        services.promotion_save(**{**mk, "account": foreign}, budget=Decimal(0), spend=Decimal(1), item_url="")
    assert not Promotion.objects.exists()


VIEW, WRITE = "view", "write"
EXPECTED = {"manager": {VIEW, WRITE}, "analyst": {VIEW, WRITE}, "editor": {VIEW}, "reviewer": {VIEW},
            "client_officer": {VIEW}, "client_leader": {VIEW}, "contributor": set(), "expert": set()}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, accounts, analyst, role):
    promo = services.promotion_save(actor=analyst, account=accounts["douyin"], product="dou_plus", order_no="M1",
                                    item_title="矩阵", item_url="", targeting="", note="", content_item=None,
                                    ordered_at=dt.datetime(2025, 3, 8, tzinfo=TZ), objective="plays",
                                    budget=Decimal(300), spend=Decimal("123.45"), plays=1, followers=0,
                                    home_visits=0, leads=0)
    client.force_login(personas[role])
    base = f"/w/{workspace.slug}/metrics/promotions"
    listing = client.get(f"{base}/?start=2025-03-01&end=2025-03-31")
    assert (listing.status_code == 200) == (VIEW in EXPECTED[role]), (role, listing.status_code)
    if VIEW in EXPECTED[role]:
        assert "123.45元" in listing.content.decode()  # 甲方看得到消耗
        assert client.get(f"{base}/{promo.pk}/").status_code == 200
    for url in (f"{base}/new/", f"{base}/import/"):
        status = client.get(url).status_code
        assert (status == 200) == (WRITE in EXPECTED[role]), (role, url, status)
    deleted = client.post(f"{base}/{promo.pk}/delete/")
    assert Promotion.objects.filter(pk=promo.pk).exists() != (WRITE in EXPECTED[role]), (role, deleted.status_code)
    api = client.get(f"/api/metrics/{workspace.slug}/promotions?start=2025-03-01&end=2025-03-31")
    assert (api.status_code == 200) == (VIEW in EXPECTED[role]), (role, api.status_code)


def test_other_workspace_promotion_is_404(client, personas, workspace, accounts, analyst, other_workspace):
    promo = services.promotion_save(actor=analyst, account=accounts["douyin"], product="dou_plus", order_no="",
                                    item_title="x", item_url="", targeting="", note="", content_item=None,
                                    ordered_at=dt.datetime(2025, 3, 8, tzinfo=TZ), objective="plays",
                                    budget=Decimal(0), spend=Decimal(1), plays=1, followers=0, home_visits=0, leads=0)
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/metrics/promotions/{promo.pk}/").status_code == 404


def test_web_import_shows_row_errors_and_keeps_nothing(client, personas, workspace, accounts):
    client.force_login(personas["analyst"])
    bad = io.BytesIO(_xlsx([_order("W1"), _order("W2", spend="abc")]))
    bad.name = "订单.xlsx"
    resp = client.post(f"/w/{workspace.slug}/metrics/promotions/import/",
                       {"account": accounts["douyin"].pk, "product": "dou_plus", "file": bad})
    page = resp.content.decode()
    assert resp.status_code == 200 and "第 3 行，第 6 列（F，实际消耗）" in page and "整个文件没有导入" in page
    assert not Promotion.objects.exists()
    template = client.get(f"/w/{workspace.slug}/metrics/promotions/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_dashboard_api_ledger_report_and_contract_read_one_number(client, personas, workspace, accounts, analyst):
    douyin = accounts["douyin"]
    _write_daily(workspace=workspace, source="manual", actor=None, values=[
        DayValue(douyin.pk, dt.date(2025, 3, d), "plays", 500.0) for d in range(1, 32)])
    for no, day, plays in (("Q1", 3, 7000), ("Q2", 17, 5000)):
        services.promotion_save(actor=analyst, account=douyin, product="dou_plus", order_no=no, item_title=no,
                                item_url="https://www.douyin.com/video/1", targeting="", note="", content_item=None,
                                ordered_at=dt.datetime(2025, 3, day, 10, tzinfo=TZ), objective="plays",
                                budget=Decimal(300), spend=Decimal("200.00"), plays=plays, followers=10,
                                home_visits=0, leads=0)
    start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
    paid = selectors.promotion_totals(workspace, start, end)
    assert paid["plays"] == 12000 and paid["spend"] == Decimal("400.00")
    client.force_login(personas["client_leader"])
    page = client.get(f"/w/{workspace.slug}/metrics/?start={start}&end={end}").content.decode()
    assert 'data-paid="plays">其中付费 12,000' in page and "消耗 400.00元" in page
    api = client.get(f"/api/metrics/{workspace.slug}/dashboard?start={start}&end={end}").json()
    assert {f["name"]: f["paid"] for f in api["figures"]}["plays"] == 12000
    ledger = client.get(f"/api/metrics/{workspace.slug}/promotions?start={start}&end={end}").json()
    assert ledger["totals"]["spend"] == "400.00" and ledger["months"][0]["plays_paid"] == 12000
    assert ledger["months"][0]["plays_organic"] == 15500 - 12000
    # 合同事实：每笔订单一条 promotion 事实，证据链接打开订单页
    promo_facts = [f for f in fact_registry.collect(workspace, start, end) if f["type"] == "promotion"]
    assert sorted(f["plays"] for f in promo_facts) == [5000, 7000]
    assert sum(f["spend"] for f in promo_facts) == 400.0
    link = contract_selectors.ref_link(workspace, promo_facts[0]["ref"])
    assert link.startswith(f"/w/{workspace.slug}/metrics/promotions/") and client.get(link).status_code == 200


def test_monthly_data_report_has_the_paid_section_with_ledger_numbers(workspace, accounts, analyst, personas,
                                                                      django_capture_on_commit_callbacks):
    from rongmei.reports import services as report_services
    from rongmei.reports.choices import ReportState

    douyin = accounts["douyin"]
    services.promotion_save(actor=analyst, account=douyin, product="mini_program", order_no="R1", item_title="小雪花",
                            item_url="", targeting="", note="", content_item=None,
                            ordered_at=dt.datetime(2025, 3, 12, 10, tzinfo=TZ), objective="followers",
                            budget=Decimal(500), spend=Decimal("432.10"), plays=3000, followers=144,
                            home_visits=0, leads=0)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_request(actor=personas["manager"], workspace=workspace, kind="monthly_data",
                                                period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31))
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error
    with report.docx.open("rb") as fh:
        document = docx.Document(fh)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "付费推广" in text and "实际消耗 432.10元" in text and "新增粉丝 144人" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "3.00 元/个粉丝" in cells  # 432.10 / 144
