"""演示数据：三个工作区挂上对应模板，导入部分滞后的事实；重复执行不变。"""

from __future__ import annotations

import pytest

from rongmei.contracts import selectors
from rongmei.contracts.models import ContractVersion, Fact, FactImport

pytestmark = pytest.mark.django_db


def test_demo_attaches_templates_and_facts(platforms):
    import rongmei.contracts.demo  # noqa: F401  登记加载函数（rongmei demo 命令自动导入）
    from rongmei.core.demo import load_demo

    out = load_demo()
    ws = out["workspaces"]
    for slug, tid in (("nmg-dpf", "inner-mongolia-dpf-2025"), ("bj-planning", "beijing-planning-2023"),
                      ("anyuan-jobs", "anyuan-employment")):
        v = selectors.current_version(ws[slug])
        assert v.template == tid and v.number == 1
    counts = (ContractVersion.objects.count(), FactImport.objects.count(), Fact.objects.count())
    state = selectors.evaluation_for(ws["anyuan-jobs"])
    assert str(state.as_of) == "2025-09-30"
    statuses = {o.pace.status for o in state.evaluation.obligations}
    assert "red" in statuses and ({"green", "done"} & statuses)
    load_demo()
    assert (ContractVersion.objects.count(), FactImport.objects.count(), Fact.objects.count()) == counts
