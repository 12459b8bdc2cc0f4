"""重点内容传播：链接去重（导入 + 舆情监测只计一次）、Word 报告的数字等于数据库、导入坏文件不写入、
角色 × 操作、合同“精品内容全网传播”与“传播分析报告”读同一组行。"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.contracts import selectors as contract_selectors
from rongmei.contracts import services as contract_services
from rongmei.core import facts as fact_registry
from rongmei.engines.docgen.sheets import Sheet, sheets_xlsx
from rongmei.metrics.models import ItemStat
from rongmei.opinion.models import Mention, Source
from rongmei.production.models import ContentItem
from rongmei.spread import selectors, services
from rongmei.spread.models import ReachEntry

TZ = timezone.get_current_timezone()
HEADER = ("类型", "账号/媒体", "标题", "链接", "发布时间", "传播量", "依据")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def douyin(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="规自北京")


@pytest.fixture
def flagship(workspace, personas, douyin):
    item = ContentItem.objects.create(workspace=workspace, title="北京城市副中心控制性详细规划获批", kind="article",
                                      author=personas["editor"], status="approved", approved_at=timezone.now())
    ItemStat.objects.create(workspace=workspace, account=douyin, item_ref="wx-1", title=item.title,
                            url="https://mp.weixin.qq.com/s/abc", reads=12000, plays=0, content_item=item,
                            published_at=dt.datetime(2024, 3, 8, 9, 0, tzinfo=TZ), as_of=timezone.now())
    return services.flagship_mark(actor=personas["editor"], item=item, note="年度精品")


def _xlsx(rows) -> bytes:
    return sheets_xlsx([Sheet("外部传播", HEADER, rows)])


def test_url_key_ignores_scheme_www_tracking_and_slash():
    a = selectors.url_key("https://www.bjnews.com.cn/detail/1709.html?utm_source=wx&spm=a.b#top")
    b = selectors.url_key("http://bjnews.com.cn/detail/1709.html/")
    c = selectors.url_key("https://m.bjnews.com.cn/detail/1709.html?from=timeline")
    assert a == b == c == "bjnews.com.cn/detail/1709.html"
    assert selectors.url_key("https://bjnews.com.cn/detail/1709.html?id=2") != a  # 真正区分文章的参数保留


def test_repost_found_by_import_and_by_monitoring_counts_once(workspace, personas, flagship):
    source = Source.objects.create(workspace=workspace, name="新闻网站", kind="manual")
    mention = Mention.objects.create(
        workspace=workspace, source=source, source_name="新京报", dedupe_key="k1", title=flagship.item.title,
        text="转载：北京城市副中心控制性详细规划获批", norm_text="x", url="https://www.bjnews.com.cn/d/1.html?from=wx",
        published_at=dt.datetime(2024, 3, 8, 12, 0, tzinfo=TZ), fetched_at=timezone.now(), content_hash="h")
    entry, outcome = services.entry_from_mention(actor=personas["editor"], flagship=flagship, mention=mention)
    assert outcome == "created" and entry.reach == 0
    counts = services.entries_import(actor=personas["analyst"], flagship=flagship, filename="转载.xlsx", data=_xlsx([
        ("转载", "新京报", flagship.item.title, "http://bjnews.com.cn/d/1.html", "2024-03-08 12:00", 56000,
         "页面公开数"),
        ("媒体采用", "人民日报客户端", flagship.item.title, "https://wap.peopleapp.com/a/9", "2024-03-09 08:00", "3.5万",
         "对方提供"),
    ]))
    assert counts == {"created": 1, "merged": 1, "unchanged": 0}
    assert ReachEntry.objects.filter(flagship=flagship).count() == 2
    merged = ReachEntry.objects.get(pk=entry.pk)
    assert merged.reach == 56000 and set(merged.found_by) == {"monitoring", "import"}
    summary = selectors.reach_summary(selectors.reach_rows(workspace, [flagship]))
    assert summary["total"] == 12000 + 56000 + 35000
    # 同一个文件再导入一次：什么也不变
    again = services.entries_import(actor=personas["analyst"], flagship=flagship, filename="转载.xlsx", data=_xlsx([
        ("转载", "新京报", flagship.item.title, "https://bjnews.com.cn/d/1.html", "2024-03-08 12:00", 56000, "")]))
    assert again == {"created": 0, "merged": 0, "unchanged": 1}
    assert selectors.candidates(flagship, actor=personas["editor"]) == []  # 已计入的不再列为候选


def test_bad_import_is_refused_whole(workspace, personas, flagship):
    with pytest.raises(ValidationError) as exc:
        services.entries_import(actor=personas["analyst"], flagship=flagship, filename="坏.xlsx", data=_xlsx([
            ("转载", "甲", "标题", "https://a.example.cn/1", "2024-03-08", 100, ""),
            ("转载", "", "标题", "javascript:alert(1)", "明天", -5, "随便"),
        ]))
    text = "\n".join(exc.value.messages)
    assert "第 3 行，第 2 列（B，账号/媒体）：必须填写" in text
    assert "第 3 行，第 4 列（D，链接）" in text and "第 3 行，第 5 列（E，发布时间）" in text
    assert "第 3 行，第 6 列（F，传播量）：不能为负数" in text and "第 3 行，第 7 列（G，依据）" in text
    assert not ReachEntry.objects.exists()


def test_report_docx_numbers_equal_the_database(workspace, personas, flagship):
    services.entry_add(actor=personas["editor"], flagship=flagship, kind="repost", outlet="北京发布", title="转",
                       url="https://a.example.cn/1", published_at=dt.datetime(2024, 3, 8, 15, tzinfo=TZ),
                       reach=420000, basis="public")
    services.entry_add(actor=personas["editor"], flagship=flagship, kind="placement", outlet="学习强国",
                       url="https://b.example.cn/2", published_at=dt.datetime(2024, 3, 9, 10, tzinfo=TZ),
                       reach=310000, basis="partner")
    report = services.report_generate(actor=personas["analyst"], flagship=flagship,
                                      findings={"summary": "首日即被北京发布转载。", "suggestions": "加强图解。"})
    with report.docx.open("rb") as fh:
        document = docx.Document(fh)
    rows = selectors.reach_rows(workspace, [flagship])
    total = sum(r.reach for r in rows)
    assert total == 12000 + 420000 + 310000 == report.numbers["total"]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    composition = next(t for t in tables if t[0][:3] == ["组成部分", "条数", "传播量（pv）"])
    assert sorted(int(r[2].replace(",", "")) for r in composition[1:]) == [12000, 310000, 420000]
    evidence = next(t for t in tables if t[0][0] == "类型" and "发现途径" in t[0])
    assert len(evidence) - 1 == len(rows) == 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "首日即被北京发布转载。" in text and "加强图解。" in text


def test_contract_reach_and_report_obligations_read_the_same_rows(workspace, personas, flagship):
    contract_services.contract_from_template(actor=None, workspace=workspace, template_id="beijing-planning-2023")

    def actual(obligation: str) -> float:
        contract_selectors._EVALS.clear()
        state = contract_selectors.evaluation_for(workspace, as_of=dt.date(2024, 6, 30))
        return next(o for o in state.evaluation.obligations if o.id == obligation).actual

    before = actual("flagship_pv")
    assert before == 12000  # 本方发布的阅读
    services.entry_add(actor=personas["editor"], flagship=flagship, kind="repost", outlet="首都之窗",
                       url="https://c.example.cn/3", published_at=dt.datetime(2024, 3, 10, 9, tzinfo=TZ),
                       reach=260000, basis="public")
    services.entry_add(actor=personas["editor"], flagship=flagship, kind="repost", outlet="首都之窗",
                       url="https://www.c.example.cn/3/?utm_source=x", published_at=dt.datetime(2024, 3, 10, 9, tzinfo=TZ),
                       reach=260000, basis="public")  # 同一条换个写法：合并，不重复计
    assert actual("flagship_pv") == before + 260000
    reach_facts = [f for f in fact_registry.collect(workspace, dt.date(2023, 7, 1), dt.date(2024, 6, 30))
                   if f["type"] == "reach"]
    assert sum(f["value"] for f in reach_facts) == selectors.reach_summary(
        selectors.reach_rows(workspace, [flagship]))["total"]
    link = contract_selectors.ref_link(workspace, next(f["ref"] for f in reach_facts if "entry" in f["ref"]))
    assert link.startswith(f"/w/{workspace.slug}/spread/entries/")
    reports_before = actual("propagation_reports")
    with time_machine.travel(dt.datetime(2024, 3, 20, 10, tzinfo=TZ).timestamp(), tick=False):  # 服务期内定稿
        report = services.report_generate(actor=personas["analyst"], flagship=flagship)
        assert actual("propagation_reports") == reports_before  # 草稿不计
        services.report_finalize(actor=personas["manager"], report=report)
        assert actual("propagation_reports") == reports_before + 1
        second = services.report_generate(actor=personas["analyst"], flagship=flagship)
        services.report_finalize(actor=personas["manager"], report=second)
        assert actual("propagation_reports") == reports_before + 1  # 同一篇重点内容的第二份报告不重复计


VIEW, EDIT, FINAL = "view", "edit", "final"
EXPECTED = {"manager": {VIEW, EDIT, FINAL}, "editor": {VIEW, EDIT}, "analyst": {VIEW, EDIT}, "reviewer": {VIEW},
            "client_officer": {VIEW}, "client_leader": {VIEW}, "contributor": set(), "expert": set()}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_role_action_matrix(client, personas, workspace, flagship, role):
    report = services.report_generate(actor=personas["analyst"], flagship=flagship)
    client.force_login(personas[role])
    base = f"/w/{workspace.slug}/spread"
    for url in (f"{base}/", f"{base}/{flagship.pk}/", f"{base}/reports/{report.pk}/",
                f"{base}/reports/{report.pk}/download/"):
        status = client.get(url).status_code
        assert (status == 200) == (VIEW in EXPECTED[role]), (role, url, status)
    for url in (f"{base}/mark/", f"{base}/{flagship.pk}/entries/new/", f"{base}/{flagship.pk}/reports/new/"):
        status = client.get(url).status_code
        assert (status == 200) == (EDIT in EXPECTED[role]), (role, url, status)
    client.post(f"{base}/reports/{report.pk}/finalize/")
    report.refresh_from_db()
    assert report.final == (FINAL in EXPECTED[role]), role
    api = client.get(f"/api/spread/{workspace.slug}/flagships")
    assert (api.status_code == 200) == (VIEW in EXPECTED[role]), (role, api.status_code)
    if api.status_code == 200:
        assert api.json()[0]["total"] == 12000


def test_other_workspace_cannot_see_or_add(client, personas, other_workspace, flagship):
    client.force_login(personas["manager"])
    assert client.get(f"/w/{other_workspace.slug}/spread/{flagship.pk}/").status_code == 404
    assert client.get(f"/api/spread/{other_workspace.slug}/flagships/{flagship.pk}").status_code == 404


def test_web_entry_form_rejects_bad_input_in_chinese(client, personas, workspace, flagship):
    client.force_login(personas["editor"])
    resp = client.post(f"/w/{workspace.slug}/spread/{flagship.pk}/entries/new/", {
        "kind": "repost", "outlet": "某账号", "url": "javascript:alert(1)", "published_at": "2099-01-01T10:00",
        "reach": "-3", "basis": "public"})
    page = resp.content.decode()
    assert resp.status_code == 200 and "链接必须以 http:// 或 https:// 开头" in page
    assert not ReachEntry.objects.exists()
    bad = io.BytesIO(b"\xff\xfe\x00garbage")
    bad.name = "x.xlsx"
    resp = client.post(f"/w/{workspace.slug}/spread/{flagship.pk}/entries/import/", {"file": bad})
    assert resp.status_code == 200 and 'data-testid="import-problems"' in resp.content.decode()
    assert not ReachEntry.objects.exists()


def test_grassroots_placement_of_the_flagship_joins_its_reach_once(workspace, personas, flagship):
    from rongmei.grassroots.models import Placement

    placement = Placement.objects.create(workspace=workspace, outlet="人民日报客户端", level="national",
                                         date=dt.date(2024, 3, 9), title=flagship.item.title,
                                         url="https://wap.peopleapp.com/a/9", item=flagship.item)
    rows = selectors.reach_rows(workspace, [flagship])
    row = next(r for r in rows if r.placement_id == placement.pk)
    assert row.component == "placement" and row.reach == 0 and row.ref == f"grassroots.placement:{placement.pk}"
    # 补登传播量（同一链接，换个写法）：只剩一行，带上“媒体采用台账”这条发现途径
    services.entry_add(actor=personas["editor"], flagship=flagship, kind="placement", outlet="人民日报客户端",
                       title=flagship.item.title, url="https://www.wap.peopleapp.com/a/9/",
                       published_at=dt.datetime(2024, 3, 9, 12, tzinfo=TZ), reach=35000, basis="partner")
    rows = selectors.reach_rows(workspace, [flagship])
    placements = [r for r in rows if r.component == "placement"]
    assert len(placements) == 1 and placements[0].reach == 35000 and "placements" in placements[0].found_by
    assert selectors.reach_summary(rows)["total"] == 12000 + 35000
