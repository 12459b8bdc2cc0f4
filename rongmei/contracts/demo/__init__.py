"""演示数据：三个演示工作区各挂上对应的内置合同模板，并导入确定性生成、部分滞后的事实。"""

from __future__ import annotations

import datetime as dt

from rongmei.core import facts as fact_registry
from rongmei.core.demo import register

from .. import selectors, services
from .facts import generate, to_jsonl

#: 工作区 → 演示事实截至日期（安源与数据应用的演示数据同为 2025-09-30；另两个合同已到期，生成到服务期末）
DEMO_AS_OF = {
    "anyuan-jobs": dt.date(2025, 9, 30),
    "nmg-dpf": dt.date(2025, 12, 31),
    "bj-planning": dt.date(2024, 6, 30),
}
PREFIX = {"anyuan-jobs": "ay", "nmg-dpf": "nm", "bj-planning": "bj"}


#: 由数据应用提供时不再生成的事实类型（避免演示数据重复计入）
SUPPLIED_ELSEWHERE = ("metric",)


def _supplied(ws, contract) -> frozenset[tuple[str, str]]:
    out = set()
    for name, fn in fact_registry.sources().items():
        if name == selectors.OWN_SOURCE:
            continue
        for f in fn(ws, contract.start, contract.end):
            if f.get("type") in SUPPLIED_ELSEWHERE and f.get("platform"):
                out.add((f["type"], f["platform"]))
    return frozenset(out)


@register(90, "合同与履约事实")
def load(workspaces, users) -> None:
    for slug, until in DEMO_AS_OF.items():
        ws = workspaces.get(slug)
        if ws is None or not ws.contract_template:
            continue
        manager = users.get(f"{PREFIX[slug]}-manager") or users.get("admin")
        if selectors.current_version(ws) is None:
            services.contract_from_template(actor=manager, workspace=ws, template_id=ws.contract_template)
        if selectors.imports_of(ws).filter(filename__startswith="demo-facts-").exists():
            continue  # 已导入过演示事实（再次执行不变）
        contract = selectors.contract_of(selectors.current_version(ws))
        facts = generate(contract, until=until, seed=slug, skip=_supplied(ws, contract))
        analyst = users.get(f"{PREFIX[slug]}-analyst") or manager
        services.facts_import(actor=analyst, workspace=ws, filename=f"demo-facts-{slug}-{until}.jsonl",
                              content=to_jsonl(facts))
