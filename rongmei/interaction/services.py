"""互动的写操作：收消息（接口、推送、导入、手工）、分类更正、分派、转处室、答复（审校 → 审核 → 发送）、
精选确认、问题集锦、到期提醒。关键字参数、事务、校验、审计；发送任务在事务提交后按任务名排队。"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import checkers, clock, duty, signals
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import has_perm, require_perm
from rongmei.core.services import job_enqueue
from rongmei.core.tenancy import role_in
from rongmei.engines import textclass
from rongmei.engines.platforms import PlatformError
from rongmei.engines.platforms.models import Incoming, IncomingKind
from rongmei.engines.platforms.wechat.callback import parse_callback
from rongmei.engines.sla import SlaError, parse_within
from rongmei.production.models import Column
from rongmei.production.services import item_create
from rongmei.publishing import credentials
from rongmei.publishing.models import Publication
from rongmei.workspaces.models import OfficialAccount

from . import imports, ingest, senders, timing
from .choices import (
    CURATED_PLATFORMS,
    DONE_STATES,
    OPEN_STATES,
    SENT_REPLY_STATES,
    Category,
    CorrectionField,
    CurationState,
    MessageKind,
    MessageSource,
    MessageState,
    ReplyState,
    Sentiment,
)
from .models import (
    Correction,
    Department,
    Faq,
    InboxSettings,
    IngestState,
    Message,
    PlatformHours,
    Reply,
    ReplyTemplate,
    ReplyTemplateVersion,
    SlaRule,
)
from .permissions import InteractionPerm

log = logging.getLogger(__name__)

SEND_TASK = "interaction.send_reply"
POLL_TASK = "interaction.poll_account"
MAX_TEXT = 5000


def message_url(message: Message) -> str:
    return reverse("interaction:message", kwargs={"ws": message.workspace.slug, "pk": message.pk})


# ---------------------------------------------------------------- 分类的补充关键词（人工更正回馈）


def learned_keywords(workspace) -> dict[str, list[str]]:
    """工作区的人工分类更正 → classify 的 extra_keywords（后更正的优先，同一个词只取最新的分类）。"""
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    rows = (Correction.objects.filter(workspace=workspace, field=CorrectionField.CATEGORY).exclude(keyword="")
            .order_by("-at", "-pk").values_list("keyword", "new_value")[:2000])
    for word, category in rows:
        if word in seen:
            continue
        seen.add(word)
        out.setdefault(category, []).append(word)
    return out


# ---------------------------------------------------------------- 收消息


@dataclass
class ReceiveResult:
    created: list[Message] = field(default_factory=list)
    duplicates: int = 0

    @property
    def count(self) -> int:
        return len(self.created)

    def __str__(self) -> str:
        return f"新收 {self.count} 条，重复 {self.duplicates} 条已忽略"


_KINDS = {k.value for k in IncomingKind}


def _check_incoming(rows: Sequence[Incoming]) -> None:
    errors = []
    for n, inc in enumerate(rows, start=1):
        where = f"第 {n} 条"
        if not str(inc.external_id or "").strip():
            errors.append(f"{where}：缺少平台消息 ID")
        if not str(inc.text or "").strip():
            errors.append(f"{where}：内容为空")
        if str(inc.kind) not in _KINDS:
            errors.append(f"{where}：不认识的消息类型“{inc.kind}”")
        if inc.created_at is not None and timezone.is_naive(inc.created_at):
            errors.append(f"{where}：收到时间缺少时区")
        if len(errors) >= 20:
            break
    if errors:
        raise ValidationError(errors)


def _notify_hot(workspace, messages: list[Message]) -> None:
    """舆情风险或紧急的消息立即推送给值班人员。"""
    hot = [m for m in messages if m.urgent or m.category == Category.RISK]
    if not hot:
        return
    people = duty.on_duty(workspace, clock.now())
    if not people:
        return
    for m in hot[:20]:  # 一次涌入很多时只逐条推前 20 条，其余合并一条
        kind = "舆情风险" if m.category == Category.RISK else "紧急留言"
        notify(users=people, workspace=workspace, kind="interaction.hot", title=f"{kind}：{m.account.name} {m.author or '网友'}",
               body=m.text[:300], url=message_url(m))
    if len(hot) > 20:
        notify(users=people, workspace=workspace, kind="interaction.hot", title=f"另有 {len(hot) - 20} 条紧急或舆情风险消息",
               body="请到互动收件箱查看", url=reverse("interaction:inbox", kwargs={"ws": workspace.slug}) + "?urgent=1")


@transaction.atomic
def receive_messages(*, workspace, account: OfficialAccount, incoming: Iterable[Incoming], source: str,
                     actor=None) -> ReceiveResult:
    """把平台消息收进收件箱：按（账号, 平台消息 ID）去重，自动分类，起算时限，关联到发布与稿件，
    紧急或舆情风险消息推送值班人员。账号不属于该工作区时整批拒收（中文说明），不写入任何一条。"""
    if actor is not None:
        require_perm(actor, workspace, InteractionPerm.HANDLE)
    if account.workspace_id != workspace.pk:
        log.warning("拒收：账号 %s 不属于工作区 %s", account.pk, workspace.slug)
        raise PermissionDenied(f"账号“{account}”不属于工作区“{workspace.name}”，消息未入库")
    if source not in MessageSource.values:
        raise ValidationError(f"不认识的消息来源“{source}”")
    rows = list(incoming)
    _check_incoming(rows)
    result = ReceiveResult()
    if not rows:
        return result
    ids = {str(r.external_id).strip() for r in rows}
    known = set(Message.objects.filter(account=account, external_id__in=ids).values_list("external_id", flat=True))
    fresh: list[Incoming] = []
    for inc in rows:
        ext = str(inc.external_id).strip()
        if ext in known:
            result.duplicates += 1
            continue
        known.add(ext)
        fresh.append(inc)
    if not fresh:
        return result

    platform = account.platform.code
    cache: dict = {}
    sla_clock = timing.clock_for(workspace, platform, cache=cache)
    extra = learned_keywords(workspace)
    content_ids = {str(r.content_external_id) for r in fresh if r.content_external_id}
    pubs = {p.external_id: p for p in Publication.objects.filter(account=account, external_id__in=content_ids)} \
        if content_ids else {}
    now = clock.now()
    curated = platform in CURATED_PLATFORMS
    texts = [str(inc.text).strip()[:MAX_TEXT] for inc in fresh]
    # 一批只规范化一次人工纠正词；同一文本只分类一次
    classes = textclass.classify_many(texts, extra_keywords=extra)
    objs = []
    for inc, text, c in zip(fresh, texts, classes, strict=True):
        received = inc.created_at or now
        first, resolution = sla_clock.rule_for(c.category, c.urgent)
        pub = pubs.get(str(inc.content_external_id)) if inc.content_external_id else None
        kind = str(inc.kind)
        objs.append(Message(
            workspace=workspace, account=account, platform=platform, kind=kind, source=source,
            external_id=str(inc.external_id).strip()[:200], parent_external_id=str(inc.parent_external_id or "")[:200],
            content_external_id=str(inc.content_external_id or "")[:200],
            publication=pub, item_id=pub.item_id if pub else None,
            author=str(inc.author or "")[:120], author_id=str(inc.author_id or "")[:200], text=text,
            received_at=received, created_at=now, raw=dict(inc.raw or {}),
            category=c.category, sentiment=c.sentiment.label, sentiment_score=float(c.sentiment.score),
            urgent=bool(c.urgent), reasons=list(c.reasons)[:10],
            first_due_at=sla_clock.due(received, first), due_at=sla_clock.due(received, resolution),
            curation_state=CurationState.PENDING if curated and kind == MessageKind.COMMENT else CurationState.NONE,
        ))
    created = Message.objects.bulk_create(objs, batch_size=500)
    if any(m.pk is None for m in created):  # 旧数据库后端不回填主键时重新读出
        created = list(Message.objects.filter(account=account, external_id__in=[m.external_id for m in objs]))
    _link_threads(account, created)
    facts_changed(workspace)
    result.created = created
    record(Action.IMPORT, workspace=workspace, actor=actor, object_type="interaction.message",
           object_repr=f"{account}", message=f"收到 {account} 的互动消息（{MessageSource(source).label}）：{result}")
    _notify_hot(workspace, created)
    return result


def _link_threads(account, created: list[Message]) -> None:
    """楼中楼：按 parent_external_id 找到回复的消息与所在对话（可能在本批里，也可能是以前收的）。"""
    replies = [m for m in created if m.parent_external_id]
    if not replies:
        return
    # 外部 id → (主键, 所在对话)；本批按顺序处理，楼中楼的楼中楼也能找到对话的第一条
    known = {ext: (pk, thread) for ext, pk, thread in Message.objects.filter(
        account=account, external_id__in={m.parent_external_id for m in replies}).values_list(
        "external_id", "id", "thread_id")}
    changed = []
    for m in sorted(replies, key=lambda x: x.received_at):
        parent = known.get(m.parent_external_id)
        if parent is None:
            continue
        m.parent_id = parent[0]
        m.thread_id = parent[1] or parent[0]
        known[m.external_id] = (m.pk, m.thread_id)
        changed.append(m)
    if changed:
        Message.objects.bulk_update(changed, ["parent", "thread"], batch_size=500)


@transaction.atomic
def message_enter(*, actor, workspace, account: OfficialAccount, text: str, author: str = "",
                  received_at: dt.datetime | None = None, kind: str = MessageKind.COMMENT, external_id: str = "",
                  content_external_id: str = "") -> Message:
    """手工登记一条消息（没有接口的平台：视频号、快手、头条号、百家号等）。"""
    require_perm(actor, workspace, InteractionPerm.HANDLE)
    if received_at is not None and received_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": "收到时间不能晚于现在"})
    ext = external_id.strip() or f"manual-{clock.now():%Y%m%d%H%M%S%f}"
    inc = Incoming(external_id=ext, kind=kind, text=text, author=author, created_at=received_at or clock.now(),
                   content_external_id=content_external_id or None)
    res = receive_messages(workspace=workspace, account=account, incoming=[inc], source=MessageSource.MANUAL,
                           actor=actor)
    if not res.created:
        raise ValidationError({"external_id": "这条消息已经登记过（同一账号的平台消息 ID 重复）"})
    return res.created[0]


# ---------------------------------------------------------------- 分类更正、分派、状态


def _get_for_update(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("workspace", "account").get(pk=message.pk)


@transaction.atomic
def message_correct(*, actor, message: Message, category: str | None = None, sentiment: str | None = None,
                    urgent: bool | None = None, keyword: str = "") -> Message:
    """一键更正分类/情感/紧急：保留更正记录；分类更正的依据词（留空时用较短的原文）作为该工作区的补充关键词。"""
    require_perm(actor, message.workspace, InteractionPerm.HANDLE)
    m = _get_for_update(message)
    keyword = keyword.strip()[:60]
    if not keyword:
        norm = textclass.normalize(m.text)
        keyword = norm if len(norm) <= 30 else ""
    changes = []
    if category is not None and category != m.category:
        if category not in Category.values:
            raise ValidationError({"category": "不认识的分类"})
        changes.append((CorrectionField.CATEGORY, m.category, category, keyword))
        m.category = category
    if sentiment is not None and sentiment != m.sentiment:
        if sentiment not in Sentiment.values:
            raise ValidationError({"sentiment": "不认识的情感"})
        changes.append((CorrectionField.SENTIMENT, m.sentiment, sentiment, ""))
        m.sentiment = sentiment
    if urgent is not None and bool(urgent) != m.urgent:
        changes.append((CorrectionField.URGENT, "是" if m.urgent else "否", "是" if urgent else "否", ""))
        m.urgent = bool(urgent)
    if not changes:
        return m
    now = clock.now()
    for fld, old, new, word in changes:
        Correction.objects.create(workspace=m.workspace, message=m, field=fld, old_value=old, new_value=new,
                                  keyword=word, by=actor, at=now)
    m.corrected_by, m.corrected_at = actor, now
    became_hot = any(f in (CorrectionField.CATEGORY, CorrectionField.URGENT) for f, *_ in changes) and \
        (m.urgent or m.category == Category.RISK)
    if m.is_open and m.first_response_at is None:  # 分类变了，时限按新分类重算（从收到时起）
        c = timing.clock_for(m.workspace, m.platform)
        first, resolution = c.rule_for(m.category, m.urgent)
        m.first_due_at, m.due_at = c.due(m.received_at, first), c.due(m.received_at, resolution)
    m.save()
    facts_changed(m.workspace)
    record(Action.UPDATE, obj=m, actor=actor, message="人工更正分类：" + "；".join(
        f"{CorrectionField(f).label} {o}→{n}" for f, o, n, _ in changes))
    if became_hot:
        _notify_hot(m.workspace, [m])
    return m


def _check_assignee(workspace, user) -> None:
    if user is not None and not has_perm(user, workspace, InteractionPerm.HANDLE):
        raise ValidationError({"assignee": f"{user} 不能处理互动消息"})


def _scope(actor, workspace, messages) -> list[Message]:
    ids = [m.pk if isinstance(m, Message) else int(m) for m in messages]
    rows = list(Message.objects.select_for_update().filter(workspace=workspace, pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ValidationError("有消息不属于本工作区或已被删除")
    return rows


@transaction.atomic
def messages_bulk(*, actor, workspace, messages, action: str, assignee=None, category: str = "",
                  department: Department | None = None) -> int:
    """批量操作：assign 分派、category 改分类、close 关闭、department 转处室。返回处理条数。"""
    require_perm(actor, workspace, InteractionPerm.HANDLE)
    rows = _scope(actor, workspace, messages)
    if action == "assign":
        _check_assignee(workspace, assignee)
        for m in rows:
            m.assignee = assignee
            if m.state == MessageState.NEW and assignee is not None:
                m.state = MessageState.IN_PROGRESS
        Message.objects.bulk_update(rows, ["assignee", "state"])
        if assignee is not None and assignee != actor:
            notify(users=[assignee], workspace=workspace, kind="interaction.assign",
                   title=f"分派给您 {len(rows)} 条互动消息", url=reverse("interaction:inbox", kwargs={"ws": workspace.slug})
                   + "?assignee=me")
        msg = f"批量分派 {len(rows)} 条给 {assignee or '（取消分派）'}"
    elif action == "category":
        if category not in Category.values:
            raise ValidationError({"category": "请选择分类"})
        for m in rows:
            message_correct(actor=actor, message=m, category=category)
        msg = f"批量改分类 {len(rows)} 条为 {Category(category).label}"
    elif action == "close":
        now = clock.now()
        clocks: dict = {}
        for m in rows:
            if m.state not in DONE_STATES:
                _unpause(m, now)
                m.state, m.resolved_at = MessageState.CLOSED, m.resolved_at or now
                _times_changed(m, cache=clocks, bump=False)
        Message.objects.bulk_update(rows, ["state", "resolved_at", "paused_at", "paused_seconds", "first_due_at",
                                           "due_at", "first_response_seconds", "resolve_seconds"])
        facts_changed(workspace)
        msg = f"批量关闭 {len(rows)} 条"
    elif action == "department":
        if department is None:
            raise ValidationError({"department": "请选择处室"})
        for m in rows:
            message_route(actor=actor, message=m, department=department)
        msg = f"批量转 {department} {len(rows)} 条"
    else:
        raise ValidationError("不支持的批量操作")
    record(Action.UPDATE, workspace=workspace, actor=actor, object_type="interaction.message",
           object_repr=f"{len(rows)} 条消息", message=msg)
    return len(rows)


@transaction.atomic
def message_assign(*, actor, message: Message, assignee) -> Message:
    messages_bulk(actor=actor, workspace=message.workspace, messages=[message], action="assign", assignee=assignee)
    return Message.objects.get(pk=message.pk)


def _times_changed(m: Message, *, cache: dict | None = None, bump: bool = True) -> None:
    """首次响应、办结或暂停的时间点可能变了（保存前调用）：按当时的工作时段与法定工作日重记两个工作时间用时，
    并换新互动事实的版本（bump=False 时由调用方在一批之后换一次）。"""
    if m.first_response_at or m.resolved_at:
        c = timing.clock_for(m.workspace, m.platform, cache=cache)
        m.first_response_seconds, m.resolve_seconds = timing.durations(c, m.received_at, m.first_response_at,
                                                                       m.resolved_at, m.paused_seconds)
    else:
        m.first_response_seconds = m.resolve_seconds = None
    if bump:
        facts_changed(m.workspace)


def facts_changed(workspace) -> None:
    """互动事实（按时/超时条数）可能变了：换一个新的事实版本（selectors.facts_revision 读它）。"""
    token = uuid.uuid4().hex
    if not InboxSettings.objects.filter(workspace=workspace).update(facts_version=token):
        timing.settings_of(workspace)
        InboxSettings.objects.filter(workspace=workspace).update(facts_version=token)


def _pause(m: Message, now: dt.datetime) -> None:
    if m.paused_at is None:
        m.paused_at = now


def _unpause(m: Message, now: dt.datetime) -> None:
    """结束“等待群众补充”：期限按暂停的工作时间顺延，累计暂停时长。"""
    if m.paused_at is None:
        return
    c = timing.clock_for(m.workspace, m.platform)
    first, resolution = c.rule_for(m.category, m.urgent)
    paused = c.working(m.paused_at, now)
    if m.first_due_at and m.first_response_at is None:
        m.first_due_at = c.shift(m.first_due_at, now - m.paused_at if parse_within(first).unit == "h" else paused,
                                 first)
    if m.due_at:
        m.due_at = c.shift(m.due_at, now - m.paused_at if parse_within(resolution).unit == "h" else paused, resolution)
    m.paused_seconds += int(paused.total_seconds())
    m.paused_at = None


@transaction.atomic
def message_set_state(*, actor, message: Message, state: str, note: str = "") -> Message:
    """处理中 / 等待群众补充（暂停计时）/ 已关闭 / 重新打开。"""
    require_perm(actor, message.workspace, InteractionPerm.HANDLE)
    m = _get_for_update(message)
    allowed = {MessageState.IN_PROGRESS, MessageState.WAITING_CITIZEN, MessageState.CLOSED, MessageState.NEW}
    if state not in allowed:
        raise ValidationError({"state": "不能直接改为这个状态"})
    now = clock.now()
    old = m.state
    if state == MessageState.WAITING_CITIZEN:
        if m.state in DONE_STATES:
            raise ValidationError({"state": "已办结的消息不能改为等待群众补充"})
        _pause(m, now)
        if m.first_response_at is None:
            m.first_response_at = now  # 请群众补充本身就是一次响应
    else:
        _unpause(m, now)
    if state == MessageState.CLOSED:
        m.resolved_at = m.resolved_at or now
    elif state in (MessageState.NEW, MessageState.IN_PROGRESS) and old in DONE_STATES:
        m.resolved_at = None
    m.state = state
    _times_changed(m)
    m.save()
    record(Action.UPDATE, obj=m, actor=actor, before={"state": old}, after={"state": state},
           message=f"状态改为“{MessageState(state).label}”" + (f"：{note}" if note else ""))
    return m


# ---------------------------------------------------------------- 处室


@transaction.atomic
def message_route(*, actor, message: Message, department: Department, question: str = "") -> Message:
    """把业务问题转给处室；处室有自己的答复时限（默认 1 个工作日）。等待处室期间群众的时限照常走，不暂停。"""
    require_perm(actor, message.workspace, InteractionPerm.HANDLE)
    if department.workspace_id != message.workspace_id or not department.is_active:
        raise ValidationError({"department": "请选择本工作区启用的处室"})
    m = _get_for_update(message)
    now = clock.now()
    c = timing.clock_for(m.workspace, "")
    m.department = department
    m.department_question = question.strip() or m.text
    m.department_asked_at = now
    m.department_due_at = c.due(now, c.department_within)
    m.department_answer, m.department_answered_at, m.department_answered_by = "", None, None
    _unpause(m, now)
    m.state = MessageState.WAITING_DEPARTMENT
    _times_changed(m)
    m.save()
    record(Action.UPDATE, obj=m, actor=actor, message=f"转 {department} 答复，期限 "
           f"{timezone.localtime(m.department_due_at):%m-%d %H:%M}")
    if department.contacts.exists():
        notify(users=department.contacts.all(), workspace=m.workspace, kind="interaction.department",
               title=f"请答复群众问题（{m.account.name}）", body=m.department_question[:300],
               url=reverse("interaction:department", kwargs={"ws": m.workspace.slug}))
    return m


@transaction.atomic
def department_answer(*, actor, message: Message, answer: str) -> Message:
    """处室答复（处室联络人在本处室页面提交，或运营人员粘贴处室的答复）。之后由运营人员转达群众。"""
    ws = message.workspace
    m = _get_for_update(message)
    if m.department_id is None:
        raise ValidationError("这条消息没有转给处室")
    if has_perm(actor, ws, InteractionPerm.DEPARTMENT):
        if not m.department.contacts.filter(pk=actor.pk).exists():
            raise PermissionDenied("只能答复转给本处室的问题")
    else:
        require_perm(actor, ws, InteractionPerm.HANDLE)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容"})
    if len(answer) > MAX_TEXT:
        raise ValidationError({"answer": f"答复不能超过 {MAX_TEXT} 字"})
    m.department_answer = answer
    m.department_answered_at = clock.now()
    m.department_answered_by = actor
    m.state = MessageState.IN_PROGRESS
    m.save()
    record(Action.UPDATE, obj=m, actor=actor, message=f"{m.department} 已答复，待转达群众")
    people = [m.assignee] if m.assignee_id else list(users_with_role(ws, "manager"))
    notify(users=people, workspace=ws, kind="interaction.department", title=f"{m.department} 已答复，请转达群众",
           body=answer[:300], url=message_url(m))
    return m


def relay_draft(message: Message) -> str:
    """处室答复后转达群众的答复草稿（运营人员核对、修改后照常提交审核与发送）；没有处室答复时为空。"""
    if not message.department_answer:
        return ""
    return f"您好！关于您反映的问题，经{message.department or '相关处室'}答复如下：{message.department_answer}"


# ---------------------------------------------------------------- 答复


def fill_template(template: ReplyTemplate, message: Message, extra: dict | None = None) -> str:
    """口径变量：{昵称} {账号} {日期} {处室} {答复}；未知变量原样保留。"""
    values = {
        "昵称": message.author or "网友",
        "账号": message.account.name,
        "日期": f"{clock.today():%Y年%m月%d日}".replace("年0", "年").replace("月0", "月"),
        "处室": message.department.name if message.department_id else "相关处室",
        "答复": message.department_answer or "",
    }
    values.update(extra or {})
    return re.sub(r"\{([^{}]{1,10})\}", lambda mo: str(values.get(mo.group(1), mo.group(0))), template.text)


def proofread(text: str, workspace) -> list[dict]:
    """AI 审校（core.checkers 的 ai_proofread）；没有登记或出错时返回一条说明，不挡住答复。"""
    try:
        checker = checkers.get("ai_proofread")
    except LookupError:
        return [{"message": "未启用 AI 审校，请人工把关", "severity": "低", "text": "", "suggestion": ""}]
    try:
        out = []
        for r in checker.check(text, workspace=workspace):
            out.append({k: str(r.get(k) or "")[:300] for k in ("text", "message", "suggestion", "severity", "category")}
                       | {"start": int(r.get("start") or 0), "end": int(r.get("end") or 0)})
        return out
    except Exception:  # 审校出错不能挡住答复
        log.exception("答复的 AI 审校失败")
        return [{"message": "AI 审校出错，请人工把关", "severity": "低", "text": "", "suggestion": ""}]


def approvers(workspace) -> list:
    role = timing.settings_of(workspace).approver_role
    return list(users_with_role(workspace, role))


def can_approve(user, workspace) -> bool:
    if not has_perm(user, workspace, InteractionPerm.APPROVE):
        return False
    return user.is_superuser or role_in(user, workspace) == timing.settings_of(workspace).approver_role


@transaction.atomic
def reply_create(*, actor, message: Message, text: str, template: ReplyTemplate | None = None,
                 is_relay: bool = False) -> Reply:
    """写答复：AI 审校，送工作区设置的审核人审核；审核通过前不会发出。"""
    ws = message.workspace
    require_perm(actor, ws, InteractionPerm.HANDLE)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请填写答复内容"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"答复不能超过 {MAX_TEXT} 字"})
    if template is not None and template.workspace_id != ws.pk:
        raise ValidationError({"template": "口径不属于本工作区"})
    m = _get_for_update(message)
    if m.state == MessageState.CLOSED:
        raise ValidationError("消息已关闭，请先重新打开")
    if m.replies.filter(state=ReplyState.PENDING).exists():
        raise ValidationError("这条消息已有一条答复在等待审核")
    reply = Reply.objects.create(
        message=m, text=text, template=template, template_version=template.version if template else None,
        is_relay=is_relay or bool(m.department_answered_at), findings=proofread(text, ws),
        written_by=actor, written_at=clock.now(), state=ReplyState.PENDING)
    now = clock.now()
    _unpause(m, now)
    m.state = MessageState.AWAITING_APPROVAL
    if m.assignee_id is None:
        m.assignee = actor
    _times_changed(m)
    m.save()
    record(Action.CREATE, obj=reply, workspace=ws, actor=actor,
           message=f"撰写答复（{'使用口径“' + template.title + '”' if template else '未用口径'}），送审核")
    people = [u for u in approvers(ws) if u.pk != getattr(actor, "pk", None)] or approvers(ws)
    notify(users=people, workspace=ws, kind="interaction.approve", title=f"互动答复待审核（{m.account.name}）",
           body=text[:300], url=message_url(m))
    return reply


@transaction.atomic
def reply_decide(*, actor, reply: Reply, approve: bool, reason: str = "", text: str | None = None) -> Reply:
    """审核答复：通过后立即发送（有接口的平台排队发送，其余等待人工发送）；退回须写理由。"""
    ws = reply.message.workspace
    require_perm(actor, ws, InteractionPerm.APPROVE)
    if actor is not None and not can_approve(actor, ws):
        raise PermissionDenied(f"本工作区的互动答复由“{timing.settings_of(ws).get_approver_role_display()}”审核")
    r = Reply.objects.select_for_update().get(pk=reply.pk)
    if r.state != ReplyState.PENDING:
        raise ValidationError("这条答复不在待审核状态")
    m = _get_for_update(r.message)
    now = clock.now()
    if approve:
        if text is not None and text.strip() and text.strip() != r.text:
            r.text = text.strip()[:MAX_TEXT]
            r.findings = proofread(r.text, ws)
        r.state, r.approved_by, r.approved_at = ReplyState.APPROVED, actor, now
        r.save()
        record(Action.APPROVE, obj=r, workspace=ws, actor=actor, message="答复审核通过")
        m.state = MessageState.IN_PROGRESS
        m.save(update_fields=["state"])
        if senders.sender_for(m.platform, m.account):
            _queue_send(r, actor)
    else:
        if not reason.strip():
            raise ValidationError({"reason": "退回时请写明理由"})
        r.state, r.reject_reason = ReplyState.REJECTED, reason.strip()[:300]
        r.approved_by, r.approved_at = actor, now
        r.save()
        m.state = MessageState.IN_PROGRESS
        m.save(update_fields=["state"])
        record(Action.APPROVE, obj=r, workspace=ws, actor=actor, message=f"答复被退回：{r.reject_reason}")
        if r.written_by_id:
            notify(users=[r.written_by], workspace=ws, kind="interaction.approve", title="互动答复被退回",
                   body=r.reject_reason, url=message_url(m))
    return r


def _queue_send(r: Reply, actor) -> None:
    r.state = ReplyState.SENDING
    r.sent_by = actor
    r.save(update_fields=["state", "sent_by"])
    job_enqueue(SEND_TASK, r.pk, label=f"发送互动答复 #{r.pk}", workspace=r.message.workspace, actor=actor)


@transaction.atomic
def reply_send(*, actor, reply: Reply) -> Reply:
    """发送已通过的答复（或重试发送失败的）：有接口的平台排队发送。"""
    ws = reply.message.workspace
    require_perm(actor, ws, InteractionPerm.HANDLE)
    r = Reply.objects.select_for_update().select_related("message").get(pk=reply.pk)
    if r.state not in (ReplyState.APPROVED, ReplyState.FAILED):
        raise ValidationError("只有审核通过（或发送失败）的答复可以发送")
    if senders.sender_for(r.message.platform, r.message.account) is None:
        raise ValidationError("这个平台没有对接答复接口，请在平台后台发出后标记为已人工发送")
    _queue_send(r, actor)
    record(Action.PUBLISH, obj=r, workspace=ws, actor=actor, message="答复排队发送")
    return r


def _mark_answered(m: Message, when: dt.datetime) -> None:
    _unpause(m, when)
    if m.first_response_at is None:
        m.first_response_at = when
    m.resolved_at = m.resolved_at or when
    m.state = MessageState.ANSWERED
    _times_changed(m)
    m.save()


@transaction.atomic
def reply_mark_manual(*, actor, reply: Reply, sent_at: dt.datetime | None = None) -> Reply:
    """在平台后台人工发出后登记“已人工发送”。"""
    ws = reply.message.workspace
    require_perm(actor, ws, InteractionPerm.HANDLE)
    r = Reply.objects.select_for_update().get(pk=reply.pk)
    if r.state not in (ReplyState.APPROVED, ReplyState.FAILED):
        raise ValidationError("只有审核通过的答复才能标记为已发送")
    when = sent_at or clock.now()
    if when > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"sent_at": "发送时间不能晚于现在"})
    r.state, r.sent_by, r.sent_at, r.failure_reason = ReplyState.SENT_MANUAL, actor, when, ""
    r.save()
    _mark_answered(_get_for_update(r.message), when)
    record(Action.PUBLISH, obj=r, workspace=ws, actor=actor, message="答复已在平台后台人工发出")
    return r


@transaction.atomic
def reply_sent(*, reply: Reply, external_id: str = "") -> Reply:
    """发送函数报告成功（幂等）。"""
    r = Reply.objects.select_for_update().select_related("message__workspace").get(pk=reply.pk)
    if r.state in SENT_REPLY_STATES:
        return r
    now = clock.now()
    r.state, r.sent_at, r.external_id, r.failure_reason = ReplyState.SENT, now, str(external_id or "")[:200], ""
    r.save()
    _mark_answered(_get_for_update(r.message), now)
    record(Action.PUBLISH, obj=r, workspace=r.message.workspace, message="答复已通过平台接口发出")
    return r


@transaction.atomic
def reply_failed(*, reply: Reply, reason: str) -> Reply:
    """发送函数报告失败：记下中文原因，通知发送人/撰写人，可重试或改为人工发送。"""
    r = Reply.objects.select_for_update().select_related("message__workspace").get(pk=reply.pk)
    if r.state in SENT_REPLY_STATES:
        return r
    r.state, r.failure_reason = ReplyState.FAILED, (reason or "平台未说明原因")[:500]
    r.save()
    m = r.message
    record(Action.PUBLISH, obj=r, workspace=m.workspace, message=f"答复发送失败：{r.failure_reason}")
    people = [u for u in (r.sent_by, r.written_by) if u is not None]
    if people:
        notify(users=people, workspace=m.workspace, kind="interaction.send", title="互动答复发送失败",
               body=r.failure_reason, url=message_url(m))
    return r


def run_sender(reply_id: int) -> str:
    """Huey 任务体：调用登记的发送函数，记录结果。"""
    r = Reply.objects.select_related("message__workspace", "message__account__platform").get(pk=reply_id)
    if r.state != ReplyState.SENDING:
        return f"答复 #{reply_id} 不在发送中，跳过"
    fn = senders.sender_for(r.message.platform, r.message.account)
    if fn is None:
        reply_failed(reply=r, reason="这个平台没有对接答复接口，请人工发送")
        return "无发送接口"
    try:
        ext = fn(r)
    except Exception as exc:  # 平台错误：记下原因（发送函数应给出中文说明）
        reason = getattr(exc, "explanation", None) or str(exc) or type(exc).__name__
        reply_failed(reply=r, reason=str(reason))
        return f"失败：{reason}"
    r.refresh_from_db()
    if r.state == ReplyState.SENDING:
        reply_sent(reply=r, external_id=str(ext or ""))
    return "已发送"


# ---------------------------------------------------------------- 精选留言


def message_curate(*, actor, message: Message, show: bool) -> Message:
    """甲方联络人确认精选（或不予展示）。公众号登记了精选函数时先同步到平台（markelect / unmarkelect），
    平台不接受时记下原因、状态不变，抛出中文说明。"""
    require_perm(actor, message.workspace, InteractionPerm.CURATE)
    if message.curation_state == CurationState.NONE:
        raise ValidationError("这条消息不需要精选确认")
    fn = senders.curator_for(message.platform, message.account)
    error = ""
    if fn is not None:
        try:
            fn(message, show)
        except Exception as exc:  # 平台错误：记下原因（精选函数应给出中文说明）
            error = str(getattr(exc, "explanation", None) or exc)[:300] or "平台未说明原因"
            log.warning("精选同步失败：%s", error)
    with transaction.atomic():
        m = _get_for_update(message)
        if error:
            m.curation_error = error
            m.save(update_fields=["curation_error"])
            record(Action.UPDATE, obj=m, actor=actor, message=f"精选同步到平台失败：{error}")
        else:
            m.curation_state = CurationState.CONFIRMED if show else CurationState.DECLINED
            m.curated_by, m.curated_at, m.curation_error = actor, clock.now(), ""
            m.save()
            record(Action.APPROVE, obj=m, actor=actor, message="确认精选展示" if show else "不予精选展示")
    if error:
        raise ValidationError(f"平台未接受：{error}")
    return m


# ---------------------------------------------------------------- 置顶（供其他应用使用的通用机制）


@transaction.atomic
def messages_pin(*, workspace, message_ids: Iterable[int], reason: str, key: str) -> int:
    """把本工作区的这些消息置顶到收件箱最上面，显示 ``reason``（中文，如“危机事件置顶：……”）。

    ``key`` 记下是谁置顶的（如 ``opinion.event:12``），:func:`messages_unpin` 只清除同一来源的置顶。
    调用方负责权限与审计（例如舆情的危机开关）。返回置顶的条数。
    """
    ids = [int(i) for i in message_ids]
    if not ids:
        return 0
    return Message.objects.filter(workspace=workspace, pk__in=ids).update(
        pinned_at=clock.now(), pinned_reason=reason[:200], pinned_key=key[:80])


@transaction.atomic
def messages_unpin(*, workspace, key: str) -> int:
    """取消某个来源的全部置顶（其他来源置顶的消息不动）。返回取消的条数。"""
    return Message.objects.filter(workspace=workspace, pinned_key=key[:80], pinned_at__isnull=False).update(
        pinned_at=None, pinned_reason="", pinned_key="")


# ---------------------------------------------------------------- 口径、处室、设置


@transaction.atomic
def template_save(*, actor, workspace, template: ReplyTemplate | None = None, title: str, text: str,
                  category: str = "", topic: str = "", is_active: bool = True) -> ReplyTemplate:
    """保存答复口径；正文改了就升一个版本（旧版本保留）。"""
    require_perm(actor, workspace, InteractionPerm.TEMPLATES)
    if not title.strip():
        raise ValidationError({"title": "请填写口径名称"})
    if not text.strip():
        raise ValidationError({"text": "请填写口径正文"})
    if category and category not in Category.values:
        raise ValidationError({"category": "不认识的分类"})
    if template is None:
        template = ReplyTemplate(workspace=workspace, version=1)
        bump = True
    else:
        if template.workspace_id != workspace.pk:
            raise PermissionDenied("口径不属于本工作区")
        bump = template.text != text.strip()
        if bump:
            template.version += 1
    template.title, template.text, template.category = title.strip(), text.strip(), category
    template.topic, template.is_active, template.updated_by = topic.strip(), is_active, actor
    template.save()
    if bump:
        ReplyTemplateVersion.objects.create(template=template, version=template.version, text=template.text,
                                            created_by=actor)
    record(Action.UPDATE if template.version > 1 else Action.CREATE, obj=template, workspace=workspace, actor=actor,
           message=f"保存答复口径（第 {template.version} 版）")
    return template


@transaction.atomic
def department_save(*, actor, workspace, department: Department | None = None, name: str, contacts=(),
                    is_active: bool = True) -> Department:
    require_perm(actor, workspace, InteractionPerm.MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写处室名称"})
    dup = Department.objects.filter(workspace=workspace, name=name)
    if department is not None:
        dup = dup.exclude(pk=department.pk)
    if dup.exists():
        raise ValidationError({"name": "已有同名处室"})
    department = department or Department(workspace=workspace)
    department.name, department.is_active = name, is_active
    department.save()
    department.contacts.set(list(contacts))
    record(Action.UPDATE, obj=department, workspace=workspace, actor=actor, message="保存处室")
    return department


def departments_seed(*, workspace) -> int:
    """从栏目的“来源部门”里播种处室名单（系统操作，幂等）。"""
    names: list[str] = []
    for col in Column.objects.filter(workspace=workspace):
        for name in col.department_list:
            if name not in names:
                names.append(name)
    made = 0
    for order, name in enumerate(names, start=1):
        _, created = Department.objects.get_or_create(workspace=workspace, name=name[:120],
                                                      defaults={"order": order * 10})
        made += created
    return made


def sla_seed(*, workspace) -> None:
    """时限规则的种子（seed 001/003）：紧急 1 小时首次响应（7×24）；一般 24 小时内答复；
    舆情风险 1 小时响应；处室 1 个工作日；工作时段 09:00–18:00，微博后台 08:00–24:00。"""
    InboxSettings.objects.get_or_create(workspace=workspace)
    defaults = [
        ("", False, "24h", "2wd", "24 小时内答复（seed 003 §四）"),
        ("", True, "1h", "1wd", "紧急事项 1 小时内首次响应（seed 003 §四）"),
        (Category.RISK, False, "1h", "1wd", "舆情风险立即响应"),
        (Category.CONSULT, False, "24h", "1wd", "业务咨询 1 个工作日内答复（seed 001 §7）"),
        (Category.COMPLAIN, False, "24h", "3wd", "投诉转处室，办结后回复"),
    ]
    for category, urgent, first, resolution, note in defaults:
        SlaRule.objects.get_or_create(workspace=workspace, category=category, urgent=urgent,
                                      defaults={"first_response": first, "resolution": resolution, "note": note})
    PlatformHours.objects.get_or_create(workspace=workspace, platform="weibo",
                                        defaults={"work_start": dt.time(8), "work_end": dt.time(0)})


def _check_within(value: str, field_name: str) -> str:
    try:
        parse_within(value)
    except SlaError as exc:
        raise ValidationError({field_name: str(exc)}) from None
    return value.strip().lower()


@transaction.atomic
def settings_save(*, actor, workspace, work_start: dt.time, work_end: dt.time, approver_role: str,
                  department_within: str, escalate_minutes: int) -> InboxSettings:
    require_perm(actor, workspace, InteractionPerm.MANAGE)
    s = timing.settings_of(workspace)
    end = 86400 if work_end == dt.time(0) else work_end.hour * 3600 + work_end.minute * 60
    if end <= work_start.hour * 3600 + work_start.minute * 60:
        raise ValidationError({"work_end": "工作时段的结束时间必须晚于开始时间"})
    if approver_role not in ("manager", "reviewer", "client_officer", "client_leader"):
        raise ValidationError({"approver_role": "审核角色只能是组长、审核员、甲方联络人或甲方领导"})
    s.work_start, s.work_end, s.approver_role = work_start, work_end, approver_role
    s.department_within = _check_within(department_within, "department_within")
    s.escalate_minutes = escalate_minutes
    s.save(update_fields=["work_start", "work_end", "approver_role", "department_within", "escalate_minutes"])
    record(Action.UPDATE, obj=s, workspace=workspace, actor=actor, message="修改互动设置")
    return s


@transaction.atomic
def sla_rule_save(*, actor, workspace, rule: SlaRule | None = None, category: str, urgent: bool,
                  first_response: str, resolution: str, note: str = "") -> SlaRule:
    require_perm(actor, workspace, InteractionPerm.MANAGE)
    first_response = _check_within(first_response, "first_response")
    resolution = _check_within(resolution, "resolution")
    rule = rule or SlaRule.objects.filter(workspace=workspace, category=category, urgent=urgent).first() or \
        SlaRule(workspace=workspace)
    rule.category, rule.urgent, rule.first_response, rule.resolution, rule.note = (
        category, urgent, first_response, resolution, note)
    rule.save()
    record(Action.UPDATE, obj=rule, workspace=workspace, actor=actor, message="保存答复时限规则")
    return rule


# ---------------------------------------------------------------- 问题集锦


@transaction.atomic
def faq_create(*, actor, workspace, messages: Sequence[Message], question: str, answer: str = "",
               make_item: bool = True) -> Faq:
    """把一组重复问题整理成问题集锦，并（默认）生成一篇图文稿件排进策划日历（次日 10:00 计划发布）。"""
    require_perm(actor, workspace, InteractionPerm.FAQ)
    question = question.strip()
    if not question:
        raise ValidationError({"question": "请填写问题"})
    rows = _scope(actor, workspace, messages)
    faq = Faq.objects.create(workspace=workspace, question=question[:300], answer=answer.strip(),
                             category=rows[0].category if rows else "", asked_count=max(1, len(rows)),
                             created_by=actor, created_at=clock.now())
    Message.objects.filter(pk__in=[m.pk for m in rows]).update(faq=faq)
    if make_item:
        tomorrow = clock.today() + dt.timedelta(days=1)
        planned = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(10)))
        body = f"<h2>{_escape(question)}</h2><p>{_escape(answer) or '（答复待补充）'}</p>" \
               f"<p>近期有 {len(rows)} 位网友提出这个问题。</p>"
        item = item_create(actor=actor, workspace=workspace, title=f"问题集锦：{question}"[:200], kind="article",
                           body=body, topic="问题集锦", planned_publish_at=planned, deadline=tomorrow)
        faq.item = item
        faq.save(update_fields=["item"])
    record(Action.CREATE, obj=faq, workspace=workspace, actor=actor,
           message=f"整理问题集锦（{len(rows)} 条重复问题）" + ("，已生成图文稿件" if faq.item_id else ""))
    return faq


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- 到期提醒（周期任务）


def escalate_due(now: dt.datetime | None = None) -> int:
    """到期前提醒：先提醒经办人（到期前 escalate_minutes 分钟），到期仍未响应再提醒组长。返回发出的提醒数。"""
    now = now or clock.now()
    sent = 0
    horizon = now + dt.timedelta(hours=24)
    near = Q(due_at__lte=horizon) | Q(first_response_at__isnull=True, first_due_at__lte=horizon)
    qs = (Message.objects.filter(near, state__in=OPEN_STATES, paused_at__isnull=True, escalation_level__lt=2)
          .select_related("workspace", "account", "assignee").order_by("due_at")[:2000])
    for m in qs:
        s = timing.settings_of(m.workspace)
        due = m.first_due_at if m.first_response_at is None and m.first_due_at else m.due_at
        if due is None:
            continue
        level = m.escalation_level
        if level == 0 and due - dt.timedelta(minutes=s.escalate_minutes) <= now:
            people = [m.assignee] if m.assignee_id else duty.on_duty(m.workspace, now)
            notify(users=people, workspace=m.workspace, kind="interaction.due",
                   title=f"互动消息即将到期（{timezone.localtime(due):%m-%d %H:%M}）", body=m.text[:200],
                   url=message_url(m))
            level = 1
            sent += 1
        if level == 1 and due <= now:
            notify(users=users_with_role(m.workspace, "manager"), workspace=m.workspace, kind="interaction.due",
                   title=f"互动消息已逾期：{m.account.name} {m.author or '网友'}", body=m.text[:200], url=message_url(m))
            level = 2
            sent += 1
        if level != m.escalation_level:
            Message.objects.filter(pk=m.pk).update(escalation_level=level)
    return sent



# ---------------------------------------------------------------- 导入


def messages_import(*, actor, workspace, account: OfficialAccount, data: bytes, filename: str) -> ReceiveResult:
    """导入平台后台导出的评论/私信表格：整表校验，有错全部不导入（ValidationError 带逐条行列说明）。"""
    require_perm(actor, workspace, InteractionPerm.HANDLE)
    if account.workspace_id != workspace.pk:
        raise PermissionDenied(f"账号“{account}”不属于工作区“{workspace.name}”")
    try:
        rows = imports.parse(data, filename=filename, now=clock.now())
    except imports.SheetError as exc:
        raise ValidationError(exc.errors) from None
    return receive_messages(workspace=workspace, account=account, incoming=rows, source=MessageSource.IMPORT,
                            actor=actor)


# ---------------------------------------------------------------- 平台接入：定时拉取评论、公众号消息推送

POLL_LOCK = dt.timedelta(minutes=10)
EMPTY_TEXT = "（无文字内容，可能是表情或图片）"


def _storable(rows) -> list[Incoming]:
    """平台上没有文字的评论（纯表情、图片）也要入库，否则整批被拒、游标永远停在这里。"""
    return [r if str(r.text or "").strip() else dataclasses.replace(r, text=EMPTY_TEXT) for r in rows]


def ingest_state_for(account: OfficialAccount) -> IngestState:
    state, _ = IngestState.objects.get_or_create(account=account, defaults={"workspace": account.workspace})
    return state


def ingest_poll(*, account: OfficialAccount, now: dt.datetime | None = None) -> IngestState:
    """拉一次该账号的新评论（系统任务）。不抛平台错误：失败原因（中文）记在拉取状态上，按失败次数退避；
    新评论与新游标在同一个事务里保存——入库失败游标就不前移，什么都不会丢。同一账号同时只拉一次。"""
    now = now or clock.now()
    state = ingest_state_for(account)
    claimed = IngestState.objects.filter(pk=state.pk).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)).update(locked_until=now + POLL_LOCK)
    if not claimed:
        return state
    items: list[Incoming] = []
    cursor = state.cursor
    error: PlatformError | None = None
    try:
        adapter = ingest.adapter_for(account)
        page = adapter.fetch_incoming(state.cursor or None, targets=ingest.comment_targets(account, now=now))
        items, cursor, error = page.items, page.cursor, page.error
    except PlatformError as exc:
        error = exc
    reason = error.explanation if error is not None else ""
    created = 0
    try:
        with transaction.atomic():
            if items:
                created = receive_messages(workspace=account.workspace, account=account, incoming=_storable(items),
                                           source=MessageSource.API).count
            _save_poll(state.pk, now=now, cursor=cursor, created=created, error=error, reason=reason)
    except (ValidationError, PermissionDenied) as exc:  # 入库被拒：游标不动，原因写上
        reason = "拉到的评论未能入库：" + "；".join(getattr(exc, "messages", None) or [str(exc)])
        _save_poll(state.pk, now=now, cursor=state.cursor, created=0, error=error, reason=reason, failed=True)
    if reason:
        log.warning("拉取 %s 的评论失败：%s", account, reason)
    return IngestState.objects.get(pk=state.pk)


def _save_poll(pk: int, *, now, cursor, created: int, error, reason: str, failed: bool = False) -> None:
    s = IngestState.objects.select_for_update().get(pk=pk)
    s.cursor, s.last_polled_at, s.locked_until = cursor or {}, now, None
    s.last_count = created
    s.total_count += created
    if error is not None or failed:
        s.failures += 1
        s.last_error, s.last_error_at = reason[:500], now
    else:
        s.failures, s.last_success_at = 0, now
    s.next_poll_at = ingest.next_poll_after(s.failures, error, now) if (error or not failed) else \
        ingest.next_poll_after(s.failures, None, now)
    s.save()


def ingest_due(now: dt.datetime | None = None, limit: int = 50) -> int:
    """定时任务：到了下次拉取时间（或从没拉过）的账号各拉一次。"""
    now = now or clock.now()
    count = 0
    for account in ingest.pollable_accounts().filter(
            Q(ingest_state__isnull=True) | Q(ingest_state__next_poll_at__isnull=True)
            | Q(ingest_state__next_poll_at__lte=now)).order_by("pk")[:limit]:
        ingest_poll(account=account, now=now)
        count += 1
    return count


@transaction.atomic
def ingest_request_poll(*, actor, account: OfficialAccount) -> None:
    """“立即拉取”：排队拉一次（不等下次定时）。"""
    ws = account.workspace
    require_perm(actor, ws, InteractionPerm.HANDLE)
    if not ingest.can_poll(account):
        raise ValidationError(f"“{account.platform.name}”没有评论接口，请导入后台导出的评论或人工登记")
    if not credentials.load_credentials(account):
        raise ValidationError(f"账号“{account.name}”尚未填写接口凭证，请技术维护人员在“平台凭证”中填写")
    state = ingest_state_for(account)
    IngestState.objects.filter(pk=state.pk).update(next_poll_at=clock.now())
    record(Action.UPDATE, obj=account, workspace=ws, actor=actor, message="立即拉取新评论")
    job_enqueue(POLL_TASK, account.pk, label=f"拉取评论：{account.name}", workspace=ws, actor=actor)


def _announce_push(account: OfficialAccount, fields: dict) -> None:
    """验签通过的推送转告其他应用（core.signals.platform_push）；接收方出错只记日志，不影响留言入库。"""
    for receiver, result in signals.platform_push.send_robust(sender="interaction", account=account,
                                                             fields=dict(fields)):
        if isinstance(result, Exception):
            log.error("处理公众号推送失败（%s）：%s", getattr(receiver, "__qualname__", receiver), result)


def ingest_receive_push(*, account: OfficialAccount, query, body: bytes, credentials: dict) -> str:
    """公众号推送的一条用户消息：验签、解密、入收件箱（按 MsgId 去重）。验签或解析失败抛 CallbackError，
    不写任何数据；事件（关注、菜单点击）只回 success。"""
    msg = parse_callback(query=query, body=body, token=credentials.get("token", ""),
                         appid=credentials.get("appid", ""), encoding_aes_key=credentials.get("encoding_aes_key", ""))
    _announce_push(account, msg.fields)
    if msg.incoming is None:
        return "事件，已转给关注归因"
    with transaction.atomic():
        result = receive_messages(workspace=account.workspace, account=account, incoming=_storable([msg.incoming]),
                                  source=MessageSource.CALLBACK)
        if result.count:
            state = ingest_state_for(account)
            IngestState.objects.filter(pk=state.pk).update(last_push_at=clock.now())
    return str(result)


@transaction.atomic
def ingest_resend(reply_id: int) -> str:
    """限额过后自动重发（Huey 定时执行）：答复仍是“发送失败”才重新排队，发送人不变。"""
    r = Reply.objects.select_for_update().select_related("message__workspace").filter(pk=reply_id).first()
    if r is None or r.state != ReplyState.FAILED:
        return "答复已不在发送失败状态，跳过"
    _queue_send(r, r.sent_by)
    record(Action.PUBLISH, obj=r, workspace=r.message.workspace, message="限额过后自动重发答复")
    return "已重新排队发送"
