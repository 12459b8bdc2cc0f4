"""数据的写操作：导入导出文件、接口取数、手工录入、直播登记，以及汇总表重算。

取舍（见 docs/metrics.md）：日数据**只追加**——同一（账号, 日, 指标, 渠道）的新值与旧值不同时，
写入新行并把旧行标为失效（``current=False``、``superseded_by`` 指向新行），数值从不改写；
相同的值不产生新行，因此重复导入同一份数据不改变任何东西。作品数据是“截至某时的累计快照”，
按（账号, 作品）更新，并写审计。
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines import months
from rongmei.engines.exports import PLATFORMS as EXPORT_PLATFORMS
from rongmei.engines.exports import ImportFailed, parse_export
from rongmei.publishing.credentials import stats_client_for
from rongmei.publishing.models import Publication
from rongmei.workspaces.models import OfficialAccount

from .choices import (
    ENTERABLE,
    LEVEL_METRICS,
    METRIC_LABELS,
    ImportJobState,
    Source,
    is_aggregated,
    metric_label,
)
from .models import (
    ITEM_FIELDS,
    DailyCount,
    DailyMetric,
    ImportBatch,
    ImportJob,
    ItemStat,
    LiveSession,
    MonthlyCount,
    Promotion,
)
from .permissions import MetricsPerm
from .promotions import read_orders

log = logging.getLogger(__name__)


_month_start = months.month_start
_next_month = months.next_month


@dataclass
class WriteResult:
    created: int = 0
    superseded: int = 0
    unchanged: int = 0

    def add(self, other: WriteResult) -> None:
        self.created += other.created
        self.superseded += other.superseded
        self.unchanged += other.unchanged


@dataclass(frozen=True)
class DayValue:
    account_id: int
    date: dt.date
    name: str
    value: float
    channel: str = ""


def _write_daily(*, workspace, values: Iterable[DayValue], source: str, batch=None, actor=None) -> WriteResult:
    """只追加地写入日数据并重算受影响的汇总。调用方负责事务。"""
    values = list(values)
    result = WriteResult()
    if not values:
        return result
    accounts = {v.account_id for v in values}
    days = [v.date for v in values]
    existing = {
        (a, d, n, c): (pk, val)
        for pk, a, d, n, c, val in DailyMetric.objects.filter(
            account_id__in=accounts, current=True, date__gte=min(days), date__lte=max(days),
            name__in={v.name for v in values},
        ).values_list("pk", "account_id", "date", "name", "channel", "value")
    }
    to_create: list[DailyMetric] = []
    replaced: list[int] = []
    actor_id = actor.pk if actor is not None else None
    for v in values:
        key = (v.account_id, v.date, v.name, v.channel)
        old = existing.get(key)
        if old is not None and abs(old[1] - v.value) < 1e-9:
            result.unchanged += 1
            continue
        to_create.append(DailyMetric(workspace=workspace, account_id=v.account_id, date=v.date, name=v.name,
                                     channel=v.channel, value=v.value, source=source, batch=batch,
                                     created_by_id=actor_id))
        replaced.append(old[0] if old else 0)
    old_ids = [pk for pk in replaced if pk]
    if old_ids:
        DailyMetric.objects.filter(pk__in=old_ids).update(current=False)
    created = DailyMetric.objects.bulk_create(to_create, batch_size=2000)
    links = [DailyMetric(pk=old, superseded_by_id=new.pk) for old, new in zip(replaced, created, strict=True) if old]
    if links:
        DailyMetric.objects.bulk_update(links, ["superseded_by"], batch_size=2000)
    result.created = len(created) - len(old_ids)
    result.superseded = len(old_ids)
    if created:
        changed = [v for v in created]
        aggregates_refresh(workspace=workspace, account_ids={m.account_id for m in changed},
                           start=min(m.date for m in changed), end=max(m.date for m in changed))
    return result


def aggregates_refresh(*, workspace, account_ids: set[int] | None, start: dt.date, end: dt.date) -> None:
    """重算（账号, 月）与（工作区, 日）汇总。``account_ids`` 为 None 表示工作区全部账号。"""

    m_start, m_end = _month_start(start), _next_month(end) - dt.timedelta(days=1)
    accounts = OfficialAccount.objects.filter(workspace=workspace)
    if account_ids is not None:
        accounts = accounts.filter(pk__in=account_ids)
    platform_of = dict(accounts.values_list("pk", "platform__code"))
    rows = DailyMetric.objects.filter(account_id__in=platform_of, current=True, channel="",
                                      date__gte=m_start, date__lte=m_end).order_by("date")
    sums: dict[tuple[int, dt.date, str], float] = defaultdict(float)
    for account_id, day, name, value in rows.values_list("account_id", "date", "name", "value").iterator(2000):
        if not is_aggregated(name):
            continue
        key = (account_id, _month_start(day), name)
        if name in LEVEL_METRICS:
            sums[key] = value  # 按日期升序：最后一个即月末最新值
        else:
            sums[key] += value
    MonthlyCount.objects.filter(account_id__in=platform_of, month__gte=m_start, month__lte=m_end).delete()
    MonthlyCount.objects.bulk_create(
        [MonthlyCount(workspace=workspace, account_id=a, platform=platform_of[a], month=m, name=n, value=v)
         for (a, m, n), v in sums.items()], batch_size=2000)
    # 工作区按日：全部账号之和
    daily = (DailyMetric.objects.filter(workspace=workspace, current=True, channel="", date__gte=start, date__lte=end)
             .values("date", "name").annotate(total=Sum("value")))
    DailyCount.objects.filter(workspace=workspace, date__gte=start, date__lte=end).delete()
    DailyCount.objects.bulk_create(
        [DailyCount(workspace=workspace, date=r["date"], name=r["name"], value=r["total"])
         for r in daily if is_aggregated(r["name"])], batch_size=2000)


# ---------------------------------------------------------------------------------------------- 作品
def _norm_url(url: str) -> str:
    url = (url or "").strip()
    return url.rstrip("/") if url.startswith("http") else ""


class PublicationIndex:
    """一个账号的发布记录按平台作品 ID 与发布链接索引（导入一个文件只查一次库）。"""

    def __init__(self, account):
        self.by_ext: dict[str, tuple[int, int]] = {}
        self.by_url: dict[str, tuple[int, int]] = {}
        rows = (Publication.objects.filter(account=account).filter(~Q(external_id="") | ~Q(url=""))
                .order_by("published_at", "id").values_list("pk", "item_id", "external_id", "url"))
        for pk, item_id, ext, url in rows:  # 同一 ID/链接有多条时取最后发布的
            if ext:
                self.by_ext[ext.strip()] = (pk, item_id)
            if _norm_url(url):
                self.by_url[_norm_url(url)] = (pk, item_id)

    def match(self, *, ref: str, url: str) -> tuple[int, int] | None:
        """平台作品 ID 一致优先，其次链接一致（作品标识本身是链接时也比对）。"""
        ref = (ref or "").strip()
        if ref and ref in self.by_ext:
            return self.by_ext[ref]
        for candidate in (url, ref):
            hit = self.by_url.get(_norm_url(candidate))
            if hit:
                return hit
        return None


def _item_upsert(*, account, key: str, title: str, url: str, published_at: dt.datetime | None,
                 values: dict[str, float], batch, as_of: dt.datetime,
                 links: PublicationIndex | None = None) -> tuple[ItemStat, bool]:
    item = ItemStat.objects.filter(account=account, item_ref=key).first()
    created = item is None
    before = None if created else snapshot(item)
    if created:
        item = ItemStat(workspace=account.workspace, account=account, item_ref=key)
    item.title = title or item.title
    item.url = url or item.url
    if published_at is not None:
        item.published_at = published_at
        item.published_hour = timezone.localtime(published_at).hour
    extra = dict(item.extra or {})
    for name, value in values.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
        else:
            extra[name] = value
    item.extra = extra
    item.as_of = as_of
    item.batch = batch
    hit = (links or PublicationIndex(account)).match(ref=key, url=item.url)
    if hit is not None:
        item.publication_id, item.content_item_id = hit
    item.save()
    if not created:
        after = snapshot(item)
        if {k: v for k, v in after.items() if k not in ("数据截至",)} != {
                k: v for k, v in before.items() if k not in ("数据截至",)}:
            changed = {k for k in after if after[k] != before.get(k)}
            record(Action.UPDATE, obj=item, workspace=account.workspace,
                   before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed},
                   message="作品数据更新")
    return item, created


# ---------------------------------------------------------------------------------------------- 导入
def _issue_messages(exc: ImportFailed) -> list[str]:
    return [f"工作表“{e.sheet}”，{e.message}" if e.sheet and e.row is None else e.message for e in exc.errors]


def metrics_import(*, actor, account, filename: str, data: bytes, layout: str | None = None,
                   on_stage: Callable[[str], None] | None = None) -> tuple[ImportBatch, bool]:
    """导入一个平台后台导出文件（Excel/CSV/网页表格 .xls）。

    返回（批次, 是否新导入）。同一文件（sha256）已导入过时不做任何改变，返回原批次与 False。
    文件有任何问题时抛出 ValidationError（逐条列出行号与列名），不导入任何一行。

    解析与校验在任何写事务之外进行（大文件解析期间别人照常登录、写入）；最后在一个短事务里写入。
    """
    workspace = account.workspace
    require_perm(actor, workspace, MetricsPerm.IMPORT)
    if not data:
        raise ValidationError("文件为空")
    digest = hashlib.sha256(data).hexdigest()
    existing = ImportBatch.objects.filter(workspace=workspace, sha256=digest).first()
    if existing is not None:
        return existing, False
    suffix = Path(filename).suffix.lower() or ".xlsx"
    if on_stage:
        on_stage(ImportJobState.PARSING)
    with tempfile.TemporaryDirectory(prefix="rongmei-import-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            parsed = parse_export(path, layout=layout or None, platform=account.platform.code)
        except ImportFailed as exc:
            raise ValidationError(_issue_messages(exc)) from exc
        except KeyError as exc:
            raise ValidationError(str(exc.args[0])) from exc
    code = account.platform.code
    wrong = sorted({r.source_row for r in parsed.rows if r.platform != code})
    if wrong:
        names = {r.source_row: r.platform for r in parsed.rows}
        raise ValidationError([
            f"第 {row} 行：平台“{EXPORT_PLATFORMS.get(names[row], (names[row],))[0]}”与所选账号“{account}”不符"
            for row in wrong[:50]])
    if on_stage:
        on_stage(ImportJobState.WRITING)
    with transaction.atomic():
        return _import_write(actor=actor, account=account, filename=filename, data=data, digest=digest,
                             suffix=suffix, parsed=parsed)


def _import_write(*, actor, account, filename: str, data: bytes, digest: str, suffix: str, parsed
                  ) -> tuple[ImportBatch, bool]:
    """metrics_import 的写入部分（调用者的事务内）。"""
    workspace = account.workspace
    existing = ImportBatch.objects.filter(workspace=workspace, sha256=digest).first()
    if existing is not None:  # 解析期间别人导入了同一文件
        return existing, False
    now = clock.now()
    batch = ImportBatch(workspace=workspace, account=account, source=Source.IMPORT, filename=filename[:255],
                        sha256=digest, layout=parsed.layout.key, layout_label=parsed.layout.label,
                        created_by=actor)
    if parsed.date_range:
        batch.date_from, batch.date_to = parsed.date_range
    batch.save()
    day_values = []
    items: dict[str, dict] = {}
    for r in parsed.rows:
        if r.item_ref or r.item_title:
            key = r.item_ref or f"{r.item_title}|{r.published_at:%Y-%m-%d %H:%M}"
            entry = items.setdefault(key, {"title": r.item_title or "", "url": r.item_ref or "",
                                           "published_at": r.published_at, "values": {}})
            entry["values"][r.name] = float(r.value)
        else:
            day_values.append(DayValue(account.pk, r.date, r.name, float(r.value), r.channel or ""))
    result = _write_daily(workspace=workspace, values=day_values, source=Source.IMPORT, batch=batch, actor=actor)
    tz = timezone.get_current_timezone()
    links = PublicationIndex(account) if items else None
    for key, entry in items.items():
        published = entry["published_at"]
        if published is not None and timezone.is_naive(published):
            published = timezone.make_aware(published, tz)
        url = entry["url"] if is_web_url(entry["url"]) else ""  # javascript:/data: 链接不入库
        _item_upsert(account=account, key=key, title=entry["title"], url=url, published_at=published,
                     values=entry["values"], batch=batch, as_of=now, links=links)
    batch.rows_created, batch.rows_superseded, batch.rows_unchanged = result.created, result.superseded, result.unchanged
    batch.items = len(items)
    batch.file.save(Path(filename).name or f"import{suffix}", ContentFile(data), save=False)
    batch.save()
    record(Action.IMPORT, obj=batch, workspace=workspace, actor=actor,
           after={"格式": batch.layout_label, "账号": str(account), "新增": result.created, "更正": result.superseded,
                  "未变": result.unchanged, "作品": len(items)},
           message=f"导入 {filename}（{parsed.layout.label}）")
    return batch, True


def import_queue(*, actor, account, filename: str, data: bytes, layout: str | None = None) -> ImportJob:
    """较大的导入文件转入后台：暂存文件、登记一个后台导入并排队，立即返回（页面上看进度与结果）。

    与 metrics_import 相同的规则：解析校验在写事务之外，最后一次写入；有任何问题整个文件不导入并列出原因。"""
    require_perm(actor, account.workspace, MetricsPerm.IMPORT)
    if not data:
        raise ValidationError("文件为空")
    job = ImportJob(workspace=account.workspace, account=account, token=uuid.uuid4().hex, filename=filename[:255],
                    size=len(data), layout=layout or "", created_by=actor)
    job.file.save(Path(filename).name or "import.xlsx", ContentFile(data), save=False)
    job.save()
    job_enqueue("metrics.import_job", job.pk, label=f"导入 {filename}", workspace=account.workspace, actor=actor)
    return job


def import_job_run(job_id: int) -> ImportJob:
    """后台导入的执行（Huey 任务调用）：逐步更新状态；未导入时记下逐条原因。"""
    job = ImportJob.objects.select_related("account__platform", "account__workspace", "created_by").get(pk=job_id)
    if not job.running:
        return job

    def stage(state: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(state=state)

    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        batch, fresh = metrics_import(actor=job.created_by, account=job.account, filename=job.filename, data=data,
                                      layout=job.layout or None, on_stage=stage)
    except ValidationError as exc:
        job.state, job.problems = ImportJobState.FAILED, exc.messages[:200]
    except Exception as exc:  # 任务出错也要在页面上说清楚，不留在“处理中”
        log.exception("后台导入 %s 出错", job.pk)
        job.state, job.problems = ImportJobState.FAILED, [f"导入时出错：{type(exc).__name__}，请联系管理员查看日志"]
    else:
        job.state, job.batch, job.repeated = ImportJobState.DONE, batch, not fresh
    job.finished_at = clock.now()
    if job.state == ImportJobState.DONE and job.file:
        job.file.delete(save=False)  # 批次保存了自己的一份
    job.save()
    return job


@transaction.atomic
def metric_enter(*, actor, account, date: dt.date, name: str, value: float, channel: str = "") -> WriteResult:
    """手工录入一个数值（专项计数如线下留咨、成功上岗，或没有导出文件的平台数据）。"""
    workspace = account.workspace
    require_perm(actor, workspace, MetricsPerm.IMPORT)
    if name not in ENTERABLE:
        raise ValidationError({"name": f"不能手工录入的指标“{name}”"})
    if value is None or value < 0:
        raise ValidationError({"value": "数值不能为负数"})
    if date > clock.today():
        raise ValidationError({"date": "不能录入未来日期的数据"})
    result = _write_daily(workspace=workspace, values=[DayValue(account.pk, date, name, float(value), channel)],
                          source=Source.MANUAL, actor=actor)
    if not (result.created or result.superseded):  # 同一天同一指标录入同一个数：什么也没变，审计日志不记一条“录入”
        return result
    record(Action.CREATE, object_type="metrics.dailymetric", object_id=f"{account.pk}:{date}:{name}",
           object_repr=f"{account} {date} {metric_label(name)}", workspace=workspace, actor=actor,
           after={"数值": value, "渠道": channel},
           message=f"录入 {metric_label(name)}")
    return result


@transaction.atomic
def live_session_create(*, actor, account, title: str, started_at: dt.datetime, minutes: int,
                        peak_viewers: int = 0, total_viewers: int = 0) -> LiveSession:
    workspace = account.workspace
    require_perm(actor, workspace, MetricsPerm.IMPORT)
    if minutes <= 0:
        raise ValidationError({"minutes": "直播时长必须大于 0 分钟"})
    if peak_viewers > total_viewers and total_viewers:
        raise ValidationError({"peak_viewers": "最高在线人数不能大于累计观看人次"})
    session = LiveSession(workspace=workspace, account=account, title=title, started_at=started_at, minutes=minutes,
                          peak_viewers=peak_viewers, total_viewers=total_viewers, created_by=actor)
    session.full_clean()
    session.save()
    record(Action.CREATE, obj=session, workspace=workspace, actor=actor, after=snapshot(session), message="登记直播")
    return session


# ---------------------------------------------------------------------------------------------- 接口取数
#: 平台接口指标名 → 统一指标名（未列出的指标不存）。
API_NAMES: dict[str, dict[str, str]] = {
    "wechat": {"new_user": "followers_gained", "cancel_user": "followers_lost", "net_user": "followers_net",
               "cumulate_user": "followers_total", "read_user": "reads", "share_user": "shares",
               "like_user": "likes", "comment_count": "comments", "collection_user": "favorites"},
    "douyin": {"new_fans": "followers_gained", "total_fans": "followers_total", "new_like": "likes",
               "new_comment": "comments", "new_share": "shares", "new_play": "plays", "new_issue": "posts",
               "play_count": "plays", "digg_count": "likes", "comment_count": "comments", "share_count": "shares"},
    "weibo": {"comments": "comments", "reposts": "shares", "attitudes": "likes"},
    "kuaishou": {"view_count": "plays", "like_count": "likes", "comment_count": "comments"},
    "baijiahao": {"view_count": "reads", "comment_count": "comments", "share_count": "shares",
                  "likes_count": "likes", "collect_count": "favorites"},
}
#: 一次请求的最大天数，以及最多能回溯多少天（抖音 data.external.user 只给最近 30 天）。
MAX_WINDOW_DAYS = 30
MAX_BACK_DAYS: dict[str, int] = {"douyin": 30}
#: 只有作品快照、必须给出作品 ID 的平台
ITEM_ONLY = frozenset({"weibo", "kuaishou", "baijiahao"})


@dataclass
class FetchResult:
    batch: ImportBatch | None
    days: int = 0
    items: int = 0
    notes: list[str] | None = None


def _windows(start: dt.date, end: dt.date, span: int):
    cur = start
    while cur <= end:
        stop = min(end, cur + dt.timedelta(days=span - 1))
        yield cur, stop
        cur = stop + dt.timedelta(days=1)


def metrics_fetch(*, account, start: dt.date, end: dt.date, client, today: dt.date | None = None,
                  external_ids: tuple[str, ...] | None = None, actor=None) -> FetchResult:
    """用平台统计客户端（rongmei.engines.platforms 的适配器，``client.fetch_metrics(start, end)``）取数并入库。

    遵守平台的日期限制：截止到昨天；按 30 天一段请求；抖音只能回溯 30 天，更早的日期记入 ``notes``。
    账号级行写入日数据（只追加），作品行（有 external_id）写入作品累计数据。
    """
    code = account.platform.code
    today = today or clock.today()
    notes: list[str] = []
    end = min(end, today - dt.timedelta(days=1))
    back = MAX_BACK_DAYS.get(code)
    if back is not None and start < today - dt.timedelta(days=back):
        notes.append(f"{account.platform.name}接口只提供最近 {back} 天的数据，"
                     f"{start.isoformat()} 至 {(today - dt.timedelta(days=back + 1)).isoformat()} 需导入后台导出文件")
        start = today - dt.timedelta(days=back)
    if external_ids is None:
        external_ids = tuple(ItemStat.objects.filter(account=account).exclude(item_ref__startswith="http")
                             .exclude(item_ref__contains="|").order_by("-published_at")
                             .values_list("item_ref", flat=True)[:100])
    if code in ITEM_ONLY and not external_ids:
        notes.append(f"{account.platform.name}只有单条作品的累计数据接口，本账号还没有可查询的作品 ID")
        return FetchResult(None, notes=notes)
    if start > end:
        return FetchResult(None, notes=notes)
    names = API_NAMES.get(code, {})
    rows = []
    for a, b in _windows(start, end, MAX_WINDOW_DAYS):
        kwargs = {"external_ids": tuple(external_ids)} if external_ids else {}
        rows.extend(client.fetch_metrics(a, b, **kwargs))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            workspace=account.workspace, account=account, source=Source.API,
            filename=f"接口取数 {start.isoformat()}—{end.isoformat()}", date_from=start, date_to=end,
            layout=f"api:{code}", layout_label=f"{account.platform.name}统计接口", created_by=actor)
        day_values: dict[tuple, DayValue] = {}
        item_values: dict[str, dict[str, float]] = defaultdict(dict)
        for r in rows:
            name = names.get(r.metric)
            if name is None:
                continue
            if r.external_id:
                item_values[r.external_id][name] = max(item_values[r.external_id].get(name, 0.0), float(r.value))
            else:
                day_values[(r.date, name, r.dimension)] = DayValue(account.pk, r.date, name, float(r.value),
                                                                   r.dimension or "")
        result = _write_daily(workspace=account.workspace, values=day_values.values(), source=Source.API,
                              batch=batch, actor=actor)
        now = clock.now()
        links = PublicationIndex(account) if item_values else None
        for ext, values in item_values.items():
            _item_upsert(account=account, key=ext, title="", url="", published_at=None, values=values,
                         batch=batch, as_of=now, links=links)
        batch.rows_created, batch.rows_superseded, batch.rows_unchanged = (result.created, result.superseded,
                                                                           result.unchanged)
        batch.items = len(item_values)
        batch.save()
        record(Action.IMPORT, obj=batch, workspace=account.workspace, actor=actor,
               after={"新增": result.created, "更正": result.superseded, "未变": result.unchanged,
                      "作品": len(item_values)},
               message=f"{account} 接口取数 {start}—{end}")
    return FetchResult(batch, days=len({d for d, _n, _c in day_values}), items=len(item_values), notes=notes)


@transaction.atomic
def item_stats_link(*, actor, workspace) -> int:
    """一次性回填：把工作区里尚未关联的作品数据按平台作品 ID/链接关联到发布记录与稿件。返回新关联条数。"""

    require_perm(actor, workspace, MetricsPerm.IMPORT)
    linked: list[ItemStat] = []
    for account in OfficialAccount.objects.filter(workspace=workspace):
        pending = list(ItemStat.objects.filter(account=account, publication__isnull=True)
                       .only("pk", "item_ref", "url"))
        if not pending:
            continue
        links = PublicationIndex(account)
        if not links.by_ext and not links.by_url:
            continue
        for item in pending:
            hit = links.match(ref=item.item_ref, url=item.url)
            if hit is not None:
                item.publication_id, item.content_item_id = hit
                linked.append(item)
    ItemStat.objects.bulk_update(linked, ["publication", "content_item"], batch_size=1000)
    if linked:
        record(Action.UPDATE, object_type="metrics.itemstat", object_id=str(workspace.pk),
               object_repr=f"{workspace} 作品数据", workspace=workspace, actor=actor,
               after={"新关联作品": len(linked)}, message=f"作品数据关联发布记录 {len(linked)} 条")
    return len(linked)


def missing_days(*, account, start: dt.date, end: dt.date) -> list[dt.date]:
    """账号在区间内没有任何日数据的日期（用于补取）。"""
    have = set(DailyMetric.objects.filter(account=account, current=True, date__gte=start, date__lte=end)
               .values_list("date", flat=True).distinct())
    out, day = [], start
    while day <= end:
        if day not in have:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def fetch_account_backfill(*, account, days: int = 30, today: dt.date | None = None) -> str:
    """每日任务的一步：为账号补取最近 ``days`` 天中缺失的日期。返回中文结果说明。"""
    client = stats_client_for(account)
    if client is None:
        msg = f"{account}：没有配置统计接口凭证，跳过接口取数"
        log.info(msg)
        return msg
    today = today or clock.today()
    end = today - dt.timedelta(days=1)
    start = end - dt.timedelta(days=days - 1)
    ws = account.workspace
    if ws.period_start:
        start = max(start, ws.period_start)
    if ws.period_end:
        end = min(end, ws.period_end)
    if account.opened_on:
        start = max(start, account.opened_on)
    gaps = missing_days(account=account, start=start, end=end) if start <= end else []
    if not gaps:
        return f"{account}：最近 {days} 天数据完整"
    result = metrics_fetch(account=account, start=gaps[0], end=gaps[-1], client=client, today=today)
    text = f"{account}：补取 {gaps[0]}—{gaps[-1]}，{result.days} 天"
    if result.notes:
        text += "；" + "；".join(result.notes)
    log.info(text)
    return text


# ---------------------------------------------------------------------------------------------- 付费推广
PROMOTION_FIELDS = ["account", "product", "order_no", "content_item", "item_title", "item_url", "ordered_at",
                    "objective", "budget", "spend", "targeting", "plays", "followers", "home_visits", "leads", "note"]


def _promotion_check(promo: Promotion) -> None:
    if promo.account.workspace_id != promo.workspace_id:
        raise ValidationError({"account": "账号不属于本工作区"})
    if promo.content_item_id and promo.content_item.workspace_id != promo.workspace_id:
        raise ValidationError({"content_item": "稿件不属于本工作区"})
    if promo.item_url and not is_web_url(promo.item_url):
        raise ValidationError({"item_url": "链接必须以 http:// 或 https:// 开头"})
    if promo.ordered_at and promo.ordered_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"ordered_at": "下单时间不能晚于现在"})
    if promo.budget and promo.spend > promo.budget:
        raise ValidationError({"spend": "实际消耗不能大于投放金额（预算）；预算未知时请留空"})
    if promo.order_no and Promotion.objects.filter(workspace_id=promo.workspace_id, product=promo.product,
                                                   order_no=promo.order_no).exclude(pk=promo.pk).exists():
        raise ValidationError({"order_no": "同一推广产品下已有这个订单号"})


@transaction.atomic
def promotion_save(*, actor, account, promotion: Promotion | None = None, **fields) -> Promotion:
    """登记或修改一笔推广订单（手工录入）。"""
    workspace = account.workspace
    require_perm(actor, workspace, MetricsPerm.IMPORT)
    before = snapshot(promotion, PROMOTION_FIELDS) if promotion else None
    promo = promotion or Promotion(workspace=workspace, created_by=actor, source=Source.MANUAL)
    if promo.workspace_id != workspace.pk:
        raise ValidationError("推广订单不属于本工作区")
    promo.account = account
    for name, value in fields.items():
        if name not in PROMOTION_FIELDS:
            raise TypeError(name)
        if value is None and name != "content_item":
            value = 0 if name in ("budget", "plays", "followers", "home_visits", "leads") else ""
        setattr(promo, name, value)
    _promotion_check(promo)
    promo.full_clean(validate_constraints=False)
    promo.save()
    record(Action.UPDATE if before else Action.CREATE, obj=promo, workspace=workspace, actor=actor,
           before=before, after=snapshot(promo, PROMOTION_FIELDS),
           message="修改推广订单" if before else "登记推广订单")
    return promo


@transaction.atomic
def promotion_delete(*, actor, promotion: Promotion) -> None:
    require_perm(actor, promotion.workspace, MetricsPerm.IMPORT)
    record(Action.DELETE, obj=promotion, workspace=promotion.workspace, actor=actor,
           before=snapshot(promotion, PROMOTION_FIELDS), message="删除推广订单")
    promotion.delete()


@dataclass
class PromotionImport:
    created: int
    updated: int
    unchanged: int


def promotions_import(*, actor, account, product: str, data: bytes, filename: str) -> PromotionImport:
    """导入平台的投流订单导出：全部行通过校验才写入；同一订单号再次导入时更新平台回传的结果（不重复计）。"""
    workspace = account.workspace
    require_perm(actor, workspace, MetricsPerm.IMPORT)
    rows = read_orders(data, filename)  # 任何一行有错都在这里抛出，什么也不写
    created = updated = unchanged = 0
    with transaction.atomic():
        for row in rows:
            row_product = row.product or product
            values = {"ordered_at": row.ordered_at, "objective": row.objective or "plays", "budget": row.budget,
                      "spend": row.spend, "targeting": row.targeting, "item_title": row.item_title,
                      "item_url": row.item_url, "plays": row.plays, "followers": row.followers,
                      "home_visits": row.home_visits, "leads": row.leads}
            promo = None
            if row.order_no:
                promo = Promotion.objects.filter(workspace=workspace, product=row_product,
                                                 order_no=row.order_no).first()
            if promo is not None and promo.account_id != account.pk:
                raise ValidationError(f"文件“{filename}”第 {row.row} 行：订单号“{row.order_no}”已登记在账号"
                                      f"“{promo.account}”下，整个文件没有导入")
            if promo is None:
                promo = Promotion(workspace=workspace, account=account, product=row_product, order_no=row.order_no,
                                  source=Source.IMPORT, filename=filename[:255], created_by=actor, **values)
                created += 1
            elif all(getattr(promo, k) == v for k, v in values.items()):
                unchanged += 1
                continue
            else:
                for k, v in values.items():
                    setattr(promo, k, v)
                promo.source, promo.filename = Source.IMPORT, filename[:255]
                updated += 1
            if promo.budget and promo.spend > promo.budget:
                raise ValidationError(f"文件“{filename}”第 {row.row} 行：实际消耗 {promo.spend} 元大于投放金额 "
                                      f"{promo.budget} 元，整个文件没有导入")
            promo.save()
        record(Action.IMPORT, object_type="metrics.promotion", object_id=str(account.pk),
               object_repr=f"{account} 投流订单", workspace=workspace, actor=actor,
               after={"文件": filename, "新增": created, "更新": updated, "未变": unchanged},
               message=f"导入投流订单 {filename}")
    return PromotionImport(created, updated, unchanged)


__all__ = [
    "METRIC_LABELS", "aggregates_refresh", "fetch_account_backfill", "item_stats_link", "live_session_create",
    "metric_enter",
    "metrics_fetch", "metrics_import", "missing_days", "promotion_delete", "promotion_save", "promotions_import",
]
