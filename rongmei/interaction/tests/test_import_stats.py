"""表格导入（表头匹配、行列号报错、全有或全无）、统计口径、事实、Excel 导出（文本不变成公式）。"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from rongmei.interaction import exports, facts, selectors, services
from rongmei.interaction.models import Message

from .conftest import BJ, FRIDAY_5PM, incoming


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode("gbk")


def test_import_matches_headers_in_any_order(workspace, accounts, personas, seeded, at_friday):
    data = _csv(["评论时间,用户昵称,评论内容,类型", "2025-11-14 10:00,网友甲,请问怎么报名？,评论",
                 "2025/11/14 11:30,网友乙,支持！,回复"])
    res = services.messages_import(actor=personas["support"], workspace=workspace, account=accounts["toutiao"],
                                   data=data, filename="头条评论.csv")
    assert res.count == 2
    m = Message.objects.get(author="网友乙")
    assert m.kind == "reply" and m.source == "import"
    assert m.received_at == dt.datetime(2025, 11, 14, 11, 30, tzinfo=BJ)
    again = services.messages_import(actor=personas["support"], workspace=workspace, account=accounts["toutiao"],
                                     data=data, filename="头条评论.csv")
    assert (again.count, again.duplicates) == (0, 2)


def test_import_errors_name_row_and_column_and_nothing_is_written(workspace, accounts, personas, seeded, at_friday):
    data = _csv(["时间,昵称,内容", "2025-11-14 10:00,甲,请问怎么报名？", "昨天下午,乙,好", "2025-11-14 12:00,丙,"])
    with pytest.raises(ValidationError) as exc:
        services.messages_import(actor=personas["support"], workspace=workspace, account=accounts["toutiao"],
                                 data=data, filename="评论.csv")
    text = "\n".join(exc.value.messages)
    assert "第 3 行，第 1 列（A，时间）" in text and "昨天下午" in text
    assert "第 4 行，第 3 列（C，内容）：内容为空" in text
    assert Message.objects.count() == 0


def test_import_refuses_an_unknown_layout(workspace, accounts, personas, seeded):
    with pytest.raises(ValidationError, match="缺少列“内容”"):
        services.messages_import(actor=personas["support"], workspace=workspace, account=accounts["toutiao"],
                                 data=_csv(["日期,阅读量", "2025-11-14,3"]), filename="数据.csv")


def test_import_page_shows_the_errors(client, workspace, accounts, personas, seeded):
    client.force_login(personas["support"])
    f = io.BytesIO(_csv(["时间,内容", "不是时间,请问"]))
    f.name = "x.csv"
    resp = client.post(f"/w/{workspace.slug}/interaction/import/", {"account": accounts["toutiao"].pk, "file": f})
    page = resp.content.decode()
    assert resp.status_code == 200 and "整个文件未导入" in page and "第 2 行" in page


@pytest.fixture
def history(receive, seeded, personas, at_friday):
    """周五 17:00 收到三条需答复的、一条日常互动；一条半小时后答复（按时），一条周一答复（超时），一条未答复。"""
    a, b, c, d = receive(incoming("a", "请问一"), incoming("b", "请问二"), incoming("c", "请问三"),
                         incoming("d", "哈哈哈")).created
    for m in (a, b, c):
        Message.objects.filter(pk=m.pk).update(category="consult")
    Message.objects.filter(pk=d.pk).update(category="chat")
    Message.objects.filter(pk=a.pk).update(first_response_at=FRIDAY_5PM + dt.timedelta(minutes=30),
                                           resolved_at=FRIDAY_5PM + dt.timedelta(minutes=30), state="answered")
    monday = dt.datetime(2025, 11, 17, 10, 0, tzinfo=BJ)
    Message.objects.filter(pk=b.pk).update(first_response_at=monday, resolved_at=monday, state="answered")
    return a, b, c, d


def test_stats_one_definition(history, workspace):
    now = dt.datetime(2025, 11, 18, 9, 0, tzinfo=BJ)
    data = selectors.stats(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 30), by="category", now=now)
    t = data["total"]
    assert (t.received, t.needing, t.responded) == (4, 3, 2)
    assert (t.on_time, t.late) == (1, 2)  # 周一才答复的与至今未答复的都超时
    assert t.response_rate == pytest.approx(2 / 3) and t.on_time_rate == pytest.approx(1 / 3)
    # 工作时间：0.5 小时；周五 17:00→周一 10:00 = 1 + 1 = 2 小时
    assert sorted(t.first_hours) == [0.5, 2.0]
    assert t.first_median == pytest.approx(1.25)
    assert {r.key for r in data["rows"]} == {"consult", "chat"}


def test_facts_carry_on_time_and_late_counts(history, workspace, at_friday):
    at_friday.move_to(dt.datetime(2025, 11, 18, 9, 0, tzinfo=BJ))
    rows = list(facts.interaction_facts(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 30)))
    by_name = {(f["name"], f["date"]): f["value"] for f in rows}
    assert by_name == {("replies_on_time", "2025-11-14"): 1, ("replies_late", "2025-11-14"): 2}
    assert all(f["type"] == "metric" and f["platform"] == "douyin" for f in rows)


def test_facts_are_valid_for_the_contract_engine(history, workspace):
    from rongmei.engines.kpi.facts import fact_from_mapping

    rows = list(facts.interaction_facts(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 30)))
    assert rows
    for n, fact in enumerate(rows, start=1):
        parsed, errors = fact_from_mapping({k: v for k, v in fact.items() if k != "ref"}, line=n)
        assert not errors and parsed is not None


def test_exports_open_back_and_platform_text_is_never_a_formula(receive, seeded, workspace, at_friday):
    receive(incoming("evil", '=HYPERLINK("http://evil.example","点我")'))
    book = openpyxl.load_workbook(io.BytesIO(exports.archive_xlsx(workspace)))
    ws = book.active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    stats = openpyxl.load_workbook(io.BytesIO(exports.stats_xlsx(workspace, dt.date(2025, 11, 1),
                                                                 dt.date(2025, 11, 30))))
    assert [s.title for s in stats.worksheets] == ["按账号", "按分类", "按处室", "按月份"]
