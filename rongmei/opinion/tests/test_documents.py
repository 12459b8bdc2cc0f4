"""舆情文档：月报、专报、应对方案、应急预案（版本）——生成 Word 后打开核对内容与图表。"""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document

from rongmei.opinion import services
from rongmei.opinion.choices import DocKind, DocState, EntryKind, RiskGrade
from rongmei.opinion.documents import PLAN_DEFAULTS, month_figures
from rongmei.opinion.models import OpinionDocument

pytestmark = pytest.mark.django_db


def _text(doc: OpinionDocument) -> tuple[str, int]:
    with doc.docx.open("rb") as fh:
        d = Document(io.BytesIO(fh.read()))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts), len(d.inline_shapes)


@pytest.fixture
def event(workspace, personas, make_group):
    group = make_group([("某路段积水致2人受伤", "neg"), ("积水严重，排水不力", "neg"), ("已恢复通行", "pos")])
    services.group_assess(group=group)
    event = services.event_open(actor=personas["analyst"], workspace=workspace, title="某路段积水致人受伤",
                                grade=RiskGrade.LARGER, group=group)
    services.event_add_entry(actor=personas["analyst"], event=event, kind=EntryKind.STATEMENT,
                             text="我局已组织抢排，受伤人员已送医")
    return event


def test_special_report_for_one_event(event, personas, workspace, committed):
    with committed():
        doc = services.document_request(actor=personas["analyst"], workspace=workspace, kind=DocKind.SPECIAL,
                                         event=event)
    doc.refresh_from_db()
    assert doc.state == DocState.DONE, doc.error
    text, images = _text(doc)
    assert "关于“某路段积水致人受伤”的舆情专报" in text
    assert "共监测到相关信息 3 条，其中负面 2 条" in text
    assert "定为较大舆情" in text and "伤亡 2 人" in text
    assert "我局已组织抢排" in text  # 时间线进了专报
    assert images == 1  # 按小时的信息量图
    assert doc.numbers["mentions"] == 3


def test_response_plan_from_template(event, personas, workspace, committed):
    with committed():
        doc = services.document_request(actor=personas["manager"], workspace=workspace, kind=DocKind.RESPONSE_PLAN,
                                        event=event)
    doc.refresh_from_db()
    text, _ = _text(doc)
    for heading in ("一、事件概况", "三、应对原则", "四、处置措施", "五、回应口径", "六、分工与联络"):
        assert heading in text
    assert "4小时内形成书面情况" in text  # 较大：4 小时
    assert "我局已组织抢排，受伤人员已送医" in text  # 回应口径取时间线上最近的口径
    assert "事件负责人：数据分析小赵" in text


def test_monthly_report_numbers_match_the_page_definition(event, personas, workspace, committed):
    month = timezone.localdate().isoformat()[:7]
    with committed():
        doc = services.document_request(actor=personas["analyst"], workspace=workspace, kind=DocKind.MONTHLY,
                                        params={"month": month})
    doc.refresh_from_db()
    assert doc.state == DocState.DONE, doc.error
    text, images = _text(doc)
    figures = month_figures(workspace, month)
    assert figures["mentions"] == 3 and figures["neg"] == 2 and figures["events"] == 1
    assert f"共监测到相关信息 {figures['mentions']} 条，其中负面 2 条" in text
    assert "某路段积水致人受伤" in text and "重点舆情事件" in text
    assert images >= 2  # 每日走势与情感分布
    assert doc.params == {"month": month}


def test_monthly_report_rejects_a_bad_month(personas, workspace):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="月份格式"):
        services.document_request(actor=personas["analyst"], workspace=workspace, kind=DocKind.MONTHLY,
                                  params={"month": "2026-13"})


def test_emergency_plan_is_versioned_and_linked_to_events(event, personas, workspace, committed):
    with committed():
        v1 = services.plan_save(actor=personas["manager"], workspace=workspace, title="网络舆情应急预案",
                                sections=PLAN_DEFAULTS)
        v2 = services.plan_save(actor=personas["manager"], workspace=workspace, title="网络舆情应急预案",
                                sections={**PLAN_DEFAULTS, "monitoring": "值班人员 10 分钟内确认预警。"},
                                note="缩短确认时限")
    assert (v1.version, v2.version) == (1, 2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert "15 分钟内确认" in _text(v1)[0] and "10 分钟内确认" in _text(v2)[0]
    services.event_set_plan(actor=personas["analyst"], event=event, plan=v1)
    event.refresh_from_db()
    assert event.plan == v1  # 事件关联的是当时那一版，修订不影响
    assert "启动应急预案：网络舆情应急预案（第 1 版）" in event.entries.last().text
    with pytest.raises(Exception, match="请填写"):
        services.plan_save(actor=personas["manager"], workspace=workspace, title="x", sections={})
