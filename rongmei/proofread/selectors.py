"""读取：一律限定在工作区内。"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, QuerySet, Sum
from django.http import Http404

from rongmei.core import clock

from .choices import ProposalStatus, RuleCategory
from .models import PackVersion, ProofRun, RuleEntry, WhitelistProposal


def entries_of(workspace, *, category: str | None = None, active: bool | None = None, q: str = "") -> QuerySet:
    qs = RuleEntry.objects.filter(workspace=workspace).select_related("created_by")
    if category:
        qs = qs.filter(category=category)
    if active is not None:
        qs = qs.filter(is_active=active)
    if q:
        qs = qs.filter(term__icontains=q)
    return qs


def entry_get(workspace, pk: int) -> RuleEntry:
    entry = RuleEntry.objects.filter(workspace=workspace, pk=pk).first()
    if entry is None:
        raise Http404("词条不存在")
    return entry


def category_counts(workspace) -> dict[str, int]:
    rows = (RuleEntry.objects.filter(workspace=workspace, is_active=True)
            .values("category").annotate(n=Count("pk")).order_by())
    return {r["category"]: r["n"] for r in rows}


def pack_version(workspace) -> tuple[int, dt.datetime | None]:
    """工作区规则包版本号与更新时间；从未维护过词条时为 (0, None)。"""
    row = PackVersion.objects.filter(workspace=workspace).values_list("number", "updated_at").first()
    return (row[0], row[1]) if row else (0, None)


def engine_data(workspace) -> tuple[dict[str, list[dict]], list[str]]:
    """启用的工作区词条，整理成引擎的 ``extra`` 与 ``whitelist``。"""
    extra: dict[str, list[dict]] = {}
    whitelist: list[str] = []
    rows = (RuleEntry.objects.filter(workspace=workspace, is_active=True)
            .order_by("category", "pk").values_list("category", "term", "payload"))
    for category, term, payload in rows:
        if category == RuleCategory.WHITELIST:
            whitelist.append(term)
        else:
            extra.setdefault(category, []).append(dict(payload))
    return extra, whitelist


def proposals_of(workspace, *, status: str | None = None) -> QuerySet:
    qs = WhitelistProposal.objects.filter(workspace=workspace).select_related("proposed_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs


def proposal_get(workspace, pk: int) -> WhitelistProposal:
    p = WhitelistProposal.objects.filter(workspace=workspace, pk=pk).first()
    if p is None:
        raise Http404("申请不存在")
    return p


def pending_proposal_count(workspace) -> int:
    return WhitelistProposal.objects.filter(workspace=workspace, status=ProposalStatus.PENDING).count()


def runs_of(workspace, *, user=None) -> QuerySet:
    """审校记录；给出 user 时只看本人的。"""
    qs = ProofRun.objects.filter(workspace=workspace).select_related("user").defer("findings")
    if user is not None:
        qs = qs.filter(user=user)
    return qs


def run_get(workspace, pk: int, *, user=None) -> ProofRun:
    qs = ProofRun.objects.filter(workspace=workspace, pk=pk)
    if user is not None:
        qs = qs.filter(user=user)
    run = qs.first()
    if run is None:
        raise Http404("审校记录不存在")
    return run


def usage_stats(workspace, *, days: int = 30) -> dict:
    since = clock.now() - dt.timedelta(days=days)
    agg = ProofRun.objects.filter(workspace=workspace, created_at__gte=since).aggregate(
        runs=Count("pk"), chars=Sum("char_count"), findings=Sum("finding_count"), rate=Avg("error_rate"),
        users=Count("user", distinct=True))
    return {k: (v or 0) for k, v in agg.items()} | {"days": days}


def builtin_register(category: str) -> dict | None:
    """随软件发布的登记表（落马官员、领导职务姓名）的只读视图：每行已整理成中文，供词库页展示。

    不是工作区数据，不需要限定工作区；其他类别返回 None。"""
    from rongmei.engines.proofing.packs import load_yaml

    if category not in (RuleCategory.FALLEN_OFFICIAL, RuleCategory.LEADER_TITLE):
        return None
    data = load_yaml(str(category))
    rows = []
    for item in data.get("entries") or []:
        evidence = [{"url": str(ev.get("url") or ""), "label": f"{ev.get('publisher') or '网页'}（{ev.get('date') or '日期不详'}）"}
                    for ev in item.get("evidence") or [] if ev.get("url")]
        if category == RuleCategory.FALLEN_OFFICIAL:
            detail = f"{item.get('date') or ''} 公布{item.get('announced') or '接受审查调查'}"
        else:
            spans = []
            for p in item.get("positions") or []:
                start, until = p.get("from"), p.get("until")
                when = f"{start or '?'} 至 {until}" if until else (f"{start} 起" if start else "现任")
                spans.append(f"{p.get('title')}（{when}）")
            detail = "；".join(spans)
        rows.append({"name": item.get("name"), "title": item.get("note") if category == RuleCategory.FALLEN_OFFICIAL
                     else item.get("title"), "detail": detail, "source": item.get("source") or "",
                     "remark": item.get("note") if category == RuleCategory.LEADER_TITLE else "",
                     "evidence": evidence})
    return {"as_of": data.get("as_of"), "version": data.get("version"), "rows": rows,
            "verified": sum(1 for r in rows if r["evidence"])}
