"""导入平台后台导出文件：逼真的样例、坏文件（逐行逐列报错、不导入任何一行）、重复导入不改变数据。"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from rongmei.audit.models import AuditEvent
from rongmei.engines.exports.tests import builders as b
from rongmei.metrics import selectors, services
from rongmei.metrics.models import DailyCount, DailyMetric, ImportBatch, ItemStat, MonthlyCount

SAMPLES = Path(__file__).resolve().parents[2] / "engines" / "exports" / "samples"


def _user_growth(tmp_path, rows=None, name="user_analysis.xls") -> tuple[str, bytes]:
    path = b.write_html_xls(tmp_path / name, b.WECHAT_USER_HEADERS, rows or b.wechat_user_rows())
    return name, path.read_bytes()


def test_wechat_user_growth_html_xls_is_imported_and_aggregated(tmp_path, accounts, analyst, workspace):
    name, data = _user_growth(tmp_path)
    batch, fresh = services.metrics_import(actor=analyst, account=accounts["wechat"], filename=name, data=data)
    assert fresh and batch.layout == "wechat_user_growth"
    assert batch.file.read() == data and len(batch.sha256) == 64
    rows = b.wechat_user_rows()
    oct3 = DailyMetric.objects.get(account=accounts["wechat"], date=dt.date(2026, 10, 3), name="followers_gained")
    assert oct3.value == rows[2][1]
    month = {m.name: m.value for m in MonthlyCount.objects.filter(account=accounts["wechat"], month=dt.date(2026, 10, 1))}
    assert month["followers_gained"] == sum(r[1] for r in rows)
    assert month["followers_lost"] == sum(r[2] for r in rows)
    assert month["followers_total"] == rows[-1][4]  # 水平值取月末
    assert DailyCount.objects.get(workspace=workspace, date=dt.date(2026, 10, 31), name="followers_total").value == rows[-1][4]
    assert batch.rows_created == 31 * 4


def test_reimporting_the_same_file_changes_nothing(tmp_path, accounts, analyst):
    name, data = _user_growth(tmp_path)
    first, _ = services.metrics_import(actor=analyst, account=accounts["wechat"], filename=name, data=data)
    count = DailyMetric.objects.count()
    again, fresh = services.metrics_import(actor=analyst, account=accounts["wechat"], filename="副本.xls", data=data)
    assert not fresh and again.pk == first.pk
    assert DailyMetric.objects.count() == count and ImportBatch.objects.count() == 1


def test_a_corrected_file_supersedes_old_values_and_keeps_history(tmp_path, accounts, analyst):
    rows = b.wechat_user_rows(days=5)
    services.metrics_import(actor=analyst, account=accounts["wechat"], filename="a.xls",
                            data=_user_growth(tmp_path, rows, "a.xls")[1])
    fixed = [list(r) for r in rows]
    fixed[1][1] = 999
    batch, _ = services.metrics_import(actor=analyst, account=accounts["wechat"], filename="b.xls",
                                       data=_user_growth(tmp_path, fixed, "b.xls")[1])
    assert (batch.rows_created, batch.rows_superseded) == (0, 1)
    assert batch.rows_unchanged == 5 * 4 - 1
    history = DailyMetric.objects.filter(account=accounts["wechat"], date=dt.date(2026, 10, 2),
                                         name="followers_gained").order_by("pk")
    assert [(h.value, h.current) for h in history] == [(rows[1][1], False), (999, True)]
    assert history[0].superseded_by_id == history[1].pk
    month = MonthlyCount.objects.get(account=accounts["wechat"], month=dt.date(2026, 10, 1), name="followers_gained")
    assert month.value == sum(r[1] for r in fixed)


def test_douyin_works_export_becomes_item_stats(accounts, analyst, workspace):
    path = SAMPLES / "抖音作品数据_2026-10.csv"
    batch, _ = services.metrics_import(actor=analyst, account=accounts["douyin"], filename=path.name,
                                       data=path.read_bytes())
    assert batch.layout == "douyin_works" and batch.items >= 3
    item = ItemStat.objects.get(account=accounts["douyin"], title="安源区秋季招聘会现场直击")
    assert item.plays == 100000 and item.published_hour == 18
    top = selectors.dashboard(workspace, dt.date(2026, 10, 1), dt.date(2026, 10, 31))["top_items"]
    assert top[0].plays == max(i.plays for i in ItemStat.objects.all())


def test_generic_template_and_toutiao_trend(tmp_path, accounts, analyst):
    path = SAMPLES / "数据趋势_2026-10-01-2026-10-31.xlsx"
    batch, _ = services.metrics_import(actor=analyst, account=accounts["toutiao"], filename=path.name,
                                       data=path.read_bytes())
    assert batch.layout == "toutiao_trend"
    assert DailyMetric.objects.filter(account=accounts["toutiao"], name="reads").count() == 31


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        # 错误的工作表/不认识的格式：说清缺哪些列、找到了哪些列
        ({"说明": [["这是说明页"], ["没有数据"]]}, "无法识别的导出格式"),
        # 缺少必需列
        ({"Sheet1": [["时间", "新关注人数", "累积关注人数"], ["2026-10-01", 3, 100]]}, "缺少列“取消关注人数”"),
        # 数字列里有文字
        ({"Sheet1": [b.WECHAT_USER_HEADERS, ["2026-10-01", 3, 1, 2, 100], ["2026-10-02", "很多", 1, 2, 101]]},
         "第 3 行，列“新关注人数”"),
        # 同一天出现两次
        ({"Sheet1": [b.WECHAT_USER_HEADERS, ["2026-10-01", 3, 1, 2, 100], ["2026-10-01", 4, 1, 3, 103]]},
         "与第 2 行重复"),
    ],
    ids=["wrong-sheet", "missing-column", "text-in-number", "duplicated-day"],
)
def test_bad_files_are_rejected_with_row_and_column_and_nothing_imported(tmp_path, accounts, analyst, sheets,
                                                                         expected):
    path = b.write_xlsx(tmp_path / "bad.xlsx", sheets)
    with pytest.raises(ValidationError) as info:
        services.metrics_import(actor=analyst, account=accounts["wechat"], filename="bad.xlsx",
                                data=path.read_bytes())
    assert any(expected in m for m in info.value.messages), info.value.messages
    assert DailyMetric.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_file_for_another_platform_is_rejected(tmp_path, accounts, analyst):
    name, data = _user_growth(tmp_path)
    with pytest.raises(ValidationError, match="与所选账号"):
        services.metrics_import(actor=analyst, account=accounts["douyin"], filename=name, data=data)
    assert DailyMetric.objects.count() == 0


def test_import_page_shows_every_problem_and_imports_nothing(client, tmp_path, accounts, analyst, workspace):
    rows = [b.WECHAT_USER_HEADERS, ["2026-10-01", 3, 1, 2, 100], ["2026-10-02", "x", 1, 2, 101],
            ["2026-10-03", 4, "y", 3, 104]]
    path = b.write_xlsx(tmp_path / "bad.xlsx", {"Sheet1": rows})
    client.force_login(analyst)
    with path.open("rb") as fh:
        resp = client.post(f"/w/{workspace.slug}/metrics/imports/new/",
                           {"account": accounts["wechat"].pk, "layout": "", "file": fh})
    html = resp.content.decode()
    assert "第 3 行，列“新关注人数”" in html and "第 4 行，列“取消关注人数”" in html
    assert DailyMetric.objects.count() == 0


def test_import_page_success_and_duplicate_message(client, tmp_path, accounts, analyst, workspace):
    name, data = _user_growth(tmp_path)
    client.force_login(analyst)
    url = f"/w/{workspace.slug}/metrics/imports/new/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = client.post(url, {"account": accounts["wechat"].pk, "file": SimpleUploadedFile(name, data)}, follow=True)
    assert "已导入" in resp.content.decode()
    resp = client.post(url, {"account": accounts["wechat"].pk, "file": SimpleUploadedFile(name, data)}, follow=True)
    assert "导入过" in resp.content.decode() and "没有任何改变" in resp.content.decode()


def test_manual_entry_of_workspace_specific_counts(accounts, analyst):
    acc = accounts["douyin"]
    services.metric_enter(actor=analyst, account=acc, date=dt.date(2025, 3, 2), name="leads", value=12)
    again = services.metric_enter(actor=analyst, account=acc, date=dt.date(2025, 3, 2), name="leads", value=12)
    assert again.unchanged == 1
    entries = AuditEvent.objects.filter(object_type="metrics.dailymetric", object_id=f"{acc.pk}:2025-03-02:leads")
    assert entries.count() == 1  # 录入同一个数：什么也没变，审计日志里仍只有第一次
    services.metric_enter(actor=analyst, account=acc, date=dt.date(2025, 3, 2), name="leads", value=15)
    assert MonthlyCount.objects.get(account=acc, name="leads").value == 15
    assert entries.count() == 2 and entries.order_by("-id").first().after["数值"] == 15
    with pytest.raises(ValidationError):
        services.metric_enter(actor=analyst, account=acc, date=dt.date(2025, 3, 2), name="bogus", value=1)
