from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import present, selectors, services
from .choices import CATEGORY_COLOURS, ProposalStatus, RuleCategory
from .forms import (
    CATEGORY_TABS,
    DecideForm,
    ImportForm,
    ProofForm,
    ProposeForm,
    entry_form_class,
    entry_initial,
)
from .permissions import ProofPerm
from .shapes import SHAPES, describe, key_field


@workspace_view(ProofPerm.USE)
def check(request):
    """在线审校：粘贴或上传稿件，高亮显示发现，逐条采纳/忽略，下载 Excel。"""
    ws = request.workspace
    form = ProofForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form, "can_propose": request.can(ProofPerm.PROPOSE_WHITELIST),
                 "can_view_runs": request.can(ProofPerm.VIEW_RUNS)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                text = services.extract_upload(upload, upload.name)
                name = upload.name
            else:
                text, name = form.cleaned_data["text"], ""
            thorough = form.cleaned_data.get("thorough", False)
            run = services.proof_run(actor=request.user, workspace=ws, text=text, source_name=name,
                                     thorough=thorough)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            findings = run.findings
            ctx.update(run=run, text=text, segments=present.segments(text, findings),
                       groups=present.grouped(findings), checks=present.rate_checks(run.error_rate))
            form = ProofForm(initial={"text": text, "thorough": thorough})
            ctx["form"] = form
    return render(request, "proofread/check.html", ctx)


@workspace_view(ProofPerm.USE)
def run_xlsx(request, pk: int):
    ws = request.workspace
    run = selectors.run_get(ws, pk, user=None if request.can(ProofPerm.VIEW_RUNS) else request.user)
    resp = HttpResponse(present.findings_xlsx(run),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f"attachment; filename=proofread-{run.pk}.xlsx"
    return resp


@workspace_view(ProofPerm.VIEW_RUNS)
def runs(request):
    ws = request.workspace
    page = Paginator(selectors.runs_of(ws), 30).get_page(request.GET.get("page"))
    return render(request, "proofread/runs.html", {"page": page, "stats": selectors.usage_stats(ws)})


@workspace_view(ProofPerm.VIEW_LEXICON)
def lexicon(request):
    ws = request.workspace
    category = request.GET.get("category") or RuleCategory.SENSITIVE
    if category not in RuleCategory.values:
        raise Http404("未知类别")
    q = request.GET.get("q", "").strip()
    show = request.GET.get("show", "active")
    active = {"active": True, "inactive": False}.get(show)
    qs = selectors.entries_of(ws, category=category, active=active, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for e in page:
        e.summary = describe(e.category, e.payload)
    counts = selectors.category_counts(ws)
    tabs = [{"value": v, "label": label, "count": counts.get(v, 0), "colour": CATEGORY_COLOURS.get(v)}
            for v, label in CATEGORY_TABS]
    version = selectors.pack_version(ws)[0]
    return render(request, "proofread/lexicon.html", {
        "page": page, "tabs": tabs, "category": category, "category_label": RuleCategory(category).label,
        "q": q, "show": show, "query": urlencode({"category": category, "q": q, "show": show}),
        "can_manage": request.can(ProofPerm.MANAGE_LEXICON), "version": version,
        "key_label": next(f.label for f in SHAPES[category] if f.name == key_field(category)),
        "pending": selectors.pending_proposal_count(ws),
        "builtin": selectors.builtin_register(category),
    })


def _entry_form(request, category: str, entry=None):
    ws = request.workspace
    form_class = entry_form_class(category)
    form = form_class(request.POST or None, initial=entry_initial(entry) if entry else None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "entry_note"}
        note = form.cleaned_data.get("entry_note", "")
        try:
            if entry is None:
                entry = services.entry_create(actor=request.user, workspace=ws, category=category, data=data,
                                              note=note)
                messages.success(request, f"已新增{entry.get_category_display()}词条“{entry.term}”。")
            else:
                services.entry_update(actor=request.user, entry=entry, data=data, note=note)
                messages.success(request, f"已保存词条“{entry.term}”。")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(f"{_lexicon_url(ws)}?category={category}")
    return render(request, "proofread/entry_form.html", {
        "form": form, "entry": entry, "category": category, "category_label": RuleCategory(category).label})


def _lexicon_url(ws) -> str:
    return reverse("proofread:lexicon", kwargs={"ws": ws.slug})


@workspace_view(ProofPerm.MANAGE_LEXICON)
def entry_new(request):
    category = request.GET.get("category") or request.POST.get("category") or RuleCategory.SENSITIVE
    if category not in SHAPES:
        raise Http404("未知类别")
    return _entry_form(request, category)


@workspace_view(ProofPerm.MANAGE_LEXICON)
def entry_edit(request, pk: int):
    entry = selectors.entry_get(request.workspace, pk)
    return _entry_form(request, entry.category, entry)


@require_POST
@workspace_view(ProofPerm.MANAGE_LEXICON)
def entry_toggle(request, pk: int):
    entry = selectors.entry_get(request.workspace, pk)
    try:
        services.entry_set_active(actor=request.user, entry=entry, active=not entry.is_active)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"词条“{entry.term}”已{'启用' if entry.is_active else '停用'}。")
    return redirect(f"{_lexicon_url(request.workspace)}?category={entry.category}")


@workspace_view(ProofPerm.MANAGE_LEXICON)
def lexicon_import(request):
    ws = request.workspace
    form = ImportForm(request.POST or None, request.FILES or None,
                      initial={"category": request.GET.get("category", RuleCategory.SENSITIVE)})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.entries_import(actor=request.user, workspace=ws, category=form.cleaned_data["category"],
                                             upload=upload, filename=upload.name,
                                             severity=form.cleaned_data["severity"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已导入 {result.created} 条，跳过已存在的 {result.skipped} 条"
                                      f"（规则包 v{result.version}）。")
            return redirect(f"{_lexicon_url(ws)}?category={form.cleaned_data['category']}")
    return render(request, "proofread/import.html", {"form": form})


@workspace_view(ProofPerm.VIEW_LEXICON)
def proposals(request):
    ws = request.workspace
    status = request.GET.get("status", ProposalStatus.PENDING)
    if status not in ProposalStatus.values and status != "all":
        status = ProposalStatus.PENDING
    qs = selectors.proposals_of(ws, status=None if status == "all" else status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "proofread/proposals.html", {
        "page": page, "status": status, "statuses": ProposalStatus.choices, "query": urlencode({"status": status}),
        "can_decide": request.can(ProofPerm.DECIDE_WHITELIST), "decide_form": DecideForm()})


@require_POST
@workspace_view(ProofPerm.DECIDE_WHITELIST)
def proposal_decide(request, pk: int):
    ws = request.workspace
    proposal = selectors.proposal_get(ws, pk)
    form = DecideForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    try:
        services.whitelist_decide(actor=request.user, proposal=proposal, accept=accept,
                                  comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{'采纳' if accept else '驳回'}“{proposal.term}”的白名单申请。")

    return redirect(reverse("proofread:proposals", kwargs={"ws": ws.slug}))


@require_POST
@workspace_view(ProofPerm.PROPOSE_WHITELIST)
def propose(request):
    """在线审校页“忽略并申请白名单”（htmx）：返回一小段提示 HTML。"""
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return HttpResponse('<span class="text-danger">申请内容不完整</span>', status=400)
    try:
        p = services.whitelist_propose(actor=request.user, workspace=request.workspace, **form.cleaned_data)
    except ValidationError as exc:
        return render(request, "proofread/_propose_result.html", {"error": "；".join(exc.messages)})
    except PermissionDenied:
        raise
    return render(request, "proofread/_propose_result.html", {"proposal": p})
