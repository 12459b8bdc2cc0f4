"""基层线索：报送（手机）、我的线索与积分、编辑处理、积分冲销与奖励、月度排行与导出。"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm
from rongmei.engines import months

from .. import exports, selectors, services
from ..choices import ClueStatus
from ..forms import BonusForm, ClueForm, DecideForm, PointsSettingsForm, ReverseForm
from ..models import ClueFile, PointEntry
from ..permissions import GrassrootsPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


def _scope(request):
    return selectors.scope_for(request.user, request.workspace)


@workspace_view(GrassrootsPerm.SUBMIT)
def submit(request):
    ws = request.workspace
    member = selectors.member_for(request.user, ws)
    form = ClueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            clue = services.clue_submit(actor=request.user, workspace=ws, title=d["title"], body=d["body"],
                                        place=d["place"], happened_on=d["happened_on"], contact=d["contact"],
                                        consent_publish=d["consent_publish"], rights_holder=d["rights_holder"],
                                        portrait=d["portrait"], files=request.FILES.getlist("files"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "线索已报送，编辑处理后您会在“我的线索”里看到结果")
            return redirect("grassroots:clue", ws=ws.slug, pk=clue.pk)
    return render(request, "grassroots/submit.html", {"form": form, "member": member})


@workspace_view(GrassrootsPerm.MINE)
def mine(request):
    ws = request.workspace
    scope = _scope(request)
    member = scope.member
    clues = selectors.clues_for(ws, scope)
    page = Paginator(clues, 20).get_page(request.GET.get("page"))
    month = months.month_start(clock.today())
    ctx = {"member": member, "scope": scope, "page": page,
           "total": selectors.points_total(ws, member) if member else 0,
           "ledger": selectors.ledger_for(ws, scope, member=member)[:20] if member else [],
           "month": month}
    if member is not None:
        people = selectors.rankings(ws, month, by="member")
        ctx["my_rank"] = next((r for r in people if r.key == member.pk), None)
        ctx["people_count"] = len(people)
        units = selectors.rankings(ws, month, by="unit")
        ctx["unit_rank"] = next((r for r in units if r.key == member.unit_id), None)
        ctx["unit_count"] = len(units)
    if scope.unit is not None:
        ctx["unit_rows"] = selectors.rankings(ws, month, by="member", scope=scope)
    return render(request, "grassroots/mine.html", ctx)


@workspace_view(GrassrootsPerm.TRIAGE)
def clues(request):
    ws = request.workspace
    status = request.GET.get("status", "")
    if status not in ClueStatus.values:
        status = ""
    q = (request.GET.get("q") or "").strip()[:50]
    qs = selectors.clues_for(ws, _scope(request), status=status, q=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("status", status), ("q", q)) if v})
    return render(request, "grassroots/clues.html", {"page": page, "status": status, "q": q, "query": query,
                                                      "statuses": ClueStatus.choices})


@workspace_view(GrassrootsPerm.CLUE)
def clue(request, pk: int):
    ws = request.workspace
    c = selectors.clue_get(ws, _scope(request), pk)
    can_triage = has_perm(request.user, ws, GrassrootsPerm.TRIAGE)
    form = DecideForm(request.POST or None) if can_triage else None
    if request.method == "POST" and can_triage and form.is_valid():
        try:
            services.clue_decide(actor=request.user, clue=c, decision=form.cleaned_data["decision"],
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "已处理")
            return redirect("grassroots:clue", ws=ws.slug, pk=c.pk)
    similar = selectors.similar_clues(c) if can_triage else []
    return render(request, "grassroots/clue.html", {
        "c": c, "form": form, "similar": similar, "can_triage": can_triage,
        "can_points": has_perm(request.user, ws, GrassrootsPerm.POINTS), "reverse_form": ReverseForm()})


@workspace_view(GrassrootsPerm.CLUE)
def clue_file(request, pk: int, file_pk: int):
    ws = request.workspace
    c = selectors.clue_get(ws, _scope(request), pk)
    f = ClueFile.objects.filter(clue=c, pk=file_pk).first()
    if f is None:
        raise Http404("文件不存在")
    return file_response(f.file, filename=f.name, inline=True)


@require_POST
@workspace_view(GrassrootsPerm.POINTS)
def points_reverse(request, pk: int):
    ws = request.workspace
    entry = PointEntry.objects.filter(workspace=ws, pk=pk).first()
    if entry is None:
        raise Http404("积分条目不存在")
    form = ReverseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("冲销必须写明原因")
        services.points_reverse(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, f"已冲销 {entry.points} 分")
    if request.POST.get("back") == "clue" and entry.clue_id:
        return redirect("grassroots:clue", ws=ws.slug, pk=entry.clue_id)
    return redirect("grassroots:ledger", ws=ws.slug)


@workspace_view(GrassrootsPerm.VIEW)
def ledger(request):
    ws = request.workspace
    scope = _scope(request)
    qs = selectors.ledger_for(ws, scope)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_points = has_perm(request.user, ws, GrassrootsPerm.POINTS)
    form = BonusForm(request.POST or None, members=selectors.members_of(ws).filter(active=True))
    if request.method == "POST" and can_points and form.is_valid():
        d = form.cleaned_data
        try:
            services.points_bonus(actor=request.user, workspace=ws, member=d["member"], points=d["points"],
                                  reason=d["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "已记奖励积分")
            return redirect("grassroots:ledger", ws=ws.slug)
    return render(request, "grassroots/ledger.html", {"page": page, "form": form, "can_points": can_points,
                                                       "reverse_form": ReverseForm(),
                                                       "policy": selectors.points_policy(ws)})


@workspace_view(GrassrootsPerm.POINTS)
def points_settings(request):
    """积分标准：每条采用线索、每篇据线索发布的稿件记多少分（之后记的积分按新标准，已记的不变）。"""
    ws = request.workspace
    policy = selectors.points_policy(ws)
    form = PointsSettingsForm(request.POST or None, initial={"adopted_points": policy["adopted"],
                                                             "published_points": policy["published"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.points_settings_save(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "积分标准已保存：之后采用、发布的线索按新标准记分，已记的积分不变")
            return redirect("grassroots:ledger", ws=ws.slug)
    return render(request, "grassroots/form.html", {
        "form": form, "title": "积分标准", "back": "grassroots:ledger", "back_label": "积分流水",
        "intro": "修改后只影响之后记的积分；积分流水只增不改，已记的积分保持原值。"})


def _month(request):
    if not request.GET.get("month"):
        return selectors.default_month(request.workspace)
    return selectors.parse_month(request.GET["month"])


@workspace_view(GrassrootsPerm.VIEW)
def rankings(request):
    ws = request.workspace
    month = _month(request)
    by = request.GET.get("by", "member")
    if by not in ("member", "unit", "top"):
        by = "member"
    rows = selectors.rankings(ws, month, by="member" if by == "member" else "unit",
                              depth=0 if by == "top" else None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = urlencode({"month": selectors.month_key(month), "by": by})
    return render(request, "grassroots/rankings.html", {
        "page": page, "month": month, "by": by, "query": query,
        "prev": selectors.month_key(months.prev_month(month)), "next": selectors.month_key(months.next_month(month)),
        "month_key": selectors.month_key(month), "can_export": has_perm(request.user, ws, GrassrootsPerm.EXPORT),
        "policy": selectors.points_policy(ws),
        "placements": selectors.placement_counts(ws), "pending": selectors.pending_count(ws)})


@workspace_view(GrassrootsPerm.EXPORT)
def rankings_export(request):
    ws = request.workspace
    month = _month(request)
    data = exports.rankings_xlsx(ws, month)
    record(Action.EXPORT, workspace=ws, actor=request.user, object_type="grassroots.rankings",
           message=f"导出基层线索排行 {selectors.month_key(month)}")
    return download(data, f"基层线索排行_{selectors.month_key(month)}.xlsx")
