"""发布的写操作：排期、改期、立即发布、撤回、重试、人工登记、暂停开关、凭证、频次规则、账号信息变更。"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, record_change, snapshot
from rongmei.core import clock, crypto
from rongmei.core.links import MESSAGE as LINK_MESSAGE
from rongmei.core.links import is_web_url
from rongmei.core.notifications import notify
from rongmei.core.permissions import require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines.docgen import Column, Sheet, sheets_xlsx
from rongmei.engines.platforms import PlatformError, Token, platform_meta, record_manual_publication
from rongmei.engines.platforms.authorization import authorize_url, exchange_code, oauth_spec
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership
from rongmei.workspaces.services import account_update

from . import content, credentials, selectors
from .choices import ChangeStatus, PubState
from .models import AccountChangeRequest, AccountCredential, FrequencyRule, OAuthState, Publication
from .permissions import PublishingPerm
from .worker import PAUSED_REASON
from .workflow import PubAct, check_target, require


def idempotency_key(revision, account) -> str:
    return f"rev{revision.pk}:acc{account.pk}"


# --- 排期 -------------------------------------------------------------------------------------------


@transaction.atomic
def publication_schedule(*, actor, workspace, item, accounts, planned_at: dt.datetime,
                         stamp_footer: bool = False) -> list[Publication]:
    """给已通过的稿件按目标账号各建一条发布计划（同一修订版 × 账号只有一条）。"""
    require_perm(actor, workspace, PublishingPerm.SCHEDULE)
    if item.workspace_id != workspace.pk:
        raise ValidationError("稿件不属于本工作区")
    content.assert_publishable(item)
    accounts = list(accounts)
    if not accounts:
        raise ValidationError({"accounts": "请至少选择一个发布账号"})
    if planned_at is None:
        raise ValidationError({"planned_at": "请填写计划发布时间"})
    revision = item.current_revision
    created = []
    for account in accounts:
        if account.workspace_id != workspace.pk:
            raise ValidationError({"accounts": "账号不属于本工作区"})
        if account.status == "closed":
            raise ValidationError({"accounts": f"账号“{account.name}”已注销，不能发布"})
        key = idempotency_key(revision, account)
        if Publication.objects.filter(idempotency_key=key).exists():
            raise ValidationError({"accounts": f"该稿件的当前版本已排期到“{account}”，请在原计划上改期"})
        code = account.platform.code
        manual = not credentials.is_automatic(code)
        if credentials.is_supported(code):
            problems = _kind_problems(item, code)
            if problems:
                raise ValidationError({"accounts": f"{account}：{problems}"})
        try:
            with transaction.atomic():
                pub = Publication.objects.create(
                    workspace=workspace, item=item, revision=revision, account=account, planned_at=planned_at,
                    idempotency_key=key, manual=manual, scheduled_by=actor, state=PubState.PLANNED,
                    stamp_footer=stamp_footer)
        except IntegrityError:
            raise ValidationError({"accounts": f"该稿件的当前版本已排期到“{account}”"}) from None
        record(Action.CREATE, obj=pub, workspace=workspace, actor=actor,
               after={"稿件": revision.title, "账号": str(account),
                      "计划时间": timezone.localtime(planned_at).strftime("%Y-%m-%d %H:%M")},
               message="排期发布")
        created.append(pub)
    return created


def _kind_problems(item, code: str) -> str:
    meta = platform_meta(code)
    is_video = item.kind in content.VIDEO_KINDS
    kinds = {k.value for k in meta.content_kinds}
    if is_video and "video" not in kinds:
        return f"{meta.name}不能发布视频类内容"
    if not is_video and kinds == {"video"}:
        return f"{meta.name}只能发布视频"
    return ""


@transaction.atomic
def publication_reschedule(*, actor, publication: Publication, planned_at: dt.datetime) -> Publication:
    """改期。排队中的改期后回到“计划”，到新时间才发；失败且未做过任何步骤的回到“计划”。"""
    require(publication, PubAct.RESCHEDULE, actor)
    if planned_at is None:
        raise ValidationError({"planned_at": "请填写计划发布时间"})
    before = timezone.localtime(publication.planned_at).strftime("%Y-%m-%d %H:%M")
    publication.planned_at = planned_at
    if publication.state == PubState.QUEUED or (
            publication.state == PubState.FAILED and not publication.checkpoint.get("steps")):
        new_state = PubState.PLANNED
    else:
        new_state = publication.state
    check_target(publication, PubAct.RESCHEDULE, new_state)
    publication.state = new_state
    publication.reminded_at = None
    publication.save(update_fields=["planned_at", "state", "reminded_at", "updated_at"])
    record(Action.UPDATE, obj=publication, workspace=publication.workspace, actor=actor,
           before={"计划时间": before}, after={"计划时间": timezone.localtime(planned_at).strftime("%Y-%m-%d %H:%M")},
           message="发布改期")
    return publication


@transaction.atomic
def publication_publish_now(*, actor, publication: Publication) -> Publication:
    """“立即发布”：进入队列并马上交给 worker（计划时间保持不变，作为记录）。暂停期间只排队，不发布。"""
    require(publication, PubAct.PUBLISH_NOW, actor)
    check_target(publication, PubAct.PUBLISH_NOW, PubState.QUEUED)
    publication.state = PubState.QUEUED
    publication.next_attempt_at = None
    publication.published_by = actor
    if publication.workspace.publishing_paused:
        publication.hold_reason = PAUSED_REASON
    publication.save(update_fields=["state", "next_attempt_at", "published_by", "hold_reason", "updated_at"])
    record(Action.PUBLISH, obj=publication, workspace=publication.workspace, actor=actor, message="立即发布")
    if not publication.workspace.publishing_paused:
        job_enqueue("publishing.publish_one", publication.pk, True, label=f"发布：{publication.revision.title}",
                    workspace=publication.workspace, actor=actor)
    return publication


@transaction.atomic
def publication_withdraw(*, actor, publication: Publication, reason: str = "") -> Publication:
    """撤回：取消尚未发出的计划，或登记已在平台删除的发布。"""
    require(publication, PubAct.WITHDRAW, actor)
    check_target(publication, PubAct.WITHDRAW, PubState.WITHDRAWN)
    before = publication.get_state_display()
    publication.state = PubState.WITHDRAWN
    publication.hold_reason = reason[:300]
    publication.save(update_fields=["state", "hold_reason", "updated_at"])
    record(Action.UPDATE, obj=publication, workspace=publication.workspace, actor=actor,
           before={"状态": before}, after={"状态": "已撤回", "原因": reason}, message="撤回发布")
    return publication


@transaction.atomic
def publication_retry(*, actor, publication: Publication, clear_checkpoint: bool = False) -> Publication:
    """失败后重新排队。待人工核实的须确认“平台上确实没有发出”（clear_checkpoint=True）才能重发。"""
    require(publication, PubAct.RETRY, actor)
    if publication.state == PubState.UNCERTAIN and not clear_checkpoint:
        raise ValidationError("请先到平台后台核实：确认没有发出后，勾选“已核实平台上没有这条内容”再重新发布")
    if clear_checkpoint:
        publication.checkpoint = {}
    elif publication.checkpoint.get("state") == "failed":
        publication.checkpoint = {}  # 平台明确失败（如审核不通过）：从头再来
    check_target(publication, PubAct.RETRY, PubState.QUEUED)
    publication.state = PubState.QUEUED
    publication.error_code = ""
    publication.error_message = ""
    publication.next_attempt_at = None
    publication.published_by = actor
    publication.save()
    record(Action.PUBLISH, obj=publication, workspace=publication.workspace, actor=actor,
           message="重新发布" + ("（已核实未发出，清除断点）" if clear_checkpoint else ""))
    if not publication.workspace.publishing_paused:
        job_enqueue("publishing.publish_one", publication.pk, True, label=f"重新发布：{publication.revision.title}",
                    workspace=publication.workspace, actor=actor)
    return publication


@transaction.atomic
def publication_record_manual(*, actor, publication: Publication, url: str, published_at: dt.datetime,
                              screenshot=None) -> Publication:
    """手工登记发布结果：链接、实际发布时间和截图（没有接口的平台；自动发布失败、待核实或卡住时兜底）。

    计划发布时间保持不变（计划与实际都留作记录）；发布方式记为“手工登记”。
    """
    require(publication, PubAct.RECORD_MANUAL, actor)
    if not is_web_url(url):
        raise ValidationError({"url": LINK_MESSAGE})
    if published_at is None:
        raise ValidationError({"published_at": "请填写发布时间"})
    if timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    if published_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"published_at": "发布时间不能晚于现在"})
    if screenshot:
        publication.screenshot.save(screenshot.name, screenshot, save=False)
    cp = dict(publication.checkpoint or {})
    cp.setdefault("platform", publication.account.platform.code)
    try:
        record_manual_publication(cp, url=url, published_at=published_at,
                                  screenshot=publication.screenshot.name or "",
                                  operator=getattr(actor, "username", ""))
    except PlatformError as exc:
        raise ValidationError({"url": exc.explanation}) from None
    check_target(publication, PubAct.RECORD_MANUAL, PubState.PUBLISHED)
    publication.checkpoint = cp
    publication.url = cp["url"]
    publication.published_at = published_at
    publication.state = PubState.PUBLISHED
    publication.published_by = actor
    publication.error_code = ""
    publication.error_message = ""
    publication.hold_reason = ""
    publication.save(update_fields=["checkpoint", "url", "published_at", "state", "published_by", "error_code",
                                    "error_message", "hold_reason", "screenshot", "updated_at"])
    record(Action.PUBLISH, obj=publication, workspace=publication.workspace, actor=actor,
           after={"发布方式": "手工登记", "链接": publication.url,
                  "发布时间": timezone.localtime(published_at).strftime("%Y-%m-%d %H:%M"),
                  "计划时间": timezone.localtime(publication.planned_at).strftime("%Y-%m-%d %H:%M")},
           message="手工登记发布结果")
    return publication


# --- 暂停开关 ---------------------------------------------------------------------------------------


@transaction.atomic
def publishing_pause_set(*, actor, workspace, paused: bool, reason: str = ""):
    """“暂停全部发布”（突发舆情等）。worker 在暂停期间不发布，队列保留，恢复后继续。"""
    require_perm(actor, workspace, PublishingPerm.PAUSE)
    if paused and not reason.strip():
        raise ValidationError({"reason": "请填写暂停原因"})
    if workspace.publishing_paused == paused:
        return workspace
    workspace.publishing_paused = paused
    workspace.save(update_fields=["publishing_paused"])
    record(Action.UPDATE, obj=workspace, workspace=workspace, actor=actor,
           before={"暂停全部发布": not paused}, after={"暂停全部发布": paused, "原因": reason},
           message=("暂停全部发布：" + reason) if paused else "恢复发布")
    if not paused:
        Publication.objects.filter(workspace=workspace, hold_reason=PAUSED_REASON).update(hold_reason="")
    return workspace


# --- 凭证 -------------------------------------------------------------------------------------------


@transaction.atomic
def credentials_save(*, actor, account, values: dict[str, str]) -> AccountCredential:
    """保存账号凭证（加密）。机密字段留空表示“保持原值”。"""
    require_perm(actor, account.workspace, PublishingPerm.MANAGE_CREDENTIALS)
    code = account.platform.code
    if not credentials.is_automatic(code):
        raise ValidationError(f"{account.platform.name}没有开放接口，不需要凭证")
    meta = platform_meta(code)
    current = credentials.load_credentials(account)
    merged: dict[str, str] = {}
    errors = {}
    for f in meta.credential_fields:
        value = (values.get(f.name) or "").strip()
        if not value and f.secret:
            value = current.get(f.name, "")
        if not value and f.required:
            errors[f.name] = f"请填写{f.label}"
        if value:
            merged[f.name] = value
    if errors:
        raise ValidationError(errors)
    cred = AccountCredential.objects.filter(account=account).first()
    creating = cred is None
    if cred is None:
        cred = AccountCredential(account=account, workspace=account.workspace)
    cred.encrypted = crypto.encrypt(json.dumps(merged))
    cred.field_names = sorted(merged)
    cred.updated_by = actor
    cred.save()
    changed = sorted(k for k in merged if merged.get(k) != current.get(k))
    # 凭证变了，旧令牌作废
    credentials.DbTokenStore().delete(f"{code}:{credentials.account_key(account)}")
    record(Action.CREATE if creating else Action.UPDATE, obj=cred, workspace=account.workspace, actor=actor,
           after={"已修改字段": changed}, message=f"设置 {account} 的接口凭证（内容已隐藏）")
    return cred


@transaction.atomic
def credentials_delete(*, actor, account) -> None:
    require_perm(actor, account.workspace, PublishingPerm.MANAGE_CREDENTIALS)
    cred = AccountCredential.objects.filter(account=account).first()
    if cred is None:
        return
    credentials.DbTokenStore().delete(f"{account.platform.code}:{credentials.account_key(account)}")
    record(Action.DELETE, obj=cred, workspace=account.workspace, actor=actor, message=f"删除 {account} 的接口凭证")
    cred.delete()


# --- OAuth 授权账号 ------------------------------------------------------------------------------

OAUTH_STATE_TTL = dt.timedelta(minutes=10)


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


@transaction.atomic
def oauth_start(*, actor, account, redirect_uri: str) -> str:
    """发起授权：生成随机 state（绑定工作区、账号、发起人，10 分钟内有效），返回平台授权页地址。"""
    require_perm(actor, account.workspace, PublishingPerm.MANAGE_CREDENTIALS)
    code = account.platform.code
    if not credentials.supports_oauth(code):
        raise ValidationError(f"{account.platform.name}不支持在系统内授权账号")
    spec = oauth_spec(code)
    creds = credentials.load_credentials(account)
    if not creds.get(spec.key_field) or not creds.get(spec.secret_field):
        raise ValidationError(f"请先在“设置”中填写{spec.name}应用的 {spec.key_field} 和 {spec.secret_field}，再授权账号")
    state = secrets.token_urlsafe(32)
    OAuthState.objects.create(digest=_digest(state), workspace=account.workspace, account=account, user=actor,
                              redirect_uri=redirect_uri, expires_at=clock.now() + OAUTH_STATE_TTL)
    return authorize_url(code, creds[spec.key_field], redirect_uri, state,
                         base_url=credentials.base_url_for(code))


@transaction.atomic
def oauth_state_consume(*, actor, workspace, state: str) -> OAuthState:
    """校验并作废 state（只能用一次、未过期、同一工作区、同一发起人）；不合格抛中文 ValidationError。"""
    require_perm(actor, workspace, PublishingPerm.MANAGE_CREDENTIALS)
    if not state:
        raise ValidationError("授权回调缺少 state 参数，无法确认是本系统发起的授权，请重新点击“授权账号”")
    row = (OAuthState.objects.select_for_update().select_related("account__platform", "workspace")
           .filter(digest=_digest(state), workspace=workspace).first())
    if row is None:
        raise ValidationError("授权请求不匹配（state 无效），可能不是从本系统发起的授权，请重新点击“授权账号”")
    if row.used_at is not None:
        raise ValidationError("这次授权已经处理过（授权链接只能使用一次），请重新点击“授权账号”")
    if row.user_id != actor.pk:
        raise ValidationError("授权请求不是由您发起的，请由发起人完成授权，或重新点击“授权账号”")
    row.used_at = clock.now()
    row.save(update_fields=["used_at"])
    if row.expires_at <= row.used_at:
        raise ValidationError("授权请求已超时（10 分钟内有效），请重新点击“授权账号”")
    return row


def oauth_complete(*, actor, oauth_state: OAuthState, code: str) -> AccountCredential:
    """用授权码换令牌并加密保存。平台拒绝时记审计并抛 :class:`PlatformError`（含错误码、中文说明）。"""
    account = oauth_state.account
    platform = account.platform.code
    try:
        token = exchange_code(platform, credentials.load_credentials(account), code, oauth_state.redirect_uri,
                              base_url=credentials.base_url_for(platform), retry=credentials.retry_policy())
    except PlatformError as exc:
        record(Action.OTHER, obj=account, workspace=account.workspace, actor=actor,
               after={"错误码": str(exc.code), "说明": exc.explanation}, message=f"授权 {account} 失败")
        raise
    return credentials_authorize(actor=actor, account=account, token=token)


def oauth_denied(*, actor, oauth_state: OAuthState, error: str) -> None:
    """用户在平台页面拒绝授权：只记审计，原有令牌不变。"""
    account = oauth_state.account
    record(Action.OTHER, obj=account, workspace=account.workspace, actor=actor, after={"平台返回": error[:100]},
           message=f"授权 {account}：用户在平台页面拒绝了授权")


@transaction.atomic
def credentials_authorize(*, actor, account, token: Token) -> AccountCredential:
    """保存授权结果：令牌写入账号凭证与令牌库（均加密），重新授权则替换旧令牌。"""
    require_perm(actor, account.workspace, PublishingPerm.MANAGE_CREDENTIALS)
    meta = platform_meta(account.platform.code)
    names = {f.name for f in meta.credential_fields}
    current = credentials.load_credentials(account)
    merged = dict(current)
    new = {"access_token": token.access_token, "refresh_token": token.refresh_token,
           "expires_at": str(int(token.expires_at)), "open_id": token.extra.get("open_id", ""),
           "uid": token.extra.get("uid", "")}
    for key, value in new.items():
        if key in names:
            if value:
                merged[key] = value
            else:
                merged.pop(key, None)
    cred = AccountCredential.objects.filter(account=account).first()
    creating = cred is None
    if cred is None:
        cred = AccountCredential(account=account, workspace=account.workspace)
    cred.encrypted = crypto.encrypt(json.dumps(merged))
    cred.field_names = sorted(merged)
    cred.updated_by = actor
    cred.save()
    credentials.DbTokenStore().set(credentials.token_key(account), token)
    expires = dt.datetime.fromtimestamp(token.refresh_expires_at or token.expires_at, tz=dt.UTC)
    record(Action.CREATE if creating else Action.UPDATE, obj=cred, workspace=account.workspace, actor=actor,
           after={"授权": meta.name, "到期": timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")},
           message=f"授权 {account}（令牌已加密保存，内容已隐藏）")
    return cred


def accounts_needing_reauthorization(now: float | None = None) -> dict:
    """所有工作区中授权将在 7 天内到期（或已过期）的账号：{workspace: [(account, info)]}。"""

    rows = list(selectors.oauth_credentials_all())
    tokens = credentials.tokens_for([c.account for c in rows])
    out: dict = {}
    for cred in rows:
        info = credentials.authorization_info(cred.account, cred, tokens.get(cred.account.pk), now=now)
        if info and info["authorized"] and info["needs_reauth"]:
            out.setdefault(cred.workspace, []).append((cred.account, info))
    return out


# --- 频次规则 ---------------------------------------------------------------------------------------


@transaction.atomic
def frequency_rule_save(*, actor, workspace, rule: FrequencyRule | None = None, **fields) -> FrequencyRule:
    require_perm(actor, workspace, PublishingPerm.MANAGE_RULES)
    creating = rule is None
    obj = rule or FrequencyRule(workspace=workspace)
    before = None if creating else snapshot(obj)
    for k, v in fields.items():
        setattr(obj, k, v)
    if obj.workday_min is not None and obj.workday_max is not None and obj.workday_max < obj.workday_min:
        raise ValidationError({"workday_max": "每个工作日上限不能小于下限"})
    if FrequencyRule.objects.filter(workspace=workspace, platform=obj.platform).exclude(pk=obj.pk).exists():
        raise ValidationError({"platform": "该平台已有规则，请直接修改"})
    obj.save()
    if creating:
        record(Action.CREATE, obj=obj, workspace=workspace, actor=actor, after=snapshot(obj), message="新增频次规则")
    else:
        record_change(obj, before, workspace=workspace, message="修改频次规则")
    return obj


# --- 账号信息变更（须甲方审批） --------------------------------------------------------------------


@transaction.atomic
def change_request_create(*, actor, account, new_name: str = "", new_intro: str = "", new_avatar=None,
                          reason: str = "") -> AccountChangeRequest:
    require_perm(actor, account.workspace, PublishingPerm.REQUEST_ACCOUNT_CHANGE)
    if not (new_name.strip() or new_intro.strip() or new_avatar):
        raise ValidationError("请至少填写一项要修改的内容（名称、简介或头像）")
    if new_name.strip() == account.name:
        raise ValidationError({"new_name": "新名称与现名称相同"})
    req = AccountChangeRequest(workspace=account.workspace, account=account, new_name=new_name.strip(),
                               new_intro=new_intro.strip(), reason=reason, requested_by=actor)
    if new_avatar:
        req.new_avatar.save(new_avatar.name, new_avatar, save=False)
    req.save()
    record(Action.CREATE, obj=req, workspace=account.workspace, actor=actor, after=req.changes(),
           message=f"申请修改账号信息：{account}")

    approvers = [m.user for m in Membership.objects.filter(
        workspace=account.workspace, role__in=(Role.CLIENT_OFFICER, Role.CLIENT_LEADER)).select_related("user")]


    notify(users=approvers, workspace=account.workspace, title=f"账号信息修改待审批：{account}",
           body="；".join(f"{k}：{v}" for k, v in req.changes().items()),
           url=reverse("publishing:changes", kwargs={"ws": account.workspace.slug}), kind="publishing.change")
    return req


@transaction.atomic
def change_request_decide(*, actor, request: AccountChangeRequest, approve: bool, comment: str = ""
                          ) -> AccountChangeRequest:
    """甲方联络人/领导审批。批准后更新账号登记信息（名称）并写审计；头像、简介由运营人员按批准内容在平台修改。"""
    require_perm(actor, request.workspace, PublishingPerm.APPROVE_ACCOUNT_CHANGE)
    if request.status != ChangeStatus.PENDING:
        raise ValidationError("该申请已处理")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "驳回时请填写意见"})
    request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    request.decided_by = actor
    request.decided_at = clock.now()
    request.comment = comment
    request.save()
    record(Action.APPROVE, obj=request, workspace=request.workspace, actor=actor,
           after={"结论": request.get_status_display(), "意见": comment, **request.changes()},
           message=f"审批账号信息修改：{request.account}")
    if approve and request.new_name:
        # 审批人（甲方）本身没有“维护账号”权限：权限已在上面按审批权限检查，这里以审批结果执行
        account_update(actor=None, account=request.account, name=request.new_name)
    if request.requested_by is not None:
        notify(users=[request.requested_by], workspace=request.workspace,
               title=f"账号信息修改{request.get_status_display()}：{request.account}", body=comment,
               url=reverse("publishing:changes", kwargs={"ws": request.workspace.slug}), kind="publishing.change")
    return request


# --- 发布内容清单（验收材料） ---------------------------------------------------------------------
PUBLISHED_LOG_COLUMNS = (
    Column("序号", "int", width=6), Column("发布时间", width=17), Column("平台", width=12), Column("账号", width=20),
    Column("标题", width=40), Column("密级", width=6), Column("内容形态", width=10), Column("原创", width=6), Column("网络链接", "url", width=50),
    Column("平台内容ID", width=22), Column("发布方式", width=10), Column("发布人", width=14),
)


def published_log_export(*, actor, workspace, filters: dict) -> tuple[str, bytes]:
    """“发布内容清单及网络链接”Excel（文件名, 内容），并把导出记入审计。filters 同发布记录页的筛选。"""
    require_perm(actor, workspace, PublishingPerm.VIEW)
    rows = []
    for n, p in enumerate(selectors.published_log(workspace, **filters).order_by("published_at", "id").iterator(),
                          start=1):
        rows.append((
            n, timezone.localtime(p.published_at).strftime("%Y-%m-%d %H:%M"), p.account.platform.name, p.account.name,
            p.revision.title, p.item.get_confidentiality_display(), p.item.get_kind_display(), "是" if p.item.is_original else "否", p.url, p.external_id,
            p.method_label,
            (p.published_by.display_name or p.published_by.username) if p.published_by else "",
        ))
    data = sheets_xlsx([Sheet("发布内容清单", PUBLISHED_LOG_COLUMNS, rows, title=f"{workspace.client_name} 发布内容清单及网络链接",
                              wrap=frozenset({"标题"}))])
    record(Action.EXPORT, workspace=workspace, actor=actor, object_type="publishing.publication",
           object_repr="发布内容清单", message=f"导出发布内容清单（{len(rows)} 条）")
    return f"发布内容清单_{clock.today():%Y%m%d}.xlsx", data
