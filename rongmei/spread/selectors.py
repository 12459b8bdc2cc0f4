"""传播分析的读取。全网传播量只在 :func:`reach_rows` 一处定义：页面、接口、Word 报告与合同事实都读它。

组成部分：
* 本方账号发布（own）：数据应用里关联到这篇稿件的作品累计数据，每个账号上的作品一行，传播量 = 阅读 + 播放；
* 外部传播（repost / quote / placement / mention）：每条一行（按链接键去重），传播量为登记的阅读/播放。
日期：本方发布按作品发布时间，外部传播按其发布时间；“按日/按时”的时间线据此归入。
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.http import Http404
from django.utils import timezone

from rongmei.core.permissions import has_perm
from rongmei.grassroots import selectors as grassroots
from rongmei.interaction.models import Message
from rongmei.metrics.models import ItemStat
from rongmei.opinion import selectors as opinion
from rongmei.opinion.models import Mention
from rongmei.opinion.permissions import OpinionPerm
from rongmei.production.models import ContentItem
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import Publication

from .choices import COMPONENT_LABELS, FoundBy, ReachBasis
from .models import Flagship, PropagationReport, ReachEntry

# 链接里不影响“是哪一篇”的参数（分享来源、跟踪码、时间戳）
_TRACKING = re.compile(r"^(utm_\w+|spm|from|share\w*|scene|timestamp|ts|isappinstalled|wxshare_count|chksm|"
                       r"sessionid|clicktime|enterid|vd_source|is_copy_url|is_from_webapp|sender_device)$", re.I)


def url_key(url: str) -> str:
    """同一篇文章的不同写法得到同一个键：忽略协议、大小写的主机名、www./m. 前缀、跟踪参数、#片段与结尾斜杠。"""
    text = (url or "").strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text if "//" in text else f"//{text}")
    except ValueError:
        return text
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").casefold() if ch.isalnum())


def entry_key(*, url: str, outlet: str, title: str, day: dt.date) -> str:
    """外部传播的去重键：有链接用链接键；没有链接用（账号/媒体、标题、日期）。"""
    key = url_key(url)
    if key:
        return f"u:{key}"[:400]
    return f"t:{_norm(outlet)}|{_norm(title)}|{day.isoformat()}"[:400]


# ---------------------------------------------------------------------------------------------- 列表与对象
def flagships_of(workspace):
    return Flagship.objects.filter(workspace=workspace).select_related("item", "marked_by")


def flagship_get(workspace, pk: int) -> Flagship:
    flagship = flagships_of(workspace).filter(pk=pk).first()
    if flagship is None:
        raise Http404("重点内容不存在")
    return flagship


def entry_get(workspace, pk: int) -> ReachEntry:
    entry = ReachEntry.objects.filter(workspace=workspace, pk=pk).select_related("flagship").first()
    if entry is None:
        raise Http404("传播记录不存在")
    return entry


def reports_of(workspace, flagship: Flagship | None = None):
    qs = PropagationReport.objects.filter(workspace=workspace).select_related("flagship__item", "created_by")
    return qs.filter(flagship=flagship) if flagship is not None else qs


def report_get(workspace, pk: int) -> PropagationReport:
    report = reports_of(workspace).filter(pk=pk).first()
    if report is None:
        raise Http404("传播分析报告不存在")
    return report


def markable_items(workspace):
    """可以设为重点内容的稿件：已通过或已归档、尚未标记的。"""
    return (ContentItem.objects.filter(workspace=workspace, status__in=("approved", "archived"), flagship__isnull=True)
            .order_by("-id"))


def publications_of(flagship: Flagship):
    return (Publication.objects.filter(item=flagship.item, state=PubState.PUBLISHED)
            .select_related("account__platform").order_by("published_at"))


# ---------------------------------------------------------------------------------------------- 传播量（唯一定义）
@dataclass(frozen=True)
class ReachRow:
    component: str          # own / repost / quote / placement / mention
    flagship_id: int
    outlet: str             # 账号或媒体
    title: str
    url: str
    published_at: dt.datetime | None
    reach: int
    ref: str                # 证据引用（合同页的证据链接据此打开）
    found_by: tuple[str, ...] = ()
    basis: str = ""
    entry_id: int | None = None
    placement_id: int | None = None

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]

    @property
    def basis_label(self) -> str:
        return dict(ReachBasis.choices).get(self.basis, "")

    @property
    def found_by_text(self) -> str:
        return "、".join(found_by_labels(self.found_by))

    @property
    def day(self) -> dt.date | None:
        return timezone.localtime(self.published_at).date() if self.published_at else None


def reach_rows(workspace, flagships=None) -> list[ReachRow]:
    """重点内容的全部传播组成（本方发布 + 外部传播），每条只出现一次。"""
    if flagships is None:
        flagships = list(flagships_of(workspace))
    by_item = {f.item_id: f for f in flagships}
    rows: list[ReachRow] = []
    stats = (ItemStat.objects.filter(workspace=workspace, content_item_id__in=list(by_item))
             .select_related("account__platform", "publication").order_by("published_at", "id"))
    for s in stats:
        flagship = by_item[s.content_item_id]
        when = s.published_at or (s.publication.published_at if s.publication_id else None) or s.as_of
        rows.append(ReachRow("own", flagship.pk, str(s.account), s.title or flagship.item.title,
                             s.url or (s.publication.url if s.publication_id else ""), when,
                             int(s.reads + s.plays), f"spread.flagship:{flagship.pk}"))
    # 基层网络的媒体采用台账里来源稿件是这篇重点内容的：已有同一链接的外部传播就只在那一行记上“媒体采用台账”，
    # 否则单列一行（传播量未知，计 0，可点“补登传播量”登记成外部传播）
    placements: dict[tuple[int, str], object] = {}
    for p in grassroots.placements_of(workspace).filter(item_id__in=list(by_item)).order_by("date", "id"):
        flagship = by_item[p.item_id]
        key = entry_key(url=p.url, outlet=p.outlet, title=p.title, day=p.date)
        placements.setdefault((flagship.pk, key), p)
    entries = ReachEntry.objects.filter(workspace=workspace, flagship__in=flagships).order_by("published_at", "id")
    for e in entries:
        found = tuple(e.found_by)
        if placements.pop((e.flagship_id, e.key), None) is not None:
            found = (*found, FoundBy.PLACEMENTS)
        rows.append(ReachRow(e.kind, e.flagship_id, e.outlet, e.title, e.url, e.published_at, int(e.reach),
                             f"spread.entry:{e.pk}", found, e.basis, e.pk))
    tz = timezone.get_current_timezone()
    for (flagship_id, _key), p in placements.items():
        rows.append(ReachRow("placement", flagship_id, p.outlet, p.title, p.url,
                             dt.datetime.combine(p.date, dt.time(12), tzinfo=tz), 0, f"grassroots.placement:{p.pk}",
                             (FoundBy.PLACEMENTS,), ReachBasis.NONE, placement_id=p.pk))
    rows.sort(key=lambda r: (r.component != "own", r.published_at or dt.datetime.max.replace(tzinfo=tz)))
    return rows


def reach_summary(rows: list[ReachRow]) -> dict:
    """组成部分合计（各部分的来源写明），总量 = 各部分之和。"""
    by_component: dict[str, dict] = {code: {"code": code, "label": label, "reach": 0, "count": 0}
                                     for code, label in COMPONENT_LABELS.items()}
    for row in rows:
        part = by_component[row.component]
        part["reach"] += row.reach
        part["count"] += 1
    return {"total": sum(p["reach"] for p in by_component.values()),
            "components": [p for p in by_component.values() if p["count"]],
            "count": len(rows)}


def flagship_totals(workspace, flagships) -> dict[int, dict]:
    """列表页：每个重点内容的合计（与详情页、报告同一组成）。"""
    out: dict[int, list[ReachRow]] = defaultdict(list)
    for row in reach_rows(workspace, flagships):
        out[row.flagship_id].append(row)
    return {f.pk: reach_summary(out.get(f.pk, [])) for f in flagships}


def timeline(rows: list[ReachRow]) -> dict:
    """按日、按小时（0—23 时）归入的传播量。"""
    by_day: Counter = Counter()
    by_hour: Counter = Counter()
    for row in rows:
        if row.published_at is None:
            continue
        local = timezone.localtime(row.published_at)
        by_day[local.date()] += row.reach
        by_hour[local.hour] += row.reach
    days = sorted(by_day)
    return {"days": [(d, by_day[d]) for d in days], "hours": [(h, by_hour.get(h, 0)) for h in range(24)]}


def top_outlets(rows: list[ReachRow], *, limit: int = 10, external_only: bool = True) -> list[dict]:
    totals: dict[tuple[str, str], dict] = {}
    for row in rows:
        if external_only and row.component == "own":
            continue
        key = (row.component, row.outlet)
        slot = totals.setdefault(key, {"outlet": row.outlet, "label": row.label, "reach": 0, "count": 0})
        slot["reach"] += row.reach
        slot["count"] += 1
    return sorted(totals.values(), key=lambda r: (-r["reach"], r["outlet"]))[:limit]


def comments_summary(flagship: Flagship, *, examples: int = 3) -> dict:
    """本方发布下的受众留言：按情感计数，各取几条例子（情感由互动应用入库时判定）。"""
    qs = Message.objects.filter(publication__item=flagship.item)
    counts = Counter(qs.values_list("sentiment", flat=True))
    samples = {}
    for sentiment in ("neg", "pos"):
        samples[sentiment] = list(qs.filter(sentiment=sentiment).order_by("-received_at")
                                  .values_list("text", flat=True)[:examples])
    return {"total": sum(counts.values()), "pos": counts.get("pos", 0), "neu": counts.get("neu", 0),
            "neg": counts.get("neg", 0), "negative_examples": samples["neg"], "positive_examples": samples["pos"]}


def candidates(flagship: Flagship, *, actor, limit: int = 20) -> list:
    """舆情监测里疑似转载这篇稿件的信息：链接相同，或标题（前 24 字）出现在标题/正文里；已登记的不再列出。"""
    workspace = flagship.workspace
    if actor is not None and not actor.is_superuser:
        if not has_perm(actor, workspace, OpinionPerm.VIEW):
            return []
    title = re.sub(r"\s+", " ", flagship.item.title).strip()
    phrase = title[:24].replace('"', "")
    found = []
    if phrase:
        page = opinion.search(workspace, query=f'"{phrase}"', limit=limit, actor=None)
        found.extend(page.mentions)
    own_urls = [p.url for p in publications_of(flagship) if p.url]
    if own_urls:
        found.extend(Mention.objects.filter(workspace=workspace, url__in=own_urls).order_by("-published_at")[:limit])
    known = set(ReachEntry.objects.filter(flagship=flagship).values_list("key", flat=True))
    known_mentions = set(ReachEntry.objects.filter(flagship=flagship, mention__isnull=False)
                         .values_list("mention_id", flat=True))
    out, seen = [], set()
    for m in found:
        day = timezone.localtime(m.published_at).date()
        key = entry_key(url=m.url, outlet=m.source_name or m.author, title=m.title, day=day)
        if m.pk in seen or m.pk in known_mentions or key in known:
            continue
        seen.add(m.pk)
        out.append(m)
    return out[:limit]


def report_count(workspace) -> int:
    return PropagationReport.objects.filter(workspace=workspace, final=True).count()


def found_by_labels(codes) -> list[str]:
    names = dict(FoundBy.choices)
    return [names.get(code, code) for code in codes]
