"""典型案例征集的写操作：征集、单位注册与确认、申报与提交、地区初审与排序、评审与结果。"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from rongmei.accounts.services import user_create
from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.permissions import require_perm
from rongmei.engines.casescore import Config, ScoreError, sheet_errors
from rongmei.workspaces.choices import Role
from rongmei.workspaces.services import member_set_role

from . import selectors
from .choices import (
    SCAN_RULE,
    SEED_CATEGORIES,
    SEED_CRITERIA,
    SEED_DATA_FIELDS,
    SEED_REGIONS,
    UPLOAD_RULES,
    CallStatus,
    CaseStatus,
    Decision,
    FileKind,
    UnitStatus,
    UnitType,
)
from .models import (
    Call,
    CallAttachment,
    Case,
    CaseFile,
    CaseVersion,
    Category,
    Conflict,
    Criterion,
    Panel,
    PanelExpert,
    RegionReport,
    Score,
    Unit,
)
from .permissions import CasePerm
from .text import total_chars

REGISTER_LIMIT = 5  # 同一 IP 每小时最多注册几次
REGISTER_WINDOW = 3600


# ---------------------------------------------------------------- 征集
@transaction.atomic
def call_create(*, actor, workspace, title: str, deadline: dt.date, doc_number: str = "", issuer: str = "",
                notice: str = "", char_limit: int = 5000, contacts: str = "", eligible_types=None,
                regions=None) -> Call:
    """新建征集（草稿），按通知预置四个类别与各六项要素、四项评分指标、量化数据项，之后可改。"""
    require_perm(actor, workspace, CasePerm.MANAGE)
    if not title.strip():
        raise ValidationError({"title": "请填写征集名称"})
    if char_limit < 100:
        raise ValidationError({"char_limit": "字数上限不能少于 100 字"})
    call = Call.objects.create(
        workspace=workspace, title=title.strip(), deadline=deadline, doc_number=doc_number, issuer=issuer,
        notice=notice, char_limit=char_limit, contacts=contacts,
        eligible_types=list(eligible_types if eligible_types is not None else UnitType.values),
        regions=list(regions or SEED_REGIONS), data_fields=SEED_DATA_FIELDS, created_by=actor)
    for order, (name, elements) in enumerate(SEED_CATEGORIES, start=1):
        Category.objects.create(call=call, name=name, elements=elements, order=order)
    for order, (name, weight, top) in enumerate(SEED_CRITERIA, start=1):
        Criterion.objects.create(call=call, name=name, weight=weight, max_score=top, order=order)
    record(Action.CREATE, obj=call, workspace=workspace, actor=actor, message=f"新建案例征集“{call.title}”")
    return call


@transaction.atomic
def call_update(*, actor, call: Call, **fields) -> Call:
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    if call.status == CallStatus.FINISHED:
        raise ValidationError("评选结果已通报，征集不能再修改")
    before = {k: str(getattr(call, k)) for k in fields}
    for key, value in fields.items():
        setattr(call, key, value)
    if not call.title.strip():
        raise ValidationError({"title": "请填写征集名称"})
    call.save()
    record(Action.UPDATE, obj=call, workspace=call.workspace, actor=actor, before=before,
           after={k: str(getattr(call, k)) for k in fields}, message=f"修改征集“{call.title}”")
    return call


@transaction.atomic
def category_update(*, actor, category: Category, name: str, elements: list[str], description: str = "") -> None:
    call = category.call
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    elements = [e.strip() for e in elements if e.strip()]
    if not name.strip() or not elements:
        raise ValidationError("类别名称和至少一项要素必须填写")
    if call.status != CallStatus.DRAFT and elements != category.elements:
        raise ValidationError("征集已发布，要素不能再改（已有单位按原要素填写）")
    category.name, category.elements, category.description = name.strip(), elements, description
    category.save()
    record(Action.UPDATE, obj=category, workspace=call.workspace, actor=actor,
           after={"类别": category.name, "要素": elements}, message="修改案例类别")


@transaction.atomic
def scoring_set(*, actor, call: Call, criteria: list[tuple[str, int, int]], blind: bool, method: str, trim: int,
                outlier_points, expert_weight: int, vote_weight: int, data_weight: int) -> None:
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    if Score.objects.filter(case__call=call).exists():
        raise ValidationError("已有专家提交评分，评分规则不能再改")
    try:
        Config(selectors.engine_criteria(criteria), method=method, trim=trim, outlier_points=outlier_points,
               expert_weight=expert_weight, vote_weight=vote_weight, data_weight=data_weight)
    except ScoreError as exc:
        raise ValidationError(str(exc)) from None
    if sum(w for _n, w, _m in criteria) != 100:
        raise ValidationError("各评分指标的权重之和须为 100")
    call.criteria.all().delete()
    for order, (name, weight, top) in enumerate(criteria, start=1):
        Criterion.objects.create(call=call, name=name, weight=weight, max_score=top, order=order)
    call.blind, call.method, call.trim, call.outlier_points = blind, method, trim, outlier_points
    call.expert_weight, call.vote_weight, call.data_weight = expert_weight, vote_weight, data_weight
    call.save()
    record(Action.UPDATE, obj=call, workspace=call.workspace, actor=actor, message="设置评分规则", after={
        "指标": [f"{n} 权重{w} 满分{m}" for n, w, m in criteria], "匿名": blind, "汇总": method,
        "权重": f"专家{expert_weight}/投票{vote_weight}/数据{data_weight}"})


ATTACHMENT_RULE = ((".docx", ".doc", ".xlsx", ".xls", ".pdf", ".wps"), 20)


@transaction.atomic
def call_attachment_add(*, actor, call: Call, title: str, upload) -> CallAttachment:
    """征集附件（推荐排序表、各类别申请表的空白样表等），申报单位与地区主管部门可下载。"""
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    exts, mb = ATTACHMENT_RULE
    ext = PurePosixPath(upload.name.lower()).suffix
    if ext not in exts:
        raise ValidationError(f"“{upload.name}”的类型不对：附件只接受 {'、'.join(exts)} 文件")
    if not 0 < upload.size <= mb * 1024 * 1024:
        raise ValidationError(f"“{upload.name}”是空文件或超过 {mb} MB")
    item = CallAttachment.objects.create(call=call, title=(title.strip() or upload.name)[:200], file=upload)
    record(Action.CREATE, obj=item, workspace=call.workspace, actor=actor, message=f"征集“{call.title}”添加附件：{item.title}")
    return item


@transaction.atomic
def call_publish(*, actor, call: Call) -> None:
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    if call.status != CallStatus.DRAFT:
        raise ValidationError("只有草稿可以发布")
    if call.deadline < clock.today():
        raise ValidationError("截止日期已过，不能发布")
    call.status, call.published_at = CallStatus.PUBLISHED, clock.now()
    call.save(update_fields=["status", "published_at"])
    record(Action.PUBLISH, obj=call, workspace=call.workspace, actor=actor, message=f"发布征集“{call.title}”")


@transaction.atomic
def call_start_review(*, actor, call: Call) -> None:
    """进入专家评审：按类别建评审组。已通过地区初审的案例不能再改，所以截止前也可以开始；截止后才收齐。"""
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    if call.status not in (CallStatus.PUBLISHED, CallStatus.REVIEWING):
        raise ValidationError("征集发布后才能组织评审")
    call.status = CallStatus.REVIEWING
    call.save(update_fields=["status"])
    for category in call.categories.all():
        Panel.objects.get_or_create(call=call, category=category)
    record(Action.UPDATE, obj=call, workspace=call.workspace, actor=actor, message="进入专家评审，按类别组建评审组")


# ---------------------------------------------------------------- 申报单位注册与确认
def _register_allowed(ip: str | None) -> bool:
    """按 IP 计数。用所有进程共享的缓存（有 Redis 用 Redis，否则数据目录里的文件缓存），多个 worker 共用一个上限。"""
    store = caches["fragments"]
    key = f"cases:register:{ip or 'unknown'}"
    store.add(key, 0, REGISTER_WINDOW)
    try:
        return store.incr(key) <= REGISTER_LIMIT
    except ValueError:  # 刚好过期：重新计数
        store.set(key, 1, REGISTER_WINDOW)
        return True


@transaction.atomic
def unit_register(*, call: Call, username: str, password: str, name: str, unit_type: str, region: str,
                  contact_name: str, contact_phone: str, short_names: str = "", ip: str | None = None) -> Unit:
    """申报单位自行注册：建一个停用的账号，确认前不能登录。同一 IP 每小时最多 5 次。"""
    if not call.is_open():
        raise ValidationError("该征集不在征集期内，不能注册")
    if not _register_allowed(ip):
        record(Action.OTHER, workspace=call.workspace, message=f"申报单位注册过于频繁，已拒绝（IP {ip}）",
               object_type="cases.unit", object_repr=name[:100])
        raise PermissionDenied("注册过于频繁，请一小时后再试")
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "请填写单位名称"
    elif Unit.objects.filter(workspace=call.workspace, name=name).exclude(status=UnitStatus.REJECTED).exists():
        errors["name"] = "该单位已注册，请联系本单位已注册的联系人，或联系主办方"
    if unit_type not in call.eligible_types:
        errors["unit_type"] = "该单位类型不在本次征集的范围内"
    if region not in call.regions:
        errors["region"] = "请选择所属地区"
    if not contact_name.strip() or not contact_phone.strip():
        errors["contact_name"] = "请填写联系人与联系电话"
    if errors:
        raise ValidationError(errors)
    user = user_create(actor=None, username=username, password=password, display_name=contact_name.strip(),
                       must_change_password=False)
    user.is_active = False
    user.save(update_fields=["is_active"])
    Unit.objects.filter(workspace=call.workspace, name=name, status=UnitStatus.REJECTED).delete()
    unit = Unit.objects.create(workspace=call.workspace, call=call, name=name, short_names=short_names.strip(),
                               unit_type=unit_type, region=region, contact_name=contact_name.strip(),
                               contact_phone=contact_phone.strip(), account=user)
    record(Action.CREATE, obj=unit, workspace=call.workspace, actor=None,
           message=f"申报单位“{name}”（{region}）自行注册，账号 {user.username} 待确认（IP {ip}）")
    return unit


def _can_confirm(actor, unit: Unit) -> None:
    require_perm(actor, unit.workspace, CasePerm.CONFIRM_UNITS)
    if not selectors.units_visible(actor, unit.workspace).filter(pk=unit.pk).exists():
        raise PermissionDenied("只能确认本地区的申报单位")


@transaction.atomic
def unit_confirm(*, actor, unit: Unit) -> Unit:
    _can_confirm(actor, unit)
    if unit.status != UnitStatus.PENDING:
        raise ValidationError("该单位不在待确认状态")
    unit.status, unit.confirmed_by, unit.confirmed_at = UnitStatus.CONFIRMED, actor, clock.now()
    unit.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    if unit.account is not None:
        unit.account.is_active = True
        unit.account.save(update_fields=["is_active"])
        # 确认人的“确认申报单位”权限已在上面检查；加入工作区按系统操作记（项目经理以外的确认人没有成员管理权限）
        member_set_role(actor=None, workspace=unit.workspace, user=unit.account, role=Role.APPLICANT,
                        unit=unit.name, region=unit.region)
    record(Action.APPROVE, obj=unit, workspace=unit.workspace, actor=actor,
           message=f"确认申报单位“{unit.name}”，账号启用")
    return unit


@transaction.atomic
def unit_reject(*, actor, unit: Unit, reason: str) -> Unit:
    _can_confirm(actor, unit)
    if unit.status != UnitStatus.PENDING:
        raise ValidationError("该单位不在待确认状态")
    if not reason.strip():
        raise ValidationError({"reason": "请写明不予确认的原因"})
    unit.status, unit.reason = UnitStatus.REJECTED, reason.strip()[:200]
    unit.save(update_fields=["status", "reason"])
    record(Action.APPROVE, obj=unit, workspace=unit.workspace, actor=actor,
           message=f"不予确认申报单位“{unit.name}”：{unit.reason}")
    return unit


# ---------------------------------------------------------------- 申报
def _own_unit(actor, workspace) -> Unit:
    require_perm(actor, workspace, CasePerm.APPLY)
    unit = selectors.unit_of(actor, workspace)
    if unit is None:
        raise PermissionDenied("您的账号还没有关联已确认的申报单位")
    return unit


def _editable(actor, case: Case, at=None) -> None:
    unit = _own_unit(actor, case.call.workspace)
    if case.unit_id != unit.pk:
        raise PermissionDenied("只能修改本单位的申报")
    if not case.call.is_open(at):
        raise ValidationError("征集已截止（截止日 24 时，北京时间），申报内容不能再修改")
    if case.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        raise ValidationError("已提交待初审或已通过初审的申报不能修改；如需修改请联系地区主管部门退回")


@transaction.atomic
def case_create(*, actor, call: Call, category: Category, title: str) -> Case:
    unit = _own_unit(actor, call.workspace)
    if not call.is_open():
        raise ValidationError("该征集不在征集期内")
    if category.call_id != call.pk:
        raise ValidationError("类别不属于该征集")
    if unit.unit_type not in call.eligible_types:
        raise ValidationError("本单位的类型不在本次征集范围内")
    if not title.strip():
        raise ValidationError({"title": "请填写案例名称"})
    case = Case.objects.create(call=call, category=category, unit=unit, title=title.strip()[:120],
                               elements=[""] * len(category.elements))
    record(Action.CREATE, obj=case, workspace=call.workspace, actor=actor,
           message=f"{unit.name} 新建申报“{case.title}”（{category.name}）")
    return case


def _clean_data(call: Call, data: dict) -> dict:
    out, errors = {}, []
    for f in call.data_fields:
        raw = str(data.get(f["key"], "") or "").strip()
        if raw and f.get("unit"):
            try:
                Decimal(raw.replace(",", ""))
            except InvalidOperation:
                errors.append(f"“{f['label']}”请填数字")
                continue
            raw = raw.replace(",", "")
        out[f["key"]] = raw[:500]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def case_save(*, actor, case: Case, title: str, elements: list[str], data: dict) -> Case:
    """保存草稿。超出字数上限也先保存（不丢已写的字），提交时才拒绝；单项超过上限两倍直接拒绝。"""
    _editable(actor, case)
    n = len(case.category.elements)
    elements = [(e or "").replace("\r\n", "\n") for e in (list(elements) + [""] * n)[:n]]
    if any(len(e) > case.call.char_limit * 2 for e in elements):
        raise ValidationError(f"单项内容过长（超过 {case.call.char_limit * 2} 字），请精简后再保存")
    if not title.strip():
        raise ValidationError({"title": "请填写案例名称"})
    case.title, case.elements, case.data = title.strip()[:120], elements, _clean_data(case.call, data)
    case.save(update_fields=["title", "elements", "data", "updated_at"])
    record(Action.UPDATE, obj=case, workspace=case.call.workspace, actor=actor,
           message=f"保存申报草稿“{case.title}”（共 {total_chars(elements)} 字）")
    return case


def _check_upload(upload, kind: str) -> None:
    exts, mb = UPLOAD_RULES[kind] if kind in UPLOAD_RULES else SCAN_RULE
    ext = PurePosixPath(upload.name.lower()).suffix
    if ext not in exts:
        raise ValidationError(f"“{upload.name}”的类型不对：只接受 {'、'.join(exts)} 文件")
    if upload.size > mb * 1024 * 1024:
        hint = "；更大的佐证材料请提供网盘链接" if kind == FileKind.EVIDENCE else ""
        raise ValidationError(f"“{upload.name}”超过 {mb} MB{hint}")
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}”是空文件")
    head = upload.read(8)
    upload.seek(0)
    if ext == ".pdf" and not head.startswith(b"%PDF"):
        raise ValidationError(f"“{upload.name}”不是有效的 PDF 文件")
    if ext in (".docx", ".xlsx", ".zip") and not head.startswith(b"PK"):
        raise ValidationError(f"“{upload.name}”不是有效的 {ext[1:]} 文件")


@transaction.atomic
def case_file_add(*, actor, case: Case, kind: str, upload=None, url: str = "", title: str = "") -> CaseFile:
    _editable(actor, case)
    if kind not in FileKind.values:
        raise ValidationError("请选择材料类型")
    if kind == FileKind.LINK:
        if not url.startswith(("https://", "http://")):
            raise ValidationError("网盘链接须以 http:// 或 https:// 开头")
        item = CaseFile.objects.create(case=case, kind=kind, url=url[:200], name=(title or url)[:200],
                                       uploaded_by=actor)
    else:
        if upload is None:
            raise ValidationError("请选择要上传的文件")
        _check_upload(upload, kind)
        if kind in (FileKind.FORM_WORD, FileKind.FORM_PDF):  # 申请表只留最新一份
            case.files.filter(kind=kind, removed_at__isnull=True).update(removed_at=clock.now())
        item = CaseFile.objects.create(case=case, kind=kind, file=upload, name=upload.name[:200], size=upload.size,
                                       uploaded_by=actor)
    record(Action.CREATE, obj=item, workspace=case.call.workspace, actor=actor,
           message=f"“{case.title}”上传{FileKind(kind).label}：{item.name}")
    return item


@transaction.atomic
def case_file_remove(*, actor, item: CaseFile) -> None:
    _editable(actor, item.case)
    item.removed_at = clock.now()
    item.save(update_fields=["removed_at"])
    record(Action.DELETE, obj=item, workspace=item.case.call.workspace, actor=actor,
           message=f"撤下“{item.case.title}”的材料 {item.name}（已提交的版本里仍保留）")


def submit_problems(case: Case) -> list[str]:
    """提交前的检查（页面上也显示这份清单）。"""
    problems = []
    for number, name, text in case.element_rows():
        if not text.strip():
            problems.append(f"第 {number} 项要素“{name[:20]}…”还没有填写" if len(name) > 20
                            else f"第 {number} 项要素“{name}”还没有填写")
    used = total_chars(case.elements)
    if used > case.call.char_limit:
        problems.append(f"申报材料共 {used} 字，超过 {case.call.char_limit} 字的上限 {used - case.call.char_limit} 字")
    kinds = set(case.files.filter(removed_at__isnull=True).values_list("kind", flat=True))
    if FileKind.FORM_WORD not in kinds:
        problems.append("还没有上传申请表 Word 版")
    if FileKind.FORM_PDF not in kinds:
        problems.append("还没有上传盖章扫描的申请表 PDF 版")
    return problems


@transaction.atomic
def case_submit(*, actor, case: Case) -> CaseVersion:
    """提交（截止日 23:59:59 前有效，以服务器收到的北京时间为准）：保存一个完整版本。"""
    now = clock.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    _editable(actor, case, at=now)
    problems = submit_problems(case)
    if problems:
        raise ValidationError(problems)
    number = (case.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    files = [{"id": f.pk, "kind": f.kind, "name": f.name, "url": f.url, "size": f.size}
             for f in case.files.filter(removed_at__isnull=True)]
    version = CaseVersion.objects.create(
        case=case, number=number, submitted_by=actor, submitted_at=now,
        snapshot={"title": case.title, "category": case.category.name, "elements": case.elements,
                  "element_names": case.category.elements, "data": case.data, "files": files})
    case.status, case.version, case.submitted_at = CaseStatus.SUBMITTED, number, now
    case.first_submitted_at = case.first_submitted_at or now
    case.save(update_fields=["status", "version", "submitted_at", "first_submitted_at", "updated_at"])
    record(Action.APPROVE, obj=case, workspace=case.call.workspace, actor=actor,
           message=f"{case.unit.name} 提交申报“{case.title}”第 {number} 版")
    return version


# ---------------------------------------------------------------- 地区初审与推荐排序
def _review_scope(actor, call: Call, region: str) -> None:
    require_perm(actor, call.workspace, CasePerm.REVIEW)
    if region not in selectors.regions_visible(actor, call):
        raise PermissionDenied("只能处理本地区的申报")


@transaction.atomic
def case_review(*, actor, case: Case, passed: bool, reason: str = "") -> Case:
    _review_scope(actor, case.call, case.unit.region)
    if case.status != CaseStatus.SUBMITTED:
        raise ValidationError("只有已提交、待初审的申报可以初审")
    if case.call.status not in (CallStatus.PUBLISHED, CallStatus.REVIEWING):
        raise ValidationError("征集不在进行中")
    if not passed and not reason.strip():
        raise ValidationError({"reason": "退回须写明原因，申报单位据此修改"})
    case.status = CaseStatus.PASSED if passed else CaseStatus.RETURNED
    case.review_reason, case.reviewed_by, case.reviewed_at = reason.strip(), actor, clock.now()
    if passed:
        last = (Case.objects.filter(call=case.call, unit__region=case.unit.region, status=CaseStatus.PASSED)
                .aggregate(n=Max("regional_rank"))["n"] or 0)
        case.regional_rank = last + 1
    else:
        case.regional_rank = None
    case.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at", "regional_rank",
                             "updated_at"])
    record(Action.APPROVE, obj=case, workspace=case.call.workspace, actor=actor,
           message=f"地区初审{'通过' if passed else '退回'}“{case.title}”" + (f"：{reason.strip()}" if reason else ""))
    return case


@transaction.atomic
def region_order(*, actor, call: Call, region: str, case_ids: list[int]) -> RegionReport:
    """推荐排序：case_ids 为本地区全部初审通过案例的新次序。"""
    _review_scope(actor, call, region)
    passed = {c.pk: c for c in Case.objects.filter(call=call, unit__region=region, status=CaseStatus.PASSED)}
    if sorted(case_ids) != sorted(passed):
        raise ValidationError("排序须包含本地区全部初审通过的案例，且每个只出现一次；请刷新页面后重排")
    for position, pk in enumerate(case_ids, start=1):
        if passed[pk].regional_rank != position:
            Case.objects.filter(pk=pk).update(regional_rank=position)
    report, _ = RegionReport.objects.get_or_create(call=call, region=region)
    report.ranked_at, report.ranked_by = clock.now(), actor
    report.save(update_fields=["ranked_at", "ranked_by"])
    record(Action.UPDATE, obj=report, workspace=call.workspace, actor=actor,
           after={"次序": [passed[pk].title for pk in case_ids]}, message=f"{region}推荐排序")
    return report


@transaction.atomic
def region_scan_upload(*, actor, call: Call, region: str, upload) -> RegionReport:
    _review_scope(actor, call, region)
    _check_upload(upload, "scan")
    report, _ = RegionReport.objects.get_or_create(call=call, region=region)
    report.scan, report.scan_name, report.scan_uploaded_at = upload, upload.name[:200], clock.now()
    report.save()
    record(Action.CREATE, obj=report, workspace=call.workspace, actor=actor,
           message=f"{region}上传盖章的推荐排序表：{upload.name}")
    return report


# ---------------------------------------------------------------- 专家评审
@transaction.atomic
def panel_add_expert(*, actor, panel: Panel, user) -> PanelExpert:
    require_perm(actor, panel.call.workspace, CasePerm.MANAGE)
    membership = selectors.expert_membership(panel.call.workspace, user)
    if membership is None:
        raise ValidationError("只能邀请本工作区的评审专家")
    if panel.closed_at:
        raise ValidationError("评审组已结束评审")
    pe, created = PanelExpert.objects.get_or_create(panel=panel, user=user, defaults={
        "unit": membership.unit, "region": membership.region})
    if created:
        record(Action.PERMISSION, obj=pe, workspace=panel.call.workspace, actor=actor,
               message=f"邀请 {user} 参加{panel}")
    return pe


def _auto_conflicts(pe: PanelExpert) -> int:
    n = 0
    for case in selectors.panel_cases(pe.panel):
        reason = ""
        if pe.unit and case.unit.name == pe.unit:
            reason = "与申报单位为同一单位"
        elif pe.region and case.unit.region == pe.region:
            reason = "与申报单位同属一个地区"
        if reason:
            Conflict.objects.get_or_create(expert=pe, case=case, defaults={"reason": reason, "automatic": True})
            n += 1
    return n


@transaction.atomic
def expert_declare(*, actor, pe: PanelExpert, unit_ids: list[int], note: str = "") -> PanelExpert:
    """利益冲突声明：看案例之前声明与哪些申报单位有关联（任职、合作、亲属等）；同单位、同地区系统自动回避。"""
    require_perm(actor, pe.panel.call.workspace, CasePerm.SCORE)
    if pe.user_id != actor.pk:
        raise PermissionDenied("只能本人声明")
    if pe.declared_at:
        raise ValidationError("已经声明过，如需补充请联系主办方")
    cases = list(selectors.panel_cases(pe.panel))
    declared = {int(u) for u in unit_ids}
    if declared - {c.unit_id for c in cases}:
        raise ValidationError("声明的单位不在本组申报单位中")
    auto = _auto_conflicts(pe)
    for case in cases:
        if case.unit_id in declared:
            Conflict.objects.get_or_create(expert=pe, case=case,
                                           defaults={"reason": f"本人声明：{note.strip()[:150] or '存在关联'}"})
    pe.declared_at, pe.declaration = clock.now(), note.strip()
    pe.save(update_fields=["declared_at", "declaration"])
    record(Action.APPROVE, obj=pe, workspace=pe.panel.call.workspace, actor=actor,
           message=f"{actor} 提交{pe.panel}利益冲突声明：自动回避 {auto} 件，本人声明关联单位 {len(declared)} 个")
    return pe


@transaction.atomic
def score_submit(*, actor, pe: PanelExpert, case: Case, values: dict, comment: str = "") -> Score:
    """提交评分，提交即锁定，不能再改。"""
    require_perm(actor, pe.panel.call.workspace, CasePerm.SCORE)
    if pe.user_id != actor.pk:
        raise PermissionDenied("只能本人评分")
    if case not in selectors.expert_cases(pe):
        raise PermissionDenied("该案例不在您的评审范围内（或您已回避）")
    if pe.panel.closed_at:
        raise ValidationError("评审组已结束评审")
    if Score.objects.filter(expert=pe, case=case).exists():
        raise ValidationError("已经提交过评分，评分提交后不能修改")
    config = selectors.score_config(case.call)
    clean = {str(c.pk): str(values.get(str(c.pk), "")).strip() for c in case.call.criteria.all()}
    errors = sheet_errors(config, clean)
    if errors:
        raise ValidationError(errors)
    score = Score.objects.create(expert=pe, case=case, values=clean, comment=comment.strip(),
                                 submitted_at=clock.now())
    record(Action.APPROVE, obj=score, workspace=case.call.workspace, actor=actor,
           message=f"{actor} 提交对案例 #{case.pk} 的评分（已锁定）")
    return score


@transaction.atomic
def panel_close(*, actor, panel: Panel) -> Panel:
    require_perm(actor, panel.call.workspace, CasePerm.MANAGE)
    if panel.closed_at:
        raise ValidationError("评审组已结束评审")
    panel.closed_at = clock.now()
    panel.save(update_fields=["closed_at"])
    progress = selectors.panel_progress(panel)
    record(Action.APPROVE, obj=panel, workspace=panel.call.workspace, actor=actor,
           message=f"结束{panel}评审：应评 {progress['due']} 份，已评 {progress['done']} 份")
    return panel


# ---------------------------------------------------------------- 结果
@transaction.atomic
def case_components(*, actor, case: Case, vote, data) -> Case:
    require_perm(actor, case.call.workspace, CasePerm.MANAGE)
    out = []
    for label, raw in (("公众投票分", vote), ("平台数据分", data)):
        raw = str(raw or "").strip()
        if not raw:
            out.append(None)
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(f"{label}请填 0–100 的数字") from None
        if not 0 <= value <= 100:
            raise ValidationError(f"{label}须在 0 到 100 之间")
        out.append(value)
    case.vote_score, case.data_score = out
    case.save(update_fields=["vote_score", "data_score", "updated_at"])
    record(Action.UPDATE, obj=case, workspace=case.call.workspace, actor=actor,
           after={"公众投票分": str(out[0]), "平台数据分": str(out[1])}, message=f"录入案例 #{case.pk} 的投票与平台数据分")
    return case


@transaction.atomic
def case_decide(*, actor, case: Case, decision: str) -> Case:
    require_perm(actor, case.call.workspace, CasePerm.MANAGE)
    if decision not in Decision.values:
        raise ValidationError("请选择评选结果")
    if case.status != CaseStatus.PASSED:
        raise ValidationError("只有通过地区初审的案例可以评选")
    panel = Panel.objects.filter(category_id=case.category_id).first()
    if decision and (panel is None or panel.closed_at is None):
        raise ValidationError("该类别的评审尚未结束，不能决定评选结果")
    if case.call.status == CallStatus.FINISHED:
        raise ValidationError("结果已通报，不能再改")
    before = case.get_decision_display()
    case.decision = decision
    case.save(update_fields=["decision", "updated_at"])
    record(Action.APPROVE, obj=case, workspace=case.call.workspace, actor=actor, before={"结果": before},
           after={"结果": case.get_decision_display()}, message=f"评选结果：“{case.title}” {case.get_decision_display()}")
    return case


@transaction.atomic
def call_finish(*, actor, call: Call) -> None:
    require_perm(actor, call.workspace, CasePerm.MANAGE)
    if call.status != CallStatus.REVIEWING:
        raise ValidationError("评审中的征集才能通报结果")
    if call.panels.filter(closed_at__isnull=True).exists():
        raise ValidationError("还有评审组没有结束评审")
    if not call.cases.filter(decision__in=[Decision.TYPICAL, Decision.RECOMMEND]).exists():
        raise ValidationError("还没有评出典型案例")
    call.status = CallStatus.FINISHED
    call.save(update_fields=["status"])
    record(Action.PUBLISH, obj=call, workspace=call.workspace, actor=actor, message=f"通报“{call.title}”评选结果")
