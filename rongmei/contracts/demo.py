"""演示数据：三个演示工作区各挂上对应的内置合同模板，并导入确定性生成、部分滞后的事实。"""

from __future__ import annotations

import datetime as dt

from rongmei.core.demo import register

from . import selectors, services
from .demo_facts import generate, to_jsonl

#: 工作区 → 演示事实截至日期（合同页默认截至最新事实日期）
DEMO_AS_OF = {
    "anyuan-jobs": dt.date(2025, 9, 30),
    "nmg-dpf": dt.date(2026, 10, 31),
    "bj-planning": dt.date(2024, 4, 30),
}
PREFIX = {"anyuan-jobs": "ay", "nmg-dpf": "nm", "bj-planning": "bj"}


@register(30, "合同与履约事实")
def load(workspaces, users) -> None:
    for slug, until in DEMO_AS_OF.items():
        ws = workspaces.get(slug)
        if ws is None or not ws.contract_template:
            continue
        manager = users.get(f"{PREFIX[slug]}-manager") or users.get("admin")
        if selectors.current_version(ws) is None:
            services.contract_from_template(actor=manager, workspace=ws, template_id=ws.contract_template)
        contract = selectors.contract_of(selectors.current_version(ws))
        facts = generate(contract, until=until, seed=slug)
        analyst = users.get(f"{PREFIX[slug]}-analyst") or manager
        services.facts_import(actor=analyst, workspace=ws, filename=f"demo-facts-{slug}-{until}.jsonl",
                              content=to_jsonl(facts))
