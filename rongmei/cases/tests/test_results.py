"""评审结果：两位专家打分 → 结束评审 → 排名（手算）→ 评选结果 → 通报 Word 与推荐名单 Excel。"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from rongmei.cases import selectors, services
from rongmei.cases.choices import CallStatus, Decision

from .conftest import passed

pytestmark = pytest.mark.django_db


def _scored(world):
    a = passed(world, "长春广播电视台", title="长春+客户端")
    b = passed(world, "吉林市广播电视台", title="江城融媒矩阵")
    services.call_start_review(actor=world.organiser, call=world.call)
    panel = a.category.panel
    e1, e2 = world.experts[:2]
    pes = [services.panel_add_expert(actor=world.organiser, panel=panel, user=u) for u in (e1, e2)]
    for pe, user in zip(pes, (e1, e2), strict=True):
        services.expert_declare(actor=user, pe=pe, unit_ids=[])
    keys = [str(c.pk) for c in world.call.criteria.all()]  # 内容40、发展前景20、实施进展25、完整性15（满分即权重）
    sheets = {(0, a): (36, 16, 20, 12), (1, a): (30, 14, 18, 12),    # 84、74 → 平均 79
              (0, b): (30, 15, 20, 15), (1, b): (32, 16, 20, 14)}    # 80、82 → 平均 81
    for (i, case), marks in sheets.items():
        services.score_submit(actor=(e1, e2)[i], pe=pes[i], case=case,
                              values=dict(zip(keys, map(str, marks), strict=True)))
    return panel, a, b


def test_ranking_is_hand_computed(world):
    panel, a, b = _scored(world)
    rows = selectors.category_results(a.category)
    assert [(r.case.pk, r.rank, r.final) for r in rows] == [(b.pk, 1, 81.0), (a.pk, 2, 79.0)]
    assert sorted(t for _n, t, _o in rows[1].experts) == [74.0, 84.0]


def test_vote_component_changes_the_order(world):
    panel, a, b = _scored(world)
    services.case_components(actor=world.organiser, case=a, vote="100", data="")
    services.case_components(actor=world.organiser, case=b, vote="80", data="")
    world.call.vote_weight, world.call.expert_weight = 30, 70
    world.call.save()
    rows = selectors.category_results(a.category)
    # a：0.7×79 + 0.3×100 = 85.3；b：0.7×81 + 0.3×80 = 80.7
    assert [(r.case.pk, r.final) for r in rows] == [(a.pk, 85.3), (b.pk, 80.7)]
    with pytest.raises(ValidationError):
        services.case_components(actor=world.organiser, case=a, vote="101", data="")


def test_scoring_rules_frozen_once_scored(world):
    _scored(world)
    with pytest.raises(ValidationError, match="不能再改"):
        services.scoring_set(actor=world.organiser, call=world.call, criteria=[("内容", 100, 10)], blind=True,
                             method="mean", trim=1, outlier_points=15, expert_weight=100, vote_weight=0,
                             data_weight=0)


def test_decide_close_and_announce(world, client):
    panel, a, b = _scored(world)
    with pytest.raises(ValidationError, match="尚未结束"):
        services.case_decide(actor=world.organiser, case=b, decision=Decision.RECOMMEND)
    services.panel_close(actor=world.organiser, panel=panel)
    services.case_decide(actor=world.organiser, case=b, decision=Decision.RECOMMEND)
    services.case_decide(actor=world.organiser, case=a, decision=Decision.TYPICAL)
    for other in world.call.panels.exclude(pk=panel.pk):
        services.panel_close(actor=world.organiser, panel=other)
    services.call_finish(actor=world.organiser, call=world.call)
    world.call.refresh_from_db()
    assert world.call.status == CallStatus.FINISHED
    client.force_login(world.leader)
    resp = client.get(reverse("cases:notice_docx", kwargs={"ws": world.ws.slug, "pk": world.call.pk}))
    doc = Document(io.BytesIO(b"".join(resp.streaming_content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "关于2024年全省广播电视媒体融合典型案例评选结果的通报" in text
    assert "共评选出 2 个" in text
    assert "江城融媒矩阵" in cells and "长春+客户端" in cells and "吉林市广播电视台" in cells
    resp = client.get(reverse("cases:national_xlsx", kwargs={"ws": world.ws.slug, "pk": world.call.pk}))
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    titles = [v for row in values for v in row if v in ("江城融媒矩阵", "长春+客户端")]
    assert titles == ["江城融媒矩阵"]  # 只有推荐上报的进入名单
    assert any(row[1] == "吉林省" for row in values if row and row[0] == 1)
