"""写：单位树、基层人员、线索的报送与处理、积分流水、媒体采用与互推。

每个写操作：关键字参数、事务、校验、权限（require_perm）、审计。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.links import MESSAGE as LINK_MESSAGE
from rongmei.core.links import is_web_url
from rongmei.core.permissions import has_perm, require_perm
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table
from rongmei.production import services as production

from .. import selectors
from ..choices import ClueStatus, ExchangeState, PlacementLevel, PointKind, PortraitConsent
from ..models import Clue, ClueFile, Exchange, Member, NetworkSettings, Partner, Placement, PointEntry, Unit
from ..permissions import GrassrootsPerm
from .training import SheetError

MAX_FILES = 9
IMAGE_MAX = 10 * 1024 * 1024
VIDEO_MAX = 200 * 1024 * 1024
SCREENSHOT_MAX = 10 * 1024 * 1024


# ---------------------------------------------------------------- 单位树
def _set_path(unit: Unit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0


@transaction.atomic
def unit_save(*, actor, workspace, unit: Unit | None = None, name: str, kind: str, parent: Unit | None = None,
              population: int | None = None) -> Unit:
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写单位名称"})
    if parent is not None and parent.workspace_id != workspace.pk:
        raise ValidationError({"parent": "上级单位不在本工作区"})
    if unit is not None and parent is not None and parent.path.startswith(unit.path):
        raise ValidationError({"parent": "不能把单位移到它自己或它的下级单位之下"})
    sibling = Unit.objects.filter(workspace=workspace, parent=parent, name=name)
    if unit is not None:
        sibling = sibling.exclude(pk=unit.pk)
    if sibling.exists():
        raise ValidationError({"name": "同一上级下已有同名单位"})
    creating = unit is None
    before = None if creating else snapshot(unit)
    unit = unit or Unit(workspace=workspace)
    old_path = unit.path
    unit.name, unit.kind, unit.parent, unit.population = name, kind, parent, population
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    if old_path and old_path != unit.path:  # 移动：整棵子树的路径一起改
        for child in Unit.objects.filter(workspace=workspace, path__startswith=old_path).exclude(pk=unit.pk) \
                .order_by("depth"):
            child.refresh_from_db()
            _set_path(child)
            child.save(update_fields=["path", "depth"])
    record(Action.CREATE if creating else Action.UPDATE, obj=unit, workspace=workspace, actor=actor, before=before,
           after=snapshot(unit), message="新建单位" if creating else "修改单位")
    return unit


@transaction.atomic
def member_save(*, actor, workspace, member: Member | None = None, name: str, unit: Unit, kind: str,
                phone: str = "", user=None, is_unit_admin: bool = False, active: bool = True) -> Member:
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    if not (name or "").strip():
        raise ValidationError({"name": "请填写姓名"})
    if unit.workspace_id != workspace.pk:
        raise ValidationError({"unit": "单位不在本工作区"})
    if user is not None:
        taken = Member.objects.filter(workspace=workspace, user=user)
        if member is not None:
            taken = taken.exclude(pk=member.pk)
        if taken.exists():
            raise ValidationError({"user": "这个登录账号已关联了另一位基层人员"})
    creating = member is None
    before = None if creating else snapshot(member)
    member = member or Member(workspace=workspace)
    member.name, member.unit, member.kind, member.phone = name.strip(), unit, kind, phone.strip()
    member.user, member.is_unit_admin, member.active = user, is_unit_admin, active
    member.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=member, workspace=workspace, actor=actor,
           before=before, after=snapshot(member), message="登记基层人员" if creating else "修改基层人员")
    return member


# ---------------------------------------------------------------- 线索
def _sniff(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    return ""


ALLOWED = {"image/jpeg": "JPG", "image/png": "PNG", "image/webp": "WEBP", "image/heic": "HEIC",
           "video/mp4": "MP4", "video/quicktime": "MOV"}


def check_files(files) -> list[tuple[object, str]]:
    """按文件内容（不是扩展名）判断类型：图片 JPG/PNG/WEBP/HEIC 不超过 10 MB，视频 MP4/MOV 不超过 200 MB，最多 9 个。"""
    files = [f for f in (files or []) if f]
    errors = []
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"最多上传 {MAX_FILES} 个文件，您选了 {len(files)} 个"})
    out = []
    for f in files:
        head = f.read(16)
        f.seek(0)
        kind = _sniff(head)
        name = getattr(f, "name", "文件")
        if not kind:
            errors.append(f"“{name}”不是支持的图片或视频（支持 JPG、PNG、WEBP、HEIC 图片和 MP4、MOV 视频）")
            continue
        limit = VIDEO_MAX if kind.startswith("video/") else IMAGE_MAX
        if f.size > limit:
            errors.append(f"“{name}”有 {f.size / 1024 / 1024:.1f} MB，{'视频' if kind.startswith('video/') else '图片'}"
                          f"不能超过 {limit // 1024 // 1024} MB")
            continue
        out.append((f, kind))
    if errors:
        raise ValidationError({"files": errors})
    return out


CLUE_FIELDS = ("title", "body", "place", "happened_on", "contact", "rights_holder", "portrait")


@transaction.atomic
def clue_submit(*, actor, workspace, member: Member | None = None, title: str, body: str, place: str,
                happened_on: dt.date, contact: str, consent_publish: bool, rights_holder: str,
                portrait: str = PortraitConsent.NO_PEOPLE, files=None) -> Clue:
    """报送一条线索。报送人默认是登录者本人关联的基层人员；编辑代录时可指定 member。"""
    require_perm(actor, workspace, GrassrootsPerm.SUBMIT)
    own = selectors.member_for(actor, workspace) if actor is not None else None
    if member is None:
        member = own
    elif actor is not None and own != member and not has_perm(actor, workspace, GrassrootsPerm.TRIAGE):
        raise ValidationError("只能以本人名义报送线索")
    if member is None:
        raise ValidationError("您的账号还没有关联基层人员，请联系项目组在“基层人员”中登记")
    errors = {}
    for name, value in (("title", title), ("body", body), ("place", place), ("contact", contact),
                        ("rights_holder", rights_holder)):
        if not (value or "").strip():
            errors[name] = "此项必填"
    if happened_on is None:
        errors["happened_on"] = "请填写发生日期"
    elif happened_on > clock.today():
        errors["happened_on"] = "发生日期不能晚于今天"
    if not consent_publish:
        errors["consent_publish"] = "请确认同意平台编辑、刊发所附材料"
    if portrait == PortraitConsent.NOT_OBTAINED and files:
        errors["portrait"] = "画面中有人但尚未取得本人同意：请先取得同意，或去掉含人像的图片视频"
    if portrait not in PortraitConsent.values:
        errors["portrait"] = "请选择肖像同意情况"
    if errors:
        raise ValidationError(errors)
    checked = check_files(files)
    clue = Clue(workspace=workspace, member=member, unit=member.unit, submitted_by=actor, title=title.strip(),
                body=body.strip(), place=place.strip(), happened_on=happened_on, contact=contact.strip(),
                consent_publish=True, rights_holder=rights_holder.strip(), portrait=portrait)
    clue.full_clean(exclude=["member", "unit", "submitted_by", "duplicate_of", "item", "decided_by"])
    clue.save()
    for f, kind in checked:
        cf = ClueFile(clue=clue, name=getattr(f, "name", "文件")[:200], content_type=kind, size=f.size)
        cf.file.save(f"{clue.pk}-{len(checked)}-{cf.name}"[-120:], f, save=False)
        cf.save()
    similar = selectors.similar_clues(clue)
    if similar:
        clue.duplicate_of = similar[0].clue
        clue.save(update_fields=["duplicate_of"])
    record(Action.CREATE, obj=clue, workspace=workspace, actor=actor, after=snapshot(clue, list(CLUE_FIELDS)),
           message=f"报送新闻线索（附件 {len(checked)} 个）")
    return clue


def _award(*, clue: Clue, kind: str, actor, reason: str) -> PointEntry | None:
    """给线索记一次积分（同一线索同一类别只记一次）。"""
    if PointEntry.objects.filter(clue=clue, kind=kind).exists():
        return None
    entry = PointEntry(workspace_id=clue.workspace_id, member=clue.member, unit=clue.unit, kind=kind,
                       points=selectors.points_policy(clue.workspace_id)[kind], clue=clue, reason=reason,
                       month=selectors.month_key(clock.today()), created_by=actor)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return None
    return entry


def _copy_files(*, actor, clue: Clue) -> int:
    """把线索的照片、视频复制为采编稿件的附件（稿件里的附件是独立的文件，线索的原件留在线索里）。"""
    n = 0
    for cf in clue.files.all().order_by("pk"):
        with cf.file.open("rb") as fh:
            upload = File(fh, name=cf.name)
            upload.content_type = cf.content_type  # 附件类别（图片/视频）按报送时检查出的类型
            production.attachment_add(actor=actor, item=clue.item, file=upload, name=cf.name)
        n += 1
    return n


@transaction.atomic
def clue_decide(*, actor, clue: Clue, decision: str, reason: str = "", kind: str = "article") -> Clue:
    """采用 / 待核实 / 不采用。采用时新建一篇采编稿件（关联本线索，线索的照片视频复制为稿件附件）并给报送人记“采用”积分。
    待核实与不采用必须写明原因；已采用的线索不能再改为不采用（积分要冲销请用冲销）。"""
    require_perm(actor, clue.workspace, GrassrootsPerm.TRIAGE)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    reason = (reason or "").strip()
    if decision not in (ClueStatus.ADOPTED, ClueStatus.VERIFY, ClueStatus.REJECTED):
        raise ValidationError({"decision": "请选择处理结果"})
    if clue.status == ClueStatus.ADOPTED:
        raise ValidationError("这条线索已经采用，不能再改处理结果")
    if decision != ClueStatus.ADOPTED and not reason:
        raise ValidationError({"reason": "待核实或不采用时请写明原因，报送人会看到"})
    before = snapshot(clue, ["status", "reason"])
    clue.status, clue.reason = decision, reason
    clue.decided_by, clue.decided_at = actor, clock.now()
    if decision == ClueStatus.ADOPTED:
        body = (f"{clue.body}\n\n（基层线索：{clue.unit.name} {clue.member.name} 报送；地点：{clue.place}；"
                f"日期：{clue.happened_on:%Y-%m-%d}；材料权利人：{clue.rights_holder}；"
                f"肖像：{clue.get_portrait_display()}）")
        clue.item = production.item_create(actor=actor, workspace=clue.workspace, title=clue.title, kind=kind,
                                           body=body, summary="由基层新闻线索采用", topic=clue.title[:200],
                                           source=f"基层线索：{clue.unit.name}")
        _copy_files(actor=actor, clue=clue)
    clue.save(update_fields=["status", "reason", "decided_by", "decided_at", "item"])
    if decision == ClueStatus.ADOPTED:
        _award(clue=clue, kind=PointKind.ADOPTED, actor=actor, reason=f"线索“{clue.title}”被采用")
    record(Action.APPROVE, obj=clue, workspace=clue.workspace, actor=actor, before=before,
           after=snapshot(clue, ["status", "reason", "item"]), message=f"线索处理：{clue.get_status_display()}")
    return clue


@transaction.atomic
def clue_mark_published(*, item_id: int, url: str, published_at: dt.datetime) -> int:
    """稿件发布后（发布应用登记为“已发布”时调用）：关联线索记下链接与时间，报送人得“发布”积分。返回处理的线索数。"""
    n = 0
    for clue in Clue.objects.select_for_update().filter(item_id=item_id, status=ClueStatus.ADOPTED):
        if clue.published_at is None:
            clue.published_at, clue.published_url = published_at, url if is_web_url(url) else ""
            clue.save(update_fields=["published_at", "published_url"])
            record(Action.PUBLISH, obj=clue, workspace=clue.workspace, after={"链接": clue.published_url},
                   message="线索采用的稿件已发布")
        if _award(clue=clue, kind=PointKind.PUBLISHED, actor=None, reason=f"据线索“{clue.title}”写的稿件已发布"):
            n += 1
    return n


# ---------------------------------------------------------------- 积分：只能追加
MAX_AWARD = 100


@transaction.atomic
def points_settings_save(*, actor, workspace, adopted_points: int, published_points: int) -> NetworkSettings:
    """修改每条采用线索、每篇发布稿件的积分。只影响之后记的积分，已记的流水保持原值（流水只增不改）。"""
    require_perm(actor, workspace, GrassrootsPerm.POINTS)
    errors = {}
    for name, value in (("adopted_points", adopted_points), ("published_points", published_points)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AWARD:
            errors[name] = f"积分须为 0～{MAX_AWARD} 的整数"
    if errors:
        raise ValidationError(errors)
    obj, _ = NetworkSettings.objects.select_for_update().get_or_create(workspace=workspace)
    before = {"线索被采用积分": obj.adopted_points, "稿件发布积分": obj.published_points}
    obj.adopted_points, obj.published_points, obj.updated_by = adopted_points, published_points, actor
    obj.save()
    record(Action.UPDATE, obj=obj, workspace=workspace, actor=actor, before=before,
           after={"线索被采用积分": adopted_points, "稿件发布积分": published_points}, message="修改基层线索积分标准")
    return obj


@transaction.atomic
def points_reverse(*, actor, entry: PointEntry, reason: str) -> PointEntry:
    require_perm(actor, entry.workspace, GrassrootsPerm.POINTS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "冲销必须写明原因"})
    if entry.kind == PointKind.REVERSAL:
        raise ValidationError("冲销条目不能再冲销")
    if PointEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("这条积分已经冲销过")
    rev = PointEntry(workspace_id=entry.workspace_id, member=entry.member, unit=entry.unit, kind=PointKind.REVERSAL,
                     points=-entry.points, clue=entry.clue, reverses=entry, reason=reason,
                     month=selectors.month_key(clock.today()), created_by=actor)
    rev.save()
    record(Action.CREATE, obj=rev, workspace=entry.workspace, actor=actor,
           after={"冲销条目": entry.pk, "积分": rev.points, "原因": reason}, message="冲销积分")
    return rev


@transaction.atomic
def points_bonus(*, actor, workspace, member: Member, points: int, reason: str) -> PointEntry:
    require_perm(actor, workspace, GrassrootsPerm.POINTS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明奖励原因"})
    if not isinstance(points, int) or not 1 <= points <= 100:
        raise ValidationError({"points": "奖励积分为 1～100 的整数"})
    entry = PointEntry(workspace=workspace, member=member, unit=member.unit, kind=PointKind.BONUS, points=points,
                       reason=reason, month=selectors.month_key(clock.today()), created_by=actor)
    entry.save()
    record(Action.CREATE, obj=entry, workspace=workspace, actor=actor, after={"人员": member.name, "积分": points,
                                                                              "原因": reason}, message="奖励积分")
    return entry


# ---------------------------------------------------------------- 媒体采用与互推
def _image(file) -> None:
    if not file:
        return
    kind = _sniff(file.read(16))
    file.seek(0)
    if not kind.startswith("image/"):
        raise ValidationError({"screenshot": "截图须为 JPG、PNG 或 WEBP 图片"})
    if file.size > SCREENSHOT_MAX:
        raise ValidationError({"screenshot": "截图不能超过 10 MB"})


PLACEMENT_FIELDS = ["outlet", "level", "date", "title", "url", "item", "clue", "note"]


@transaction.atomic
def placement_save(*, actor, workspace, placement: Placement | None = None, outlet: str, level: str,
                   date: dt.date, title: str, url: str, screenshot=None, item=None, clue: Clue | None = None,
                   note: str = "") -> Placement:
    require_perm(actor, workspace, GrassrootsPerm.PLACE)
    errors = {}
    if not (outlet or "").strip():
        errors["outlet"] = "请填写采用媒体"
    if level not in PlacementLevel.values:
        errors["level"] = "请选择媒体级别"
    if not (title or "").strip():
        errors["title"] = "请填写标题"
    if not is_web_url(url):
        errors["url"] = LINK_MESSAGE
    if date is None:
        errors["date"] = "请填写采用日期"
    elif date > clock.today():
        errors["date"] = "采用日期不能晚于今天"
    if item is not None and item.workspace_id != workspace.pk:
        errors["item"] = "稿件不在本工作区"
    if errors:
        raise ValidationError(errors)
    _image(screenshot)
    creating = placement is None
    before = None if creating else snapshot(placement, PLACEMENT_FIELDS)
    p = placement or Placement(workspace=workspace, created_by=actor)
    p.outlet, p.level, p.date, p.title, p.url = outlet.strip(), level, date, title.strip(), url.strip()
    p.item, p.clue, p.note = item, clue, (note or "").strip()
    if screenshot:
        p.screenshot.save(screenshot.name[-80:], screenshot, save=False)
    p.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=p, workspace=workspace, actor=actor, before=before,
           after={**snapshot(p, PLACEMENT_FIELDS), "截图": p.screenshot.name if p.screenshot else ""},
           message="登记媒体采用" if creating else "修改媒体采用")
    return p


@transaction.atomic
def partner_save(*, actor, workspace, name: str, platform: str = "微信公众号", owner: str = "",
                 contact: str = "") -> Partner:
    require_perm(actor, workspace, GrassrootsPerm.PLACE)
    if not (name or "").strip():
        raise ValidationError({"name": "请填写账号名称"})
    p = Partner.objects.create(workspace=workspace, name=name.strip(), platform=(platform or "").strip() or "微信公众号",
                               owner=owner.strip(), contact=contact.strip())
    record(Action.CREATE, obj=p, workspace=workspace, actor=actor, after=snapshot(p), message="登记互推伙伴")
    return p


@transaction.atomic
def exchange_save(*, actor, workspace, exchange: Exchange | None = None, partner: Partner, title: str,
                  direction: str, planned_on: dt.date, state: str = ExchangeState.PLANNED,
                  done_on: dt.date | None = None, our_url: str = "", their_url: str = "") -> Exchange:
    require_perm(actor, workspace, GrassrootsPerm.PLACE)
    errors = {}
    if partner.workspace_id != workspace.pk:
        errors["partner"] = "伙伴账号不在本工作区"
    if not (title or "").strip():
        errors["title"] = "请填写推荐内容"
    if planned_on is None:
        errors["planned_on"] = "请填写计划日期"
    for name, value in (("our_url", our_url), ("their_url", their_url)):
        if value and not is_web_url(value):
            errors[name] = LINK_MESSAGE
    if state == ExchangeState.DONE:
        if done_on is None:
            errors["done_on"] = "已完成的互推请填写完成日期"
        elif done_on > clock.today():
            errors["done_on"] = "完成日期不能晚于今天"
        if not (our_url or their_url):
            errors["our_url"] = "已完成的互推请至少填写一个链接"
    if errors:
        raise ValidationError(errors)
    creating = exchange is None
    e = exchange or Exchange()
    e.partner, e.title, e.direction, e.planned_on, e.state = partner, title.strip(), direction, planned_on, state
    e.done_on, e.our_url, e.their_url = done_on, our_url.strip(), their_url.strip()
    e.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=e, workspace=workspace, actor=actor, after=snapshot(e),
           message="登记互推" if creating else "更新互推")
    return e



# ---------------------------------------------------------------- 人员名单导入
ROSTER_HEADERS = {"name": ("姓名",), "unit": ("单位", "所属单位"), "kind": ("身份", "类别"), "phone": ("手机号", "手机", "电话")}
KIND_WORDS = {"信息供稿员": "contributor", "供稿员": "contributor", "视频采集员": "collector", "采集员": "collector",
              "专职委员": "commissioner"}


def roster_import(*, actor, workspace, data: bytes, filename: str) -> int:
    """导入基层人员名单（姓名、单位、身份、手机号）。单位写名称，重名时写路径“盟市/旗县/乡镇”；手机号已登记的人更新，
    其余新建。整表先校验，有一行错就一行也不写入（抛 SheetError，写明第几行、哪一列）。返回写入人数。"""
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    try:
        header, body = read_table(data, filename=filename, limits=Limits(max_bytes=5 * 1024 * 1024,
                                                                          max_rows=20000)).header_and_body()
    except TabularError as exc:
        raise SheetError([str(exc)]) from None
    cols = {}
    for i, h in enumerate(header):
        for key, words in ROSTER_HEADERS.items():
            if key not in cols and str(h or "").strip() in words:
                cols[key] = i
    missing = [ROSTER_HEADERS[k][0] for k in ("name", "unit") if k not in cols]
    if missing:
        raise SheetError([f"第 1 行：缺少“{'”“'.join(missing)}”列（表头：姓名、单位、身份、手机号）"])
    units = list(Unit.objects.filter(workspace=workspace))
    by_id = {u.pk: u for u in units}
    by_name: dict[str, list[Unit]] = {}
    by_path: dict[str, Unit] = {}
    for u in units:
        by_name.setdefault(u.name, []).append(u)
        by_path["/".join(by_id[int(x)].name for x in u.path.strip("/").split("/"))] = u
    existing = {m.phone: m for m in Member.objects.filter(workspace=workspace).exclude(phone="")}
    errors, rows, phones = [], [], {}

    def cell(row, key):
        i = cols.get(key)
        return str(row[i]).strip() if i is not None and i < len(row) and row[i] is not None else ""

    for line, row in body:
        if not any(str(c or "").strip() for c in row):
            continue
        name, unit_text, kind_text, phone = cell(row, "name"), cell(row, "unit"), cell(row, "kind"), cell(row, "phone")
        at = f"第 {line} 行"
        if not name:
            errors.append(f"{at} {column_letter(cols['name'] + 1)} 列（姓名）：为空")
            continue
        unit = by_path.get(unit_text.replace("／", "/"))
        if unit is None:
            cands = by_name.get(unit_text, [])
            if len(cands) == 1:
                unit = cands[0]
            else:
                why = "不是本工作区的单位" if not cands else f"有 {len(cands)} 个同名单位，请写“盟市/旗县/乡镇”路径"
                errors.append(f"{at} {column_letter(cols['unit'] + 1)} 列（单位）：“{unit_text}”{why}")
                continue
        kind = KIND_WORDS.get(kind_text or "信息供稿员")
        if kind is None:
            errors.append(f"{at} {column_letter(cols['kind'] + 1)} 列（身份）：“{kind_text}”应为信息供稿员、视频采集员或专职委员")
            continue
        if phone:
            if not (phone.isdigit() and len(phone) == 11):
                errors.append(f"{at} {column_letter(cols['phone'] + 1)} 列（手机号）：“{phone}”不是 11 位手机号")
                continue
            if phone in phones:
                errors.append(f"{at}：手机号 {phone} 与第 {phones[phone]} 行重复")
                continue
            phones[phone] = line
        rows.append((name, unit, kind, phone))
        if len(errors) >= 50:
            break
    if errors:
        raise SheetError(errors)
    if not rows:
        raise SheetError(["名单里没有任何人员"])
    with transaction.atomic():
        for name, unit, kind, phone in rows:
            m = existing.get(phone) if phone else None
            if m is None:
                Member.objects.create(workspace=workspace, name=name, unit=unit, kind=kind, phone=phone)
            else:
                m.name, m.unit, m.kind = name, unit, kind
                m.save(update_fields=["name", "unit", "kind"])
        record(Action.IMPORT, workspace=workspace, actor=actor, object_type="grassroots.member",
               after={"文件": filename, "人数": len(rows)}, message="导入基层人员名单")
    return len(rows)
