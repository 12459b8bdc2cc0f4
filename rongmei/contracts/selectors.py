"""读取：合同版本、事实、评估（带缓存）、证据与快照。全部限定在一个工作区内。"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from rongmei.core import clock
from rongmei.core import facts as fact_registry
from rongmei.engines.kpi import (
    Contract,
    Evaluation,
    Fact,
    FactSet,
    evaluate,
    fact_from_mapping,
    parse_contract,
)
from rongmei.engines.kpi.measure import facts_behind, row_contribution
from rongmei.engines.kpi.periods import resolve_period

from .models import ContractVersion, FactImport, FactLedger, Snapshot
from .models import Fact as StoredFact

OWN_SOURCE = "contracts"
LOOKBACK = dt.timedelta(days=400)  # 增长率、累计水平需要服务期开始前的数据


# ---------------------------------------------------------------- 合同版本
def versions_of(workspace) -> QuerySet[ContractVersion]:
    return ContractVersion.objects.filter(workspace=workspace).select_related("created_by").order_by("-number")


def current_version(workspace) -> ContractVersion | None:
    return versions_of(workspace).first()


def version_get(workspace, number: int) -> ContractVersion:
    v = versions_of(workspace).filter(number=number).first()
    if v is None:
        raise Http404("合同版本不存在")
    return v


_CONTRACTS: dict[str, Contract] = {}


def contract_of(version: ContractVersion) -> Contract:
    """解析版本的 YAML（按摘要缓存；保存时已校验，不会失败）。"""
    hit = _CONTRACTS.get(version.digest)
    if hit is None:
        report = parse_contract(version.yaml_text, source=f"第 {version.number} 版")
        if report.contract is None:  # pragma: no cover - 保存时已校验
            raise ValueError("合同定义无效：" + "；".join(str(i) for i in report.errors))
        hit = _CONTRACTS[version.digest] = report.contract
    return hit


def current_contract(workspace) -> Contract | None:
    """当前版本的合同定义；还没有版本时为 None（core.contract_terms 的登记函数）。"""
    version = current_version(workspace)
    return contract_of(version) if version is not None else None


# ---------------------------------------------------------------- 本应用保存的事实
def facts_of(workspace, *, type: str = "", origin: str = "", import_id: int | None = None) -> QuerySet[StoredFact]:
    qs = StoredFact.objects.filter(workspace=workspace).select_related("created_by", "source_import")
    if type:
        qs = qs.filter(type=type)
    if origin:
        qs = qs.filter(origin=origin)
    if import_id:
        qs = qs.filter(source_import_id=import_id)
    return qs


def fact_get(workspace, pk: int) -> StoredFact:
    f = facts_of(workspace).filter(pk=pk).first()
    if f is None:
        raise Http404("事实不存在")
    return f


def imports_of(workspace) -> QuerySet[FactImport]:
    return FactImport.objects.filter(workspace=workspace).select_related("created_by")


def import_get(workspace, pk: int) -> FactImport:
    b = imports_of(workspace).filter(pk=pk).first()
    if b is None:
        raise Http404("导入批次不存在")
    return b


def fact_counts(workspace) -> dict[str, int]:
    rows = StoredFact.objects.filter(workspace=workspace).values("type").annotate(n=Count("id"))
    return {r["type"]: r["n"] for r in rows}


def stored_fact_dicts(workspace, start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """本应用的事实（facts-v1 字典，带 ref 与 url），供事实注册表使用。"""
    qs = StoredFact.objects.filter(workspace=workspace)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    out = []
    for pk, data in qs.values_list("pk", "data").iterator(chunk_size=5000):
        d = dict(data)
        d["ref"] = f"contracts.fact:{pk}"
        out.append(d)
    return out


def _to_fact(data: dict, line: int) -> tuple[Fact | None, list[str]]:
    d = dict(data)
    ref = d.pop("ref", None)
    d.pop("source", None)
    if ref:
        d["id"] = str(ref)
    return fact_from_mapping(d, line=line)


_FACT_ATTRS = frozenset(Fact.__dataclass_fields__) - {"type", "date", "ref", "line", "extra"}
_DATES: dict[str, dt.date] = {}


def _trusted_fact(data: dict, ref: str, line: int) -> Fact:
    """本应用保存的事实在写入时已按 facts-v1 校验，读取时直接构造（20 万条时比逐字段校验快数倍）。"""
    kw: dict = {}
    extra: dict | None = None
    for key, value in data.items():
        if key in _FACT_ATTRS:
            kw[key] = value
        elif key not in ("type", "date", "id"):
            if extra is None:
                extra = {}
            extra[key] = value
    if "value" in kw:
        kw["value"] = float(kw["value"])
    raw = data["date"]
    day = _DATES.get(raw)
    if day is None:
        day = _DATES[raw] = dt.date.fromisoformat(raw)
    return Fact(data["type"], day, str(data.get("id") or ref), line, extra=extra, **kw)


_FACTSET_LOCK = threading.Lock()
_OWN_FACTSETS: OrderedDict[tuple, list[Fact]] = OrderedDict()
_OWN_CACHE_SIZE = 4


def _own_fingerprint(workspace) -> tuple:
    """本应用事实的指纹：工作区的事实修订号（服务层每次增删都加一）。读一行，不扫描事实表。"""

    revision = FactLedger.objects.filter(workspace=workspace).values_list("revision", flat=True).first() or 0
    # 创建时间区分“删除后重建、主键被复用”的工作区
    return (workspace.pk, workspace.created_at.isoformat() if workspace.created_at else "", revision)


def own_revision(workspace) -> str:
    """本应用事实的修订标记（缓存键用）：增删事实、换合同版本都会变。"""
    return ":".join(str(x) for x in _own_fingerprint(workspace))


_OWN_LATEST: dict[tuple, tuple[int, list[Fact]]] = {}  # (工作区, 创建时间) -> (已读到的最大 id, 事实)


def _fact_rows(workspace, after: int = 0) -> list[tuple[int, str]]:
    qs = StoredFact.objects.filter(workspace=workspace)
    if after:
        qs = qs.filter(pk__gt=after)
    # 取 JSON 原文，一次解码全部行（逐行 json.loads 在 20 万行时要慢几倍）
    return list(qs.annotate(raw=Cast("data", TextField())).order_by("pk").values_list("pk", "raw")
                .iterator(chunk_size=10000))


def _build(rows: list[tuple[int, str]], first_line: int) -> list[Fact]:
    datas = json.loads("[" + ",".join(raw for _pk, raw in rows) + "]") if rows else []
    return [_trusted_fact(data, f"contracts.fact:{pk}", i)
            for i, ((pk, _raw), data) in enumerate(zip(rows, datas, strict=True), start=first_line)]


def _own_facts(workspace) -> tuple[list[Fact], tuple]:
    """本应用保存的全部事实。修订号变了而期间只有新增（没有删除）时只读新增的行，否则整表重读。"""
    key = _own_fingerprint(workspace)
    with _FACTSET_LOCK:
        hit = _OWN_FACTSETS.get(key)
        if hit is not None:
            _OWN_FACTSETS.move_to_end(key)
            return hit, key
        previous = _OWN_LATEST.get(key[:2])
    facts = None
    if previous is not None:
        top, known = previous
        rows = _fact_rows(workspace, after=top)
        if len(known) + len(rows) == StoredFact.objects.filter(workspace=workspace).count():
            facts = known + _build(rows, len(known) + 1)
            top = rows[-1][0] if rows else top
    if facts is None:
        rows = _fact_rows(workspace)
        facts = _build(rows, 1)
        top = rows[-1][0] if rows else 0
    with _FACTSET_LOCK:
        _OWN_FACTSETS[key] = facts
        _OWN_LATEST[key[:2]] = (top, facts)
        while len(_OWN_FACTSETS) > _OWN_CACHE_SIZE:
            _OWN_FACTSETS.popitem(last=False)
        while len(_OWN_LATEST) > 4 * _OWN_CACHE_SIZE:
            _OWN_LATEST.pop(next(iter(_OWN_LATEST)))
    return facts, key


@dataclass
class LoadedFacts:
    facts: FactSet
    fingerprint: str
    invalid: list[str]  # 其他应用提供的无效事实（跳过，给出警告）
    by_source: dict[str, int]


_LOADED: OrderedDict[tuple, LoadedFacts] = OrderedDict()
_LOADED_BY_REVISION: OrderedDict[tuple, LoadedFacts] = OrderedDict()


def facts_load(workspace, contract: Contract) -> LoadedFacts:
    """评估用的全部事实：本应用（手工 + 导入）+ 事实注册表里其他应用的来源。

    按指纹（本应用事实的条数/最大 id/最近录入时间 + 其他来源内容的摘要）在进程内缓存建好索引的 FactSet。
    """
    own_key = _own_fingerprint(workspace)
    start, end = contract.start - LOOKBACK, contract.end
    # 各来源都登记了 revision 时：几次聚合查询即可判断是否命中，不必逐条读取、哈希其他应用的事实
    revisions = fact_registry.revisions(workspace, [n for n in fact_registry.sources() if n != OWN_SOURCE])
    quick = (workspace.pk, own_key, revisions, start, end) if revisions is not None else None
    if quick is not None:
        with _FACTSET_LOCK:
            hit = _LOADED_BY_REVISION.get(quick)
        if hit is not None:
            return hit
    others: list[Fact] = []
    invalid: list[str] = []
    by_source: dict[str, int] = {}
    h = hashlib.sha256(repr(own_key).encode())
    line = 0
    for name, fn in sorted(fact_registry.sources().items()):
        if name == OWN_SOURCE:
            continue
        n = 0
        for data in fn(workspace, start, end):
            line += 1
            data = dict(data)
            data.setdefault("source", name)
            h.update(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode())
            fact, errs = _to_fact(data, line)
            if fact is None:
                invalid.append(f"来源“{name}”：" + "；".join(errs))
                continue
            others.append(fact)
            n += 1
        by_source[name] = n
    digest = h.hexdigest()
    with _FACTSET_LOCK:
        loaded = _LOADED.get((workspace.pk, digest))
    if loaded is None:
        own, _key = _own_facts(workspace)
        loaded = LoadedFacts(FactSet([*own, *others], source="数据库", digest=digest), digest, invalid,
                             {OWN_SOURCE: len(own), **by_source})
    with _FACTSET_LOCK:
        _LOADED[(workspace.pk, digest)] = loaded
        while len(_LOADED) > _OWN_CACHE_SIZE:
            _LOADED.popitem(last=False)
        if quick is not None:
            _LOADED_BY_REVISION[quick] = loaded
            while len(_LOADED_BY_REVISION) > _OWN_CACHE_SIZE:
                _LOADED_BY_REVISION.popitem(last=False)
    return loaded


# ---------------------------------------------------------------- 评估
_EVAL_LOCK = threading.Lock()
_EVALS: OrderedDict[tuple, Evaluation] = OrderedDict()
_EVAL_CACHE_SIZE = 32


def default_as_of(contract: Contract, facts: FactSet | None = None, today: dt.date | None = None) -> dt.date:
    """默认截至日期：今天与服务期末中较早者；若事实只到更早的日期，则截至最新事实日期（不早于服务期开始）。"""
    day = min(today or clock.today(), contract.end)
    if facts is not None:
        rng = facts.date_range()
        if rng and rng[1] < day:
            day = max(rng[1], contract.start)
    return day


@dataclass
class ContractState:
    version: ContractVersion
    contract: Contract
    loaded: LoadedFacts
    evaluation: Evaluation
    as_of: dt.date
    period: str


def evaluation_for(workspace, *, as_of: dt.date | None = None, period: str = "annual",
                   version: ContractVersion | None = None) -> ContractState | None:
    """当前合同在某考核期、截至某日的评估（每次请求只算一次；按事实指纹缓存）。没有合同时返回 None。"""
    version = version or current_version(workspace)
    if version is None:
        return None
    contract = contract_of(version)
    loaded = facts_load(workspace, contract)
    as_of = as_of or default_as_of(contract, loaded.facts)
    key = (workspace.pk, version.digest, loaded.fingerprint, as_of, period)
    with _EVAL_LOCK:
        ev = _EVALS.get(key)
    if ev is None:
        ev = evaluate(contract, loaded.facts, as_of=as_of, period=period)
        if loaded.invalid:
            ev.warnings.append(f"其他应用提供的 {len(loaded.invalid)} 条事实无效，已跳过：{loaded.invalid[0]}")
        with _EVAL_LOCK:
            _EVALS[key] = ev
            while len(_EVALS) > _EVAL_CACHE_SIZE:
                _EVALS.popitem(last=False)
    return ContractState(version, contract, loaded, ev, as_of, period)


def evidence_facts(state: ContractState, obligation_id: str) -> list[Fact]:
    """某义务在考核期内、截至日期前计入的全部事实（与引擎计量同一组事实；证据页分页显示）。"""
    try:
        ob = state.contract.obligation(obligation_id)
    except KeyError:
        raise Http404("义务不存在") from None
    info = resolve_period(state.contract, state.period)
    items = facts_behind(ob, state.contract, state.loaded.facts, info, state.as_of)
    return sorted(items, key=lambda f: (f.date, f.ref))


@dataclass
class EvidenceTotals:
    """How the evidence rows add up to the obligation's figure (shown above the rows)."""

    additive: bool  # rows (or unit rows) add up to the figure
    rows_total: float | None  # sum of what each fact row adds (count/distinct: 1 each; sum: its value)
    credited_total: float | None  # per-unit obligations: sum of the unit rows' credited column


def evidence_totals(state: ContractState, obligation_id: str, items: list[Fact]) -> EvidenceTotals:
    ob = state.contract.obligation(obligation_id)
    contribution = row_contribution(ob)
    if contribution is None:
        return EvidenceTotals(False, None, None)
    result = next(o for o in state.evaluation.obligations if o.id == obligation_id)
    credited = round(sum(u.credited for u in result.units), 6) if result.units else None
    return EvidenceTotals(True, round(sum(contribution(f) for f in items), 6), credited)


def row_value_of(state: ContractState, obligation_id: str):
    """The number shown in an evidence row (what the row adds, or the value it has for non-additive measures)."""
    ob = state.contract.obligation(obligation_id)
    contribution = row_contribution(ob)
    if contribution is not None:
        return contribution
    if ob.measure == "share":
        field_name = (ob.threshold or ("value", 0))[0]
        return lambda f: f.get(field_name)
    return lambda f: f.value


def ref_link(workspace, ref: str) -> str:
    """把事实的 ref（如“production.item:42”）解析为站内页面链接；对应应用未提供页面时返回空串。"""
    if ":" not in ref or "." not in ref.split(":", 1)[0]:
        return ""
    head, pk = ref.split(":", 1)
    app, model = head.split(".", 1)
    if app == OWN_SOURCE and model == "fact":
        return ""
    if not pk.isdigit():
        return ""
    for name in (f"{app}:{model}_detail", f"{app}:{model}"):
        try:
            return reverse(name, kwargs={"ws": workspace.slug, "pk": int(pk)})
        except NoReverseMatch:
            continue
    return ""


# ---------------------------------------------------------------- 快照
def snapshots_of(workspace) -> QuerySet[Snapshot]:
    return (Snapshot.objects.filter(workspace=workspace).select_related("version", "created_by")
            .defer("facts", "result"))


def snapshot_get(workspace, pk: int) -> Snapshot:
    s = Snapshot.objects.filter(workspace=workspace, pk=pk).select_related("version", "created_by").first()
    if s is None:
        raise Http404("考核快照不存在")
    return s
