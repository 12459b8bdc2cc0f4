"""发布 worker：认领队列行 → 调用适配器 → 按结果更新状态。Huey 任务（tasks.py）只调用这里。

防重复发布的三道保险：
1. 幂等键唯一（每个修订版 × 账号一行）；
2. 认领用条件更新加“处理锁”（``locked_until``），同一行同一时间只有一个 worker 在处理；
3. 适配器每完成一个有副作用的步骤就回调 ``on_step``，这里立即把断点写库；重跑时从断点续跑，
   已完成的步骤不重做，中断在提交途中的由适配器对账，无法确认时转“待人工核实”。
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.notifications import notify
from rongmei.engines.platforms import (
    AuthError,
    ConfigError,
    DeferError,
    PlatformError,
    PublishProgress,
    PublishState,
    UncertainError,
    get_adapter,
    mask_secrets,
)
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership

from . import content, credentials
from .choices import PubState
from .models import Publication
from .workflow import PubAct, states_allowing

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5  # 平台繁忙/网络错误时整体重试的次数（适配器内部另有几次带抖动的重试）
# worker 可以认领的状态（见 workflow.TRANSITIONS 中的 worker 动作）
WORKER_STATES = (*states_allowing(PubAct.DISPATCH), *states_allowing(PubAct.PROGRESS))
PAUSED_REASON = "工作区已“暂停全部发布”，恢复后自动继续"


def _after_step(publication_id: int, checkpoint: dict) -> None:
    """断点写库后的钩子（测试用它模拟 worker 在发布途中被杀）。"""


def _masked(value, secrets: list[str]) -> dict:
    if not value:
        return {}
    text = mask_secrets(json.dumps(value, ensure_ascii=False, default=str), secrets)
    try:
        out = json.loads(text)
    except ValueError:
        return {"masked": text}
    return out if isinstance(out, dict) else {"value": out}


def _secrets_of(pub: Publication) -> list[str]:
    try:
        return [v for v in credentials.load_credentials(pub.account).values() if v]
    except ValueError:
        return []


def claim(pk: int, now: dt.datetime) -> Publication | None:
    """条件更新认领一行：只有状态可处理、且没有被别的 worker 锁住时才成功。"""
    got = (Publication.objects.filter(pk=pk, state__in=WORKER_STATES)
           .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
           .update(locked_until=now + LEASE))
    if not got:
        return None
    return (Publication.objects.select_related("workspace", "item", "revision", "revision__created_by", "account",
                                               "account__platform", "scheduled_by", "published_by").get(pk=pk))


def run(pk: int, *, force: bool = False, now: dt.datetime | None = None) -> Publication | None:
    """处理一行（发布或继续发布/查询结果）。``force``：立即发布，不等计划时间。返回处理后的行。"""
    now = now or clock.now()
    pub = claim(pk, now)
    if pub is None:
        return None
    try:
        _run(pub, now, force)
    finally:
        Publication.objects.filter(pk=pk).update(locked_until=None)
    pub.refresh_from_db()
    return pub


def _save(pub: Publication, **fields) -> None:
    for k, v in fields.items():
        setattr(pub, k, v)
    pub.save(update_fields=[*fields.keys(), "updated_at"])


def _run(pub: Publication, now: dt.datetime, force: bool) -> None:
    if pub.workspace.publishing_paused:
        _save(pub, state=PubState.QUEUED if pub.state == PubState.PLANNED else pub.state, hold_reason=PAUSED_REASON)
        return
    if pub.state == PubState.PLANNED and pub.planned_at > now and not force:
        return
    if pub.state in (PubState.PLANNED, PubState.QUEUED):
        _save(pub, state=PubState.PUBLISHING, attempts=pub.attempts + 1, hold_reason="", error_code="",
              error_message="", next_attempt_at=None)
    secrets = _secrets_of(pub)
    cp: dict = json.loads(json.dumps(pub.checkpoint or {}))

    def on_step(snapshot: dict) -> None:  # 适配器传来的是副本；cp 本身由适配器原地更新
        Publication.objects.filter(pk=pub.pk).update(
            checkpoint=snapshot, last_response=_masked(snapshot.get("last_response"), secrets), updated_at=clock.now())
        _after_step(pub.pk, snapshot)

    try:
        adapter = credentials.adapter_for(pub.account)
        item = content.build_item(pub)
        progress = adapter.publish(item, cp, on_step)
    except DeferError as exc:
        wait = max(60.0, float(exc.retry_after or 60))
        _error(pub, cp, secrets, exc, state=PubState.QUEUED, next_at=now + dt.timedelta(seconds=wait),
               hold=f"平台限制，{_human(wait)}后自动重试")
        return
    except UncertainError as exc:
        _error(pub, cp, secrets, exc, state=PubState.UNCERTAIN)
        _notify_problem(pub, "发布结果待人工核实", exc.explanation)
        return
    except (AuthError, ConfigError) as exc:
        _error(pub, cp, secrets, exc, state=PubState.FAILED)
        _notify_problem(pub, "发布失败（账号凭证或配置）", exc.explanation)
        return
    except PlatformError as exc:
        if exc.retryable and pub.attempts < MAX_ATTEMPTS:
            wait = 60.0 * (2 ** max(0, pub.attempts - 1))
            _error(pub, cp, secrets, exc, state=PubState.QUEUED, next_at=now + dt.timedelta(seconds=wait),
                   hold=f"平台暂时不可用，{_human(wait)}后自动重试（第 {pub.attempts} 次）")
            return
        _error(pub, cp, secrets, exc, state=PubState.FAILED)
        _notify_problem(pub, "发布失败", exc.explanation)
        return
    except Exception:  # 系统自身错误：保留断点，稍后重试，绝不丢失
        log.exception("发布 %s 出现系统错误", pub.pk)
        wait = 300.0
        Publication.objects.filter(pk=pub.pk).update(
            checkpoint=cp, state=PubState.QUEUED if not cp.get("steps") else PubState.PUBLISHING,
            error_code="system_error", error_message="系统内部错误（详情见系统日志），5 分钟后自动重试",
            next_attempt_at=now + dt.timedelta(seconds=wait))
        return
    _apply(pub, progress, secrets, now)


def _human(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} 小时"
    return f"{max(1, round(seconds / 60))} 分钟"


def _error(pub, cp, secrets, exc: PlatformError, *, state: str, next_at=None, hold: str = "") -> None:
    if cp:
        cp.setdefault("last_response", exc.as_dict())
    _save(pub, state=state, checkpoint=cp, last_response=_masked(exc.as_dict(), secrets),
          error_code=str(exc.code if exc.code is not None else "")[:60], error_message=exc.explanation,
          next_attempt_at=next_at, hold_reason=hold)


def _apply(pub: Publication, progress: PublishProgress, secrets: list[str], now: dt.datetime) -> None:
    cp = progress.checkpoint
    common = dict(checkpoint=cp, last_response=_masked(cp.get("last_response"), secrets))
    if progress.state is PublishState.PUBLISHED:
        _save(pub, state=PubState.PUBLISHED, external_id=progress.external_id[:200], url=progress.url[:1000],
              published_at=now, published_by=pub.published_by or pub.scheduled_by, error_code="", error_message="",
              next_attempt_at=None, hold_reason="", **common)
        record(Action.PUBLISH, obj=pub, workspace=pub.workspace,
               after={"账号": str(pub.account), "链接": pub.url, "平台 ID": pub.external_id},
               message=f"已发布到 {pub.account}")
    elif progress.state is PublishState.PUBLISHING:
        wait = progress.next_check_after or 60
        _save(pub, state=PubState.PUBLISHING, next_attempt_at=now + dt.timedelta(seconds=wait),
              hold_reason=progress.message or "已提交平台，等待平台处理结果", **common)
    elif progress.state is PublishState.MANUAL:
        _save(pub, state=PubState.MANUAL, manual=True, hold_reason=progress.message, next_attempt_at=None, **common)
        remind_manual(pub, now)
    else:
        err = progress.error
        _save(pub, state=PubState.FAILED, error_code=str(err.code if err else "failed")[:60],
              error_message=(err.explanation if err else progress.message) or "平台返回发布失败", **common)
        _notify_problem(pub, "发布失败", pub.error_message)


# --- 通知 -------------------------------------------------------------------------------------------


def _people(pub: Publication) -> list:
    users = [u for u in (pub.scheduled_by, pub.published_by) if u is not None]
    users += [m.user for m in Membership.objects.filter(workspace=pub.workspace, role=Role.MANAGER)
              .select_related("user")]
    return users


def _url(pub: Publication) -> str:
    return reverse("publishing:detail", kwargs={"ws": pub.workspace.slug, "pk": pub.pk})


def _notify(users, pub: Publication, title: str, body: str, kind: str) -> None:
    notify(users=users, workspace=pub.workspace, title=title, body=body, url=_url(pub), kind=kind)


def _notify_problem(pub: Publication, title: str, explanation: str) -> None:
    _notify(_people(pub), pub, f"{title}：{pub.revision.title}",
            f"账号：{pub.account}\n说明：{explanation}", "publishing.problem")


def remind_manual(pub: Publication, now: dt.datetime) -> bool:
    """人工发布到时间了：提醒排期人和发布人（每行只提醒一次）。"""
    if pub.state != PubState.MANUAL or pub.planned_at > now or pub.reminded_at is not None:
        return False
    _notify(_people(pub), pub, f"请人工发布：{pub.revision.title}",
            f"{pub.account} 没有开放发布接口。计划时间 {timezone.localtime(pub.planned_at):%m-%d %H:%M} 已到，"
            "请在平台后台发布后登记链接、发布时间和截图。", "publishing.manual")
    _save(pub, reminded_at=now)
    return True


def check_stuck(pub: Publication, now: dt.datetime) -> bool:
    """发布中超过平台允许的最长时间：标记并通知（每行一次）。"""
    if pub.state != PubState.PUBLISHING or pub.stuck_reported_at is not None:
        return False
    code = pub.account.platform.code
    if not credentials.is_supported(code):
        return False
    if not get_adapter(code).is_stuck(pub.checkpoint or {}, now.timestamp()):
        return False
    _save(pub, stuck_reported_at=now)
    _notify(_people(pub), pub, f"发布卡住：{pub.revision.title}",
            f"{pub.account} 发布中已超过平台通常所需时间，请到平台后台核实：已发布则人工登记链接，"
            "未发布请联系技术维护人员。", "publishing.stuck")
    record(Action.OTHER, obj=pub, workspace=pub.workspace, message="发布卡住（超过平台最长发布时间）")
    return True
