"""演示数据：三个演示工作区各挂上对应的内置合同模板，并导入确定性生成、部分滞后的事实。"""

from __future__ import annotations

import datetime as dt

from rongmei.core import facts as fact_registry
from rongmei.core.demo import register
from rongmei.workspaces.models import OfficialAccount

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
#: 不分平台的事实：只要有应用提供（基层网络的媒体采用与培训），整类都不再生成
SUPPLIED_WHOLE = ("placement", "training")


def _supplied(ws, contract) -> frozenset[tuple[str, str]]:
    out = set()
    for name, fn in fact_registry.sources().items():
        if name == selectors.OWN_SOURCE:
            continue
        for f in fn(ws, contract.start, contract.end):
            if f.get("type") in SUPPLIED_ELSEWHERE and f.get("platform"):
                out.add((f["type"], f["platform"]))
            elif f.get("type") in SUPPLIED_WHOLE:
                out.update((f["type"], p) for p in (*contract.platforms, "wechat"))
    return frozenset(out)


#: 在工作区自己的账号上进行的直播由数据应用登记为“直播场次”（metrics.LiveSession，演示数据在合同之后载入），
#: 合同通过事实注册表读到同一批场次；这里不再导入，否则看板与合同各有一套直播数据。
RECORDED_ON_ACCOUNTS = ("live_session",)


def generated_facts(ws) -> list[dict]:
    """工作区的全部演示事实（确定性：同一工作区每次相同）。没有合同时为空。"""
    until = DEMO_AS_OF.get(ws.slug)
    version = selectors.current_version(ws)
    if until is None or version is None:
        return []
    contract = selectors.contract_of(version)
    return generate(contract, until=until, seed=ws.slug, skip=_supplied(ws, contract))


def recorded_on_accounts(ws, facts: list[dict]) -> list[dict]:
    """演示事实中由数据应用按账号登记的那部分（见 RECORDED_ON_ACCOUNTS）。"""
    own = set(OfficialAccount.objects.filter(workspace=ws).values_list("platform__code", flat=True))
    return [f for f in facts if f.get("type") in RECORDED_ON_ACCOUNTS and f.get("platform") in own]


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
        facts = generated_facts(ws)
        on_accounts = {id(f) for f in recorded_on_accounts(ws, facts)}
        facts = [f for f in facts if id(f) not in on_accounts]
        analyst = users.get(f"{PREFIX[slug]}-analyst") or manager
        services.facts_import(actor=analyst, workspace=ws, filename=f"demo-facts-{slug}-{until}.jsonl",
                              content=to_jsonl(facts))
