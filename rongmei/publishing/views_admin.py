"""发布记录（检索、导出 Excel）、平台凭证、频次规则、账号信息变更审批。"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines.platforms import platform_meta
from rongmei.workspaces.selectors import account_get, accounts_of, platforms

from . import credentials, selectors, services
from .choices import ChangeStatus
from .forms import ChangeRequestForm, CredentialForm, DecisionForm, FrequencyRuleForm
from .permissions import PublishingPerm


def _log_filters(request) -> dict:
    def d(name):
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return {"q": request.GET.get("q", "").strip(), "platform": request.GET.get("platform", ""),
            "account": request.GET.get("account", ""), "start": d("start"), "end": d("end")}


@workspace_view(PublishingPerm.VIEW)
def log(request):
    ws = request.workspace
    f = _log_filters(request)
    page = Paginator(selectors.published_log(ws, **f), 30).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    return render(request, "publishing/log.html", {"page": page, "f": f, "query": query,
                                                   "platforms": platforms(), "accounts": accounts_of(ws)})


@workspace_view(PublishingPerm.VIEW)
def log_export(request):
    """“发布内容清单及网络链接”（Excel），验收材料用。"""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = request.workspace
    f = _log_filters(request)
    wb = Workbook()
    sheet = wb.active
    sheet.title = "发布内容清单"
    sheet.append([f"{ws.client_name} 发布内容清单及网络链接"])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = ["序号", "发布时间", "平台", "账号", "标题", "内容形态", "原创", "网络链接", "平台内容ID", "发布方式", "发布人"]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    n = 0
    for n, p in enumerate(selectors.published_log(ws, **f).order_by("published_at", "id").iterator(), start=1):
        sheet.append([
            n, timezone.localtime(p.published_at).strftime("%Y-%m-%d %H:%M"), p.account.platform.name, p.account.name,
            p.revision.title, p.item.get_kind_display(), "是" if p.item.is_original else "否", p.url, p.external_id,
            "人工登记" if p.manual or (p.checkpoint or {}).get("manual") else "接口发布",
            (p.published_by.display_name or p.published_by.username) if p.published_by else "",
        ])
        if p.url:
            sheet.cell(row=sheet.max_row, column=8).hyperlink = p.url
    for i, width in enumerate([6, 17, 12, 20, 40, 10, 6, 50, 22, 10, 14], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for row in sheet.iter_rows(min_row=3):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    record(Action.EXPORT, workspace=ws, object_type="publishing.publication", object_repr="发布内容清单",
           message=f"导出发布内容清单（{n} 条）")
    resp = HttpResponse(buf.getvalue(),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"发布内容清单_{timezone.localdate():%Y%m%d}.xlsx"
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


# --- 凭证 -------------------------------------------------------------------------------------------


@workspace_view(PublishingPerm.MANAGE_CREDENTIALS)
def credential_list(request):
    ws = request.workspace
    creds = selectors.credentials_of(ws)
    rows = []
    for a in accounts_of(ws):
        code = a.platform.code
        rows.append({"account": a, "automatic": credentials.is_automatic(code), "cred": creds.get(a.pk),
                     "meta": platform_meta(code) if credentials.is_supported(code) else None})
    return render(request, "publishing/credentials.html", {"rows": rows})


@workspace_view(PublishingPerm.MANAGE_CREDENTIALS)
def credential_edit(request, account_pk: int):
    ws = request.workspace
    account = account_get(ws, account_pk)
    code = account.platform.code
    if not credentials.is_automatic(code):
        messages.info(request, f"{account.platform.name}没有开放接口，不需要凭证，发布时人工登记即可。")
        return redirect("publishing:credentials", ws=ws.slug)
    existing = credentials.masked_credentials(account)
    form = CredentialForm(request.POST or None, platform_code=code, existing=existing)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.credentials_delete(actor=request.user, account=account)
            messages.success(request, "已删除凭证")
            return redirect("publishing:credentials", ws=ws.slug)
        if form.is_valid():
            try:
                services.credentials_save(actor=request.user, account=account, values=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已保存 {account} 的接口凭证（加密存储）")
                return redirect("publishing:credentials", ws=ws.slug)
    return render(request, "publishing/credential_form.html", {"form": form, "account": account,
                                                               "meta": platform_meta(code), "existing": existing})


# --- 频次规则 ---------------------------------------------------------------------------------------


@workspace_view(PublishingPerm.VIEW)
def rule_list(request):
    return render(request, "publishing/rules.html", {
        "rules": selectors.frequency_rules(request.workspace),
        "can_edit": request.can(PublishingPerm.MANAGE_RULES)})


@workspace_view(PublishingPerm.MANAGE_RULES)
def rule_edit(request, pk: int | None = None):
    ws = request.workspace
    rule = selectors.frequency_rule_get(ws, pk) if pk else None
    initial = {}
    if rule is not None:
        initial = {k: getattr(rule, k) for k in ("workday_min", "workday_max", "holiday_min", "week_min", "note")}
        initial["platform"] = rule.platform
    form = FrequencyRuleForm(request.POST or None, initial=initial, platforms_qs=platforms())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["note"] = data.get("note") or ""
        try:
            services.frequency_rule_save(actor=request.user, workspace=ws, rule=rule, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存频次规则")
            return redirect("publishing:rules", ws=ws.slug)
    return render(request, "publishing/rule_form.html", {"form": form, "rule": rule})


# --- 账号信息变更 -----------------------------------------------------------------------------------


@workspace_view(PublishingPerm.VIEW)
def change_list(request):
    ws = request.workspace
    status = request.GET.get("status", "")
    page = Paginator(selectors.change_requests(ws, status=status), 30).get_page(request.GET.get("page"))
    return render(request, "publishing/changes.html", {
        "page": page, "status": status, "statuses": ChangeStatus.choices,
        "query": f"status={status}" if status else "",
        "can_request": request.can(PublishingPerm.REQUEST_ACCOUNT_CHANGE),
        "can_decide": request.can(PublishingPerm.APPROVE_ACCOUNT_CHANGE),
        "decision_form": DecisionForm()})


@workspace_view(PublishingPerm.REQUEST_ACCOUNT_CHANGE)
def change_new(request):
    ws = request.workspace
    form = ChangeRequestForm(request.POST or None, request.FILES or None, accounts_qs=accounts_of(ws))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_request_create(actor=request.user, account=data["account"], new_name=data["new_name"],
                                           new_intro=data["new_intro"], new_avatar=data.get("new_avatar"),
                                           reason=data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已提交甲方审批，批准后再到平台修改")
            return redirect("publishing:changes", ws=ws.slug)
    return render(request, "publishing/change_form.html", {"form": form})


@require_POST
@workspace_view(PublishingPerm.APPROVE_ACCOUNT_CHANGE)
def change_decide(request, pk: int):
    ws = request.workspace
    req = selectors.change_request_get(ws, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.change_request_decide(actor=request.user, request=req, approve=approve,
                                       comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, "已批准，账号信息已更新" if approve else "已驳回")
    return redirect("publishing:changes", ws=ws.slug)
