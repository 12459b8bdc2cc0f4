"""媒体采用（计入合同的省级、国家级义务）与互推。"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm
from rongmei.production.models import ContentItem

from .. import exports, selectors, services
from ..choices import PlacementLevel
from ..forms import ExchangeForm, PartnerForm, PlacementForm
from ..permissions import GrassrootsPerm
from . import download


def _items(ws):
    return ContentItem.objects.filter(workspace=ws).order_by("-created_at")[:300]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@workspace_view(GrassrootsPerm.VIEW)
def placements(request):
    ws = request.workspace
    level = request.GET.get("level", "")
    if level not in PlacementLevel.values:
        level = ""
    qs = selectors.placements_of(ws, level=level)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "grassroots/placements.html", {
        "page": page, "level": level, "levels": PlacementLevel.choices, "query": f"level={level}" if level else "",
        "counts": selectors.placement_counts(ws), "can_place": has_perm(request.user, ws, GrassrootsPerm.PLACE),
        "can_export": has_perm(request.user, ws, GrassrootsPerm.EXPORT),
        "partners": selectors.partners_of(ws), "exchanges": selectors.exchanges_of(ws)[:30]})


@workspace_view(GrassrootsPerm.VIEW)
def placement_detail(request, pk: int):
    p = selectors.placement_get(request.workspace, pk)
    return render(request, "grassroots/placement.html", {"p": p})


@workspace_view(GrassrootsPerm.VIEW)
def placement_shot(request, pk: int):
    p = selectors.placement_get(request.workspace, pk)
    return file_response(p.screenshot, inline=True)


@workspace_view(GrassrootsPerm.PLACE)
def placement_edit(request, pk: int | None = None):
    ws = request.workspace
    p = selectors.placement_get(ws, pk) if pk else None
    initial = {} if p is None else {"outlet": p.outlet, "level": p.level, "date": p.date, "title": p.title,
                                    "url": p.url, "item": p.item, "note": p.note}
    form = PlacementForm(request.POST or None, request.FILES or None, items=_items(ws), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.placement_save(actor=request.user, workspace=ws, placement=p, outlet=d["outlet"],
                                        level=d["level"], date=d["date"], title=d["title"], url=d["url"],
                                        screenshot=d.get("screenshot"), item=d.get("item"), note=d["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "媒体采用已登记，合同的媒体采用义务会计入")
            return redirect("grassroots:placement_detail", ws=ws.slug, pk=p.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改媒体采用" if p else "登记媒体采用",
                                                    "back": "grassroots:placements", "back_label": "媒体采用与互推"})


@workspace_view(GrassrootsPerm.EXPORT)
def placements_export(request):
    ws = request.workspace
    start, end = _date(request.GET.get("start", "")), _date(request.GET.get("end", ""))
    data = exports.placements_xlsx(ws, start, end)
    record(Action.EXPORT, workspace=ws, actor=request.user, object_type="grassroots.placements",
           message="导出媒体采用清单")
    return download(data, f"媒体采用清单_{clock.today():%Y%m%d}.xlsx")


@workspace_view(GrassrootsPerm.PLACE)
def partner_new(request):
    ws = request.workspace
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "互推伙伴已登记")
            return redirect("grassroots:placements", ws=ws.slug)
    return render(request, "grassroots/form.html", {"form": form, "title": "登记互推伙伴",
                                                    "back": "grassroots:placements", "back_label": "媒体采用与互推"})


@workspace_view(GrassrootsPerm.PLACE)
def exchange_edit(request, pk: int | None = None):
    ws = request.workspace
    e = selectors.exchange_get(ws, pk) if pk else None
    initial = {} if e is None else {k: getattr(e, k) for k in ("partner", "title", "direction", "planned_on", "state",
                                                               "done_on", "our_url", "their_url")}
    form = ExchangeForm(request.POST or None, partners=selectors.partners_of(ws), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_save(actor=request.user, workspace=ws, exchange=e, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "互推已保存")
            return redirect("grassroots:placements", ws=ws.slug)
    return render(request, "grassroots/form.html", {"form": form, "title": "修改互推" if e else "登记互推",
                                                    "back": "grassroots:placements", "back_label": "媒体采用与互推"})
