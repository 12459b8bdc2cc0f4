"""自查的读操作（带工作区范围）：把各应用的数据整理成自查引擎的输入，以及自查记录、发现与备案的查询。

每个数字只取自它的来源：最后更新取发布记录与平台作品数据；差错率用采编的 ``production.selectors.error_rate``
（稿件页显示的同一口径）；错敏用 AI 审校（``proofread.services.proof_text``，只读，不保存）；粉丝增长用
``metrics.selectors.daily_series``。
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from rongmei.engines import inspection as engine
from rongmei.metrics import selectors as metrics_selectors
from rongmei.metrics.models import ItemStat
from rongmei.production import selectors as production_selectors
from rongmei.proofread.services import proof_text
from rongmei.publishing.choices import ChangeStatus, PubState
from rongmei.publishing.models import AccountChangeRequest, Publication
from rongmei.workspaces.models import OfficialAccount

from .choices import FindingState, Severity
from .models import AccountFiling, Finding, InspectionPolicy, InspectionRun

#: 检查最近多少天内发布的内容（错敏与差错率）。
CONTENT_LOOKBACK_DAYS = 90
NAME_EXEMPT_PLATFORMS = {"website"}  # 门户网站名称与新媒体账号名不同是常态


def _day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def policy_of(workspace) -> InspectionPolicy | None:
    return InspectionPolicy.objects.filter(workspace=workspace).first()


def local_update_days(workspace) -> int | None:
    policy = policy_of(workspace)
    return policy.local_update_days if policy else None


# ------------------------------------------------------------------ 引擎输入

def _last_updates(workspace, as_of: dt.date) -> dict[int, tuple[dt.date, str, str]]:
    """{账号: (最后更新日, 标题, 链接)}：发布记录与平台作品数据中较晚的一条。"""
    end = _day_end(as_of)
    out: dict[int, tuple[dt.datetime, str, str]] = {}
    pubs = (Publication.objects.filter(workspace=workspace, state=PubState.PUBLISHED, published_at__lt=end)
            .values("account_id").annotate(last=Max("published_at")))
    for row in pubs:
        pub = (Publication.objects.filter(account_id=row["account_id"], state=PubState.PUBLISHED,
                                          published_at=row["last"]).select_related("revision").first())
        out[row["account_id"]] = (row["last"], pub.revision.title if pub else "", pub.url if pub else "")
    stats = (ItemStat.objects.filter(workspace=workspace, published_at__lt=end, published_at__isnull=False)
             .values("account_id").annotate(last=Max("published_at")))
    for row in stats:
        mine = out.get(row["account_id"])
        if mine is None or row["last"] > mine[0]:
            item = ItemStat.objects.filter(account_id=row["account_id"], published_at=row["last"]).first()
            out[row["account_id"]] = (row["last"], item.title if item else "", item.url if item else "")
    return {pk: (_local_date(when), title, url) for pk, (when, title, url) in out.items()}


def _events(workspace, as_of: dt.date) -> dict[int, list[engine.AccountEvent]]:
    out: dict[int, list[engine.AccountEvent]] = {}
    changes = AccountChangeRequest.objects.filter(workspace=workspace, status=ChangeStatus.APPROVED,
                                                  decided_at__lt=_day_end(as_of))
    for change in changes:
        what = "、".join(x for x, v in (("名称", change.new_name), ("简介", change.new_intro),
                                         ("头像", change.new_avatar)) if v)
        out.setdefault(change.account_id, []).append(
            engine.AccountEvent("changed", _local_date(change.decided_at), f"变更{what}" if what else ""))
    return out


def _filings(workspace) -> dict[int, list[engine.Filing]]:
    out: dict[int, list[engine.Filing]] = {}
    for f in AccountFiling.objects.filter(workspace=workspace):
        out.setdefault(f.account_id, []).append(engine.Filing(f.kind, f.event_on, f.filed_on, f.reference))
    return out


def accounts_input(workspace, as_of: dt.date) -> tuple[engine.Account, ...]:
    last = _last_updates(workspace, as_of)
    events = _events(workspace, as_of)
    filings = _filings(workspace)
    start = as_of - dt.timedelta(days=60)
    out = []
    for acc in OfficialAccount.objects.filter(workspace=workspace).select_related("platform"):
        own_events = []
        if acc.opened_on and acc.opened_on <= as_of:
            own_events.append(engine.AccountEvent("opened", acc.opened_on))
        if acc.closed_on and acc.closed_on <= as_of:
            own_events.append(engine.AccountEvent("closed", acc.closed_on))
        own_events += events.get(acc.pk, [])
        gains = metrics_selectors.daily_series(workspace, start, as_of, ["followers_gained"], account=acc)
        update = last.get(acc.pk)
        out.append(engine.Account(
            id=acc.pk, name=acc.name, platform=acc.platform.code, platform_label=acc.platform.name,
            owner_unit=acc.owner_unit, status=acc.status if not (acc.closed_on and acc.closed_on <= as_of) else "closed",
            opened_on=acc.opened_on, closed_on=acc.closed_on, registered_on=_local_date(acc.created_at),
            last_update=update[0] if update else None, last_update_title=update[1] if update else "",
            last_update_url=update[2] if update else "", events=tuple(own_events),
            filings=tuple(filings.get(acc.pk, [])), follower_gains=gains["followers_gained"],
            checks_name=acc.platform.code not in NAME_EXEMPT_PLATFORMS))
    return tuple(out)


def _hits(workspace, text: str, cache: dict) -> tuple[engine.Hit, ...]:
    if text not in cache:
        findings, _rate, _version = proof_text(workspace=workspace, text=text)
        cache[text] = tuple(engine.Hit(f["text"], f["category"], f["severity"], f["message"]) for f in findings)
    return cache[text]


def published_input(workspace, as_of: dt.date) -> tuple[engine.PublishedItem, ...]:
    """最近 CONTENT_LOOKBACK_DAYS 天发布的每一条：发布时的正文与发布后改过的正文都过一遍 AI 审校。"""
    lo = _day_end(as_of - dt.timedelta(days=CONTENT_LOOKBACK_DAYS))
    pubs = (Publication.objects.filter(workspace=workspace, state=PubState.PUBLISHED, published_at__gte=lo,
                                       published_at__lt=_day_end(as_of))
            .select_related("item__current_revision", "revision").order_by("published_at", "pk"))
    cache: dict[str, tuple] = {}
    rates: dict[int, float | None] = {}
    out = []
    for pub in pubs:
        rev = pub.revision
        hits = _hits(workspace, f"{rev.title}\n{rev.text}", cache)
        current = pub.item.current_revision
        changed_after = None
        if current and current.pk != rev.pk and current.created_at > pub.published_at \
                and current.created_at < _day_end(as_of):
            changed_after = _local_date(current.created_at)
            hits = hits + tuple(h for h in _hits(workspace, f"{current.title}\n{current.text}", cache) if h not in hits)
        if rev.pk not in rates:
            rates[rev.pk] = production_selectors.error_rate(production_selectors.findings_of(pub.item, rev), rev.text)
        out.append(engine.PublishedItem(
            account_id=pub.account_id, title=rev.title, published_on=_local_date(pub.published_at), url=pub.url,
            hits=hits, error_rate=rates[rev.pk], changed_after=changed_after,
            link=reverse("production:item_detail", kwargs={"ws": workspace.slug, "pk": pub.item_id})))
    return tuple(out)


def interaction_input(workspace, start: dt.date, end: dt.date) -> tuple[tuple[engine.ChannelStat, ...] | None, str]:
    """各账号各互动渠道的回应情况。互动收件箱还没有上线：如实返回“无数据”。"""
    return None, "互动收件箱尚未启用，还没有可检查的留言与回复记录"


def inputs_for(workspace, as_of: dt.date) -> engine.Inputs:
    interaction, note = interaction_input(workspace, as_of - dt.timedelta(days=30), as_of)
    return engine.Inputs(as_of=as_of, accounts=accounts_input(workspace, as_of),
                         published=published_input(workspace, as_of), interaction=interaction,
                         interaction_note=note, local_update_days=local_update_days(workspace))


# ------------------------------------------------------------------ 自查记录

def runs_of(workspace) -> QuerySet[InspectionRun]:
    return InspectionRun.objects.filter(workspace=workspace).select_related("created_by")


def latest_run(workspace) -> InspectionRun | None:
    return runs_of(workspace).first()


def run_get(workspace, pk: int) -> InspectionRun:
    run = runs_of(workspace).filter(pk=pk).first()
    if run is None:
        raise Http404("自查记录不存在")
    return run


def findings_of(run: InspectionRun, *, severity: str = "", state: str = "") -> QuerySet[Finding]:
    qs = Finding.objects.filter(run=run).select_related("account__platform")
    if severity:
        qs = qs.filter(severity=severity)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("id")


def finding_get(workspace, pk: int) -> Finding:
    f = Finding.objects.filter(workspace=workspace, pk=pk).select_related("run", "account__platform").first()
    if f is None:
        raise Http404("自查发现不存在")
    return f


def severity_counts(run: InspectionRun) -> dict[str, int]:
    """不合格项按严重程度计数（页面、首页卡片、报告共用）。"""
    counts = {s: 0 for s in Severity.values}
    for sev in Finding.objects.filter(run=run, state=FindingState.FAILING).values_list("severity", flat=True):
        counts[sev] = counts.get(sev, 0) + 1
    return counts


def forecast_of(run: InspectionRun) -> list[Finding]:
    """未来 7 天内将判为不合格的项（除非在此之前发布内容或完成备案），按日期排序。"""
    return list(findings_of(run).filter(in_forecast=True).order_by("veto_on", "id"))


def filings_of(workspace) -> QuerySet[AccountFiling]:
    return AccountFiling.objects.filter(workspace=workspace).select_related("account__platform", "created_by")


def filing_get(workspace, pk: int) -> AccountFiling:
    f = filings_of(workspace).filter(pk=pk).first()
    if f is None:
        raise Http404("备案登记不存在")
    return f


def accounts_of(workspace) -> QuerySet[OfficialAccount]:
    return OfficialAccount.objects.filter(workspace=workspace).select_related("platform")
