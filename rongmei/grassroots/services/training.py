"""培训的写操作：课程、场次、报名、签到（逐人或导入签到表，整表校验，全部通过才写入）、结业证书（Word）。"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.links import MESSAGE as LINK_MESSAGE
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm
from rongmei.engines.docgen import Report
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table

from .. import selectors
from ..choices import Attendance, Audience, MaterialKind, SessionMode
from ..mediainfo import mp4_duration_seconds
from ..models import Course, Enrolment, Material, Member, Session
from ..permissions import GrassrootsPerm

SHEET_LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=5000)
MAX_SESSION_HOURS = Decimal(12)


@transaction.atomic
def course_save(*, actor, workspace, course: Course | None = None, name: str, audience: str, year: int,
                target_hours, description: str = "") -> Course:
    require_perm(actor, workspace, GrassrootsPerm.TRAIN)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写课程名称"
    if audience not in Audience.values:
        errors["audience"] = "请选择培训对象"
    try:
        target = Decimal(str(target_hours))
        if not Decimal(0) < target <= Decimal(200):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["target_hours"] = "每人应完成课时须为 0～200 之间的数"
        target = Decimal(0)
    if errors:
        raise ValidationError(errors)
    creating = course is None
    c = course or Course(workspace=workspace)
    c.name, c.audience, c.year, c.target_hours, c.description = name.strip(), audience, year, target, description
    c.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=c, workspace=workspace, actor=actor,
           after=snapshot(c), message="新建培训课程" if creating else "修改培训课程")
    return c


@transaction.atomic
def session_save(*, actor, course: Course, session: Session | None = None, title: str, date: dt.date, mode: str,
                 place: str, teacher: str, hours, video_url: str = "") -> Session:
    require_perm(actor, course.workspace, GrassrootsPerm.TRAIN)
    errors = {}
    for name, value in (("title", title), ("place", place), ("teacher", teacher)):
        if not (value or "").strip():
            errors[name] = "此项必填"
    if date is None:
        errors["date"] = "请填写日期"
    if mode not in SessionMode.values:
        errors["mode"] = "请选择线上或线下"
    try:
        h = Decimal(str(hours))
        if not Decimal(0) < h <= MAX_SESSION_HOURS:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["hours"] = "课时须大于 0、不超过 12"
        h = Decimal(0)
    if video_url and not is_web_url(video_url):
        errors["video_url"] = LINK_MESSAGE
    if errors:
        raise ValidationError(errors)
    creating = session is None
    s = session or Session(course=course)
    s.title, s.date, s.mode, s.place, s.teacher, s.hours = title.strip(), date, mode, place.strip(), teacher.strip(), h
    s.video_url = (video_url or "").strip()
    s.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=s, workspace=course.workspace, actor=actor,
           after=snapshot(s), message="新建培训场次" if creating else "修改培训场次")
    return s


@transaction.atomic
def enrol(*, actor, session: Session, members: list[Member]) -> int:
    """报名（已报名或已签到的人不变）。返回新报名人数。"""
    ws = session.course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    have = set(session.enrolments.values_list("member_id", flat=True))
    new = [Enrolment(session=session, member=m) for m in members if m.workspace_id == ws.pk and m.pk not in have]
    Enrolment.objects.bulk_create(new)
    if new:
        record(Action.CREATE, obj=session, workspace=ws, actor=actor, after={"新报名": [e.member.name for e in new]},
               message=f"培训报名 {len(new)} 人")
    return len(new)


@transaction.atomic
def attendance_set(*, actor, session: Session, member: Member, state: str) -> Enrolment:
    ws = session.course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    if state not in Attendance.values:
        raise ValidationError({"state": "请选择签到状态"})
    if member.workspace_id != ws.pk:
        raise ValidationError("人员不在本工作区")
    e, _ = Enrolment.objects.get_or_create(session=session, member=member)
    before = e.state
    e.state = state
    e.save(update_fields=["state"])
    record(Action.UPDATE, obj=session, workspace=ws, actor=actor, before={member.name: before},
           after={member.name: state}, message="培训签到")
    return e


HEADERS = {"name": ("姓名", "名字"), "unit": ("单位", "所属单位", "乡镇", "旗县"), "phone": ("手机号", "手机", "电话"),
           "state": ("签到", "签到情况", "是否签到", "出勤")}
YES = {"是", "已签到", "签到", "到", "出席", "√", "✓", "1", "y", "yes"}
NO = {"否", "缺席", "未到", "请假", "0", "n", "no", "×"}


class SheetError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors[:5]))


def _norm(text) -> str:
    return str(text or "").strip().replace(" ", "").replace("\u3000", "")


def parse_sign_in(session: Session, data: bytes, filename: str) -> list[tuple[Member, str]]:
    """签到表 → [(人员, 签到状态)]。表头认“姓名”（必填）、“手机号”“单位”“签到”（缺省视为已签到）。
    人按手机号找；没有手机号按姓名（同名时须有单位）。任何一行有错抛 SheetError（写明第几行、哪一列）。"""
    try:
        header, body = read_table(data, filename=filename, limits=SHEET_LIMITS).header_and_body()
    except TabularError as exc:
        raise SheetError([str(exc)]) from None
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        for key, words in HEADERS.items():
            if key not in cols and _norm(h) in words:
                cols[key] = i
    if "name" not in cols:
        raise SheetError(["第 1 行：缺少“姓名”列（表头需有：姓名，可选：手机号、单位、签到）"])
    people = list(Member.objects.filter(workspace_id=session.course.workspace_id).select_related("unit"))
    by_phone = {m.phone: m for m in people if m.phone}
    by_name: dict[str, list[Member]] = {}
    for m in people:
        by_name.setdefault(m.name, []).append(m)
    errors, out, seen = [], [], {}

    def cell(row, key):
        i = cols.get(key)
        return _norm(row[i]) if i is not None and i < len(row) else ""

    for line, row in body:
        if not any(_norm(c) for c in row):
            continue
        name, phone, unit, state = cell(row, "name"), cell(row, "phone"), cell(row, "unit"), cell(row, "state")
        where = f"第 {line} 行"
        if not name:
            errors.append(f"{where} {column_letter(cols['name'] + 1)} 列（姓名）：为空")
            continue
        member = None
        if phone:
            member = by_phone.get(phone)
            if member is None:
                errors.append(f"{where} {column_letter(cols['phone'] + 1)} 列（手机号）：{phone} 不是已登记的基层人员")
                continue
            if member.name != name:
                errors.append(f"{where} {column_letter(cols['name'] + 1)} 列（姓名）：手机号 {phone} 登记的是"
                              f"“{member.name}”，不是“{name}”")
                continue
        else:
            cands = by_name.get(name, [])
            if unit:
                cands = [m for m in cands if m.unit.name == unit]
            if not cands:
                errors.append(f"{where} {column_letter(cols['name'] + 1)} 列（姓名）：“{name}”"
                              f"{'（' + unit + '）' if unit else ''}不是已登记的基层人员")
                continue
            if len(cands) > 1:
                errors.append(f"{where} {column_letter(cols['name'] + 1)} 列（姓名）：有 {len(cands)} 位“{name}”，"
                              "请填写手机号或单位区分")
                continue
            member = cands[0]
        if not state or state.lower() in YES:
            value = Attendance.ATTENDED
        elif state.lower() in NO:
            value = Attendance.ABSENT
        else:
            errors.append(f"{where} {column_letter(cols['state'] + 1)} 列（签到）：“{state}”看不懂，请填“是”或“否”")
            continue
        if member.pk in seen:
            errors.append(f"{where}：“{name}”与第 {seen[member.pk]} 行重复")
            continue
        seen[member.pk] = line
        out.append((member, value))
        if len(errors) >= 50:
            break
    if errors:
        raise SheetError(errors)
    if not out:
        raise SheetError(["签到表里没有任何人员"])
    return out


@transaction.atomic
def attendance_import(*, actor, session: Session, data: bytes, filename: str) -> dict[str, int]:
    """导入签到表：整表先校验，有一行错就一行也不写入（抛 SheetError）。"""
    ws = session.course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    rows = parse_sign_in(session, data, filename)
    existing = {e.member_id: e for e in session.enrolments.all()}
    counts = {Attendance.ATTENDED: 0, Attendance.ABSENT: 0}
    for member, state in rows:
        e = existing.get(member.pk)
        if e is None:
            Enrolment.objects.create(session=session, member=member, state=state)
        elif e.state != state:
            e.state = state
            e.save(update_fields=["state"])
        counts[state] += 1
    record(Action.IMPORT, obj=session, workspace=ws, actor=actor,
           after={"文件": filename, "签到": counts[Attendance.ATTENDED], "缺席": counts[Attendance.ABSENT]},
           message="导入培训签到表")
    return {"attended": counts[Attendance.ATTENDED], "absent": counts[Attendance.ABSENT]}


def certificate_docx(*, actor, course: Course, member: Member) -> tuple[str, bytes]:
    """结业证书（Word）：只有完成应修课时的人员才能开具。"""
    require_perm(actor, course.workspace, GrassrootsPerm.TRAIN)
    hours = next((h for c, h, _ in selectors.member_hours(member) if c.pk == course.pk), Decimal(0))
    if hours < course.target_hours:
        raise ValidationError(f"{member.name} 已完成 {hours:g} 课时，未达到 {course.target_hours:g} 课时，不能开具结业证书")
    sessions = next((ss for c, _, ss in selectors.member_hours(member) if c.pk == course.pk), [])
    report = (Report(title="培训结业证书", meta={"课程": course.name, "年度": f"{course.year} 年"})
              .paragraph(f"{member.unit.name} {member.name} 同志：", bold=True)
              .paragraph(f"参加“{course.name}”，共完成 {hours:g} 课时（应完成 {course.target_hours:g} 课时），"
                         "考核合格，特发此证。")
              .table(["日期", "主题", "授课老师", "课时"],
                     [[f"{s.date:%Y-%m-%d}", s.title, s.teacher, f"{s.hours:g}"] for s in sessions])
              .paragraph(course.workspace.client_name or course.workspace.name, align="right"))
    with tempfile.TemporaryDirectory() as tmp:
        path = report.save_docx(Path(tmp) / "cert.docx")
        data = Path(path).read_bytes()
    record(Action.EXPORT, obj=member, workspace=course.workspace, actor=actor,
           after={"课程": course.name, "课时": str(hours)}, message="开具培训结业证书")
    return f"结业证书-{member.name}-{course.name}.docx", data


# ---------------------------------------------------------------- 培训资料（课件、培训视频）
DOC_MAX = 50 * 1024 * 1024
TRAINING_VIDEO_MAX = 2 * 1024 * 1024 * 1024
DOC_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _material_type(f) -> tuple[str, str]:
    """按文件内容判断：PDF、Word/PPT/Excel（docx/pptx/xlsx）、JPG/PNG 图片 → 课件资料；MP4/MOV → 培训视频。"""
    head = f.read(16)
    f.seek(0)
    name = (getattr(f, "name", "") or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if head.startswith(b"%PDF-"):
        return MaterialKind.FILE, DOC_TYPES["pdf"]
    if head.startswith(b"PK\x03\x04") and ext in ("docx", "pptx", "xlsx"):
        return MaterialKind.FILE, DOC_TYPES[ext]
    if head.startswith(b"\xff\xd8\xff"):
        return MaterialKind.FILE, "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MaterialKind.FILE, "image/png"
    if head[4:8] == b"ftyp":
        return MaterialKind.VIDEO, "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    return "", ""


@transaction.atomic
def material_add(*, actor, course: Course, file, session: Session | None = None) -> Material:
    """上传培训资料。课件（PDF、Word、PPT、Excel、图片）不超过 50 MB；培训视频（MP4、MOV）不超过 2 GB，读出时长，
    按 1 小时 1 课时计入合同的“培训视频课时”。"""
    ws = course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    if session is not None and session.course_id != course.pk:
        raise ValidationError({"session": "场次不属于这门课程"})
    if not file:
        raise ValidationError({"file": "请选择文件"})
    name = (getattr(file, "name", "") or "文件").rsplit("/", 1)[-1][:200]
    kind, ctype = _material_type(file)
    if not kind:
        raise ValidationError({"file": f"“{name}”不是支持的格式：课件支持 PDF、Word、PPT、Excel、JPG、PNG，"
                                       "培训视频支持 MP4、MOV"})
    limit = TRAINING_VIDEO_MAX if kind == MaterialKind.VIDEO else DOC_MAX
    if file.size > limit:
        raise ValidationError({"file": f"“{name}”有 {file.size / 1024 / 1024:.1f} MB，"
                                       f"{'培训视频不能超过 2 GB' if kind == MaterialKind.VIDEO else '课件不能超过 50 MB'}"})
    duration = None
    if kind == MaterialKind.VIDEO:
        seconds = mp4_duration_seconds(file)
        file.seek(0)
        if not seconds or seconds <= 0:
            raise ValidationError({"file": f"读不出“{name}”的时长，请确认是完整的 MP4 或 MOV 视频"})
        duration = round(seconds)
    m = Material(course=course, session=session, kind=kind, name=name, content_type=ctype, size=file.size,
                 duration_seconds=duration, uploaded_by=actor)
    m.file.save(name[-100:], file, save=False)
    m.save()
    after = {"课程": course.name, "场次": session.title if session else "", "文件": name, "类别": m.get_kind_display()}
    if duration:
        after["时长（秒）"] = duration
    record(Action.CREATE, obj=course, workspace=ws, actor=actor, after=after, message="上传培训资料")
    return m


@transaction.atomic
def material_delete(*, actor, material: Material) -> None:
    course = material.course
    require_perm(actor, course.workspace, GrassrootsPerm.TRAIN)
    record(Action.DELETE, obj=course, workspace=course.workspace, actor=actor,
           before={"文件": material.name, "类别": material.get_kind_display()}, message="删除培训资料")
    storage, path = material.file.storage, material.file.name
    material.delete()
    transaction.on_commit(lambda: storage.delete(path))


# ---------------------------------------------------------------- 扫码签到
SIGNIN_MINUTES = (10, 30, 60, 120, 240)


@transaction.atomic
def signin_open(*, actor, session: Session, minutes: int = 30) -> Session:
    """开始扫码签到：生成新的口令（旧的二维码随即失效），在 minutes 分钟内有效。"""
    ws = session.course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    if minutes not in SIGNIN_MINUTES:
        raise ValidationError({"minutes": "有效时间可选 10、30、60、120 或 240 分钟"})
    session.signin_token = secrets.token_urlsafe(18)
    session.signin_expires_at = clock.now() + dt.timedelta(minutes=minutes)
    session.save(update_fields=["signin_token", "signin_expires_at"])
    record(Action.UPDATE, obj=session, workspace=ws, actor=actor,
           after={"扫码签到截止": session.signin_expires_at.isoformat()}, message=f"开始扫码签到（{minutes} 分钟有效）")
    return session


@transaction.atomic
def signin_close(*, actor, session: Session) -> Session:
    ws = session.course.workspace
    require_perm(actor, ws, GrassrootsPerm.TRAIN)
    session.signin_token, session.signin_expires_at = "", None
    session.save(update_fields=["signin_token", "signin_expires_at"])
    record(Action.UPDATE, obj=session, workspace=ws, actor=actor, message="结束扫码签到")
    return session


def _norm_phone(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isdigit())


@transaction.atomic
def signin_by_token(*, session: Session, user=None, name: str = "", phone: str = "") -> tuple[Enrolment, bool]:
    """手机扫码签到：登录的基层人员按账号认人；未登录的按姓名 + 手机号与报名名单核对。只有本场报名的人能签到；
    已签到的不重复记录。返回 (报名记录, 是否本次新签到)。口令过期或已结束时拒绝。"""
    if not session.signin_token or session.signin_expires_at is None or clock.now() > session.signin_expires_at:
        raise ValidationError("签到已结束或二维码已过期，请联系培训组织人员")
    ws_id = session.course.workspace_id
    member = None
    if user is not None and getattr(user, "is_authenticated", False):
        member = Member.objects.filter(workspace_id=ws_id, user=user, active=True).first()
    if member is None:
        name, digits = _norm(name), _norm_phone(phone)
        if not name or not digits:
            raise ValidationError("请填写姓名和手机号")
        if len(digits) != 11:
            raise ValidationError("手机号应为 11 位数字")
        member = Member.objects.filter(workspace_id=ws_id, phone=digits, active=True).first()
        if member is None or _norm(member.name) != name:
            raise ValidationError("姓名和手机号与登记的基层人员对不上，请核对后再试，或请现场工作人员代为签到")
    e = Enrolment.objects.select_for_update().filter(session=session, member=member).first()
    if e is None:
        raise ValidationError(f"{member.name}，您没有报名这一场培训，请联系培训组织人员")
    if e.state == Attendance.ATTENDED:
        return e, False
    e.state, e.signed_in_at = Attendance.ATTENDED, clock.now()
    e.save(update_fields=["state", "signed_in_at"])
    record(Action.UPDATE, obj=session, workspace=session.course.workspace,
           actor=user if user is not None and getattr(user, "is_authenticated", False) else None,
           after={member.name: Attendance.ATTENDED}, message=f"扫码签到：{member.name}")
    return e, True
