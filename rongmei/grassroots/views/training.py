"""培训：课程、场次、报名与签到（逐人或导入签到表）、每人课时与落后名单、结业证书。"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm

from .. import exports, selectors, services
from ..choices import Attendance
from ..forms import CourseForm, MaterialForm, SessionForm, SignInForm, SignInOpenForm
from ..models import Material
from ..permissions import GrassrootsPerm
from ..qr import svg
from . import download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@workspace_view(GrassrootsPerm.VIEW)
def training(request):
    ws = request.workspace
    courses = list(selectors.courses_of(ws))
    progress = [selectors.course_progress(c) for c in courses]
    return render(request, "grassroots/training.html", {"progress": progress,
                                                         "can_train": has_perm(request.user, ws, GrassrootsPerm.TRAIN)})


@workspace_view(GrassrootsPerm.TRAIN)
def course_edit(request, pk: int | None = None):
    ws = request.workspace
    c = selectors.course_get(ws, pk) if pk else None
    initial = {"year": clock.today().year, "target_hours": 12} if c is None else {
        k: getattr(c, k) for k in ("name", "audience", "year", "target_hours", "description")}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.course_save(actor=request.user, workspace=ws, course=c, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "课程已保存")
            return redirect("grassroots:course", ws=ws.slug, pk=c.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改课程" if c else "新建培训课程",
                                                    "back": "grassroots:training", "back_label": "基层培训"})


@workspace_view(GrassrootsPerm.VIEW)
def course(request, pk: int):
    ws = request.workspace
    c = selectors.course_get(ws, pk)
    can_train = has_perm(request.user, ws, GrassrootsPerm.TRAIN)
    materials = list(selectors.materials_of(c))
    return render(request, "grassroots/course.html", {
        "c": c, "prog": selectors.course_progress(c), "sessions": c.sessions.all(),
        "materials": materials, "video_hours": sum((m.video_hours for m in materials), 0),
        "material_form": MaterialForm() if can_train else None,
        "can_train": has_perm(request.user, ws, GrassrootsPerm.TRAIN),
        "can_export": has_perm(request.user, ws, GrassrootsPerm.EXPORT)})


@workspace_view(GrassrootsPerm.EXPORT)
def course_export(request, pk: int):
    ws = request.workspace
    c = selectors.course_get(ws, pk)
    record(Action.EXPORT, workspace=ws, actor=request.user, object_type="grassroots.course", object_id=str(c.pk),
           message=f"导出培训课时台账：{c.name}")
    return download(exports.training_xlsx(c), f"培训课时台账_{c.name}.xlsx")


@workspace_view(GrassrootsPerm.TRAIN)
def session_edit(request, course_pk: int, pk: int | None = None):
    ws = request.workspace
    c = selectors.course_get(ws, course_pk)
    s = selectors.session_get(ws, pk) if pk else None
    if s is not None and s.course_id != c.pk:
        raise Http404("培训场次不存在")
    initial = {} if s is None else {k: getattr(s, k) for k in ("title", "date", "mode", "place", "teacher", "hours",
                                                               "video_url")}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            s = services.session_save(actor=request.user, course=c, session=s, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "培训场次已保存")
            return redirect("grassroots:session_detail", ws=ws.slug, pk=s.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改场次" if s else f"新建场次：{c.name}",
                                                    "back": "grassroots:training", "back_label": "基层培训"})


@workspace_view(GrassrootsPerm.VIEW)
def session_detail(request, pk: int):
    ws = request.workspace
    s = selectors.session_get(ws, pk)
    can_train = has_perm(request.user, ws, GrassrootsPerm.TRAIN)
    form = SignInForm(request.POST or None, request.FILES or None) if can_train else None
    errors = []
    if request.method == "POST" and can_train and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            counts = services.attendance_import(actor=request.user, session=s, data=f.read(), filename=f.name)
        except services.SheetError as exc:
            errors = exc.errors
        else:
            flash.success(request, f"签到表已导入：签到 {counts['attended']} 人，缺席 {counts['absent']} 人")
            return redirect("grassroots:session_detail", ws=ws.slug, pk=s.pk)
    signin_open = bool(s.signin_token and s.signin_expires_at and s.signin_expires_at > clock.now())
    signin_url = request.build_absolute_uri(reverse("grassroots:signin", kwargs={"ws": ws.slug,
                                                                                 "token": s.signin_token})) \
        if signin_open else ""
    return render(request, "grassroots/session.html", {
        "s": s, "roster": selectors.session_roster(s), "form": form, "errors": errors, "can_train": can_train,
        "materials": selectors.materials_of(s.course).filter(session=s),
        "material_form": MaterialForm() if can_train else None, "open_form": SignInOpenForm() if can_train else None,
        "signin_open": signin_open, "signin_url": signin_url, "signin_qr": svg(signin_url, scale=6) if signin_url else "",
        "states": Attendance.choices,
        "members": selectors.members_of(ws).filter(active=True).exclude(enrolments__session=s) if can_train else []})


@require_POST
@workspace_view(GrassrootsPerm.TRAIN)
def session_enrol(request, pk: int):
    ws = request.workspace
    s = selectors.session_get(ws, pk)
    ids = [int(x) for x in request.POST.getlist("members") if x.isdigit()]
    kind = request.POST.get("kind", "")
    people = selectors.members_of(ws).filter(active=True)
    people = people.filter(kind=kind) if kind else people.filter(pk__in=ids)
    n = services.enrol(actor=request.user, session=s, members=list(people))
    flash.success(request, f"新报名 {n} 人")
    return redirect("grassroots:session_detail", ws=ws.slug, pk=s.pk)


@require_POST
@workspace_view(GrassrootsPerm.TRAIN)
def session_mark(request, pk: int, member_pk: int):
    ws = request.workspace
    s = selectors.session_get(ws, pk)
    member = selectors.member_get(ws, member_pk)
    try:
        services.attendance_set(actor=request.user, session=s, member=member, state=request.POST.get("state", ""))
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    return redirect("grassroots:session_detail", ws=ws.slug, pk=s.pk)


@workspace_view(GrassrootsPerm.TRAIN)
def certificate(request, pk: int, member_pk: int):
    ws = request.workspace
    c = selectors.course_get(ws, pk)
    member = selectors.member_get(ws, member_pk)
    try:
        name, data = services.certificate_docx(actor=request.user, course=c, member=member)
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
        return redirect("grassroots:course", ws=ws.slug, pk=c.pk)
    return download(data, name, DOCX)


@require_POST
@workspace_view(GrassrootsPerm.TRAIN)
def material_upload(request, pk: int):
    """上传课程（或某一场次）的培训资料；从场次页上传时 session 参数指明场次。"""
    ws = request.workspace
    c = selectors.course_get(ws, pk)
    session = None
    if request.POST.get("session", "").isdigit():
        session = selectors.session_get(ws, int(request.POST["session"]))
    form = MaterialForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError("请选择要上传的文件")
        m = services.material_add(actor=request.user, course=c, session=session, file=form.cleaned_data["file"])
    except ValidationError as exc:
        flash.error(request, "没有上传：" + "；".join(exc.messages))
    else:
        extra = f"，时长 {m.duration_text}，折合 {m.video_hours:g} 课时" if m.duration_seconds else ""
        flash.success(request, f"已上传“{m.name}”{extra}")
    if session is not None:
        return redirect("grassroots:session_detail", ws=ws.slug, pk=session.pk)
    return redirect("grassroots:course", ws=ws.slug, pk=c.pk)


@workspace_view(GrassrootsPerm.VIEW)
def material_file(request, pk: int):
    m = Material.objects.filter(course__workspace=request.workspace, pk=pk).first()
    if m is None:
        raise Http404("培训资料不存在")
    return file_response(m.file, filename=m.name, inline=m.kind == "video" or m.content_type.startswith("image/")
                         or m.content_type == "application/pdf")


@require_POST
@workspace_view(GrassrootsPerm.TRAIN)
def material_remove(request, pk: int):
    ws = request.workspace
    m = Material.objects.filter(course__workspace=ws, pk=pk).select_related("course").first()
    if m is None:
        raise Http404("培训资料不存在")
    back = ("grassroots:session_detail", m.session_id) if m.session_id else ("grassroots:course", m.course_id)
    services.material_delete(actor=request.user, material=m)
    flash.success(request, f"已删除“{m.name}”")
    return redirect(back[0], ws=ws.slug, pk=back[1])


@require_POST
@workspace_view(GrassrootsPerm.TRAIN)
def signin_toggle(request, pk: int):
    ws = request.workspace
    s = selectors.session_get(ws, pk)
    if request.POST.get("action") == "close":
        services.signin_close(actor=request.user, session=s)
        flash.success(request, "扫码签到已结束，二维码失效")
    else:
        form = SignInOpenForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("请选择二维码有效时间")
            services.signin_open(actor=request.user, session=s, minutes=form.cleaned_data["minutes"])
        except ValidationError as exc:
            flash.error(request, "；".join(exc.messages))
        else:
            flash.success(request, "扫码签到已开始：请学员用手机扫描二维码")
    return redirect("grassroots:session_detail", ws=ws.slug, pk=s.pk)
