"""媒体采用：链接只收 http/https，级别按合同口径计入（中央级计为国家级），合同页的证据链接打开采用记录。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.grassroots import facts, selectors, services
from rongmei.grassroots.choices import ExchangeState

from .conftest import png

pytestmark = pytest.mark.django_db


def place(workspace, actor, **kw):
    fields = {"outlet": "人民网", "level": "central", "date": dt.date(2025, 5, 18), "title": "内蒙古助残日",
              "url": "https://people.example.cn/a.html", **kw}
    return services.placement_save(actor=actor, workspace=workspace, **fields)


def test_placement_link_must_be_web_and_date_not_future(workspace, personas):
    with pytest.raises(ValidationError) as exc:
        place(workspace, personas["editor"], url="javascript:alert(1)", date=dt.date(2099, 1, 1))
    assert "url" in exc.value.message_dict and "date" in exc.value.message_dict
    with pytest.raises(Exception, match="权限"):
        place(workspace, personas["client_leader"])


def test_levels_count_against_the_contract(workspace, personas):
    place(workspace, personas["editor"])
    place(workspace, personas["editor"], outlet="内蒙古日报", level="provincial", screenshot=png("截图.png"))
    place(workspace, personas["editor"], outlet="中国残联官网", level="national")
    assert selectors.placement_counts(workspace) == {"national": 2, "provincial": 1}
    got = sorted((f["outlet"], f["level"]) for f in facts.grassroots_facts(workspace, dt.date(2025, 1, 1),
                                                                           dt.date(2025, 12, 31)))
    assert got == [("中国残联官网", "national"), ("人民网", "national"), ("内蒙古日报", "provincial")]


def test_contract_evidence_link_opens_the_placement(workspace, personas, client):
    from rongmei.contracts.selectors import ref_link

    p = place(workspace, personas["editor"])
    fact = next(facts.grassroots_facts(workspace, dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    link = ref_link(workspace, fact["ref"])
    assert link == reverse("grassroots:placement_detail", kwargs={"ws": workspace.slug, "pk": p.pk})
    client.force_login(personas["client_leader"])
    assert "内蒙古助残日" in client.get(link).content.decode()


def test_contract_engine_scores_placements_from_this_app(workspace, personas):
    """合同考核读到本应用的事实：国家级媒体采用义务计入 2 条（中央级 + 国家级）。"""
    from rongmei.contracts import selectors as contract_selectors
    from rongmei.contracts import services as contract_services

    workspace.period_start, workspace.period_end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    workspace.save()
    contract_services.contract_from_template(actor=None, workspace=workspace, template_id="inner-mongolia-dpf-2025")
    place(workspace, personas["editor"])
    place(workspace, personas["editor"], outlet="中国残联官网", level="national")
    state = contract_selectors.evaluation_for(workspace, as_of=dt.date(2025, 12, 31))
    refs = [f.ref for f in contract_selectors.evidence_facts(state, "national_placements")]
    assert len(refs) == 2 and all(r.startswith("grassroots.placement:") for r in refs)
    assert contract_selectors.evidence_facts(state, "provincial_placements") == []


def test_exchange_done_needs_date_and_link(workspace, personas):
    partner = services.partner_save(actor=personas["editor"], workspace=workspace, name="内蒙古发布")
    with pytest.raises(ValidationError) as exc:
        services.exchange_save(actor=personas["editor"], workspace=workspace, partner=partner, title="互推",
                               direction="both", planned_on=dt.date(2025, 5, 1), state=ExchangeState.DONE)
    assert "done_on" in exc.value.message_dict and "our_url" in exc.value.message_dict
    services.exchange_save(actor=personas["editor"], workspace=workspace, partner=partner, title="互推",
                           direction="both", planned_on=dt.date(2025, 5, 1), state=ExchangeState.DONE,
                           done_on=dt.date(2025, 5, 2), our_url="https://mp.weixin.qq.com/s/x")
    row = selectors.partners_of(workspace).get()
    assert (row.planned, row.done) == (0, 1)
