"""发布记录（检索、导出 Excel）、平台凭证、频次规则、账号信息变更审批。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.files import file_response
from rongmei.core.forms import apply_errors
from rongmei.engines.platforms import PlatformError, platform_meta
from rongmei.workspaces.selectors import account_get, accounts_of, platforms

from .. import credentials, selectors, services
from ..choices import ChangeStatus
from ..forms import ChangeRequestForm, CredentialForm, DecisionForm, FrequencyRuleForm
from ..permissions import PublishingPerm


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
    name, data = services.published_log_export(actor=request.user, workspace=request.workspace,
                                               filters=_log_filters(request))
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


# --- 凭证 -------------------------------------------------------------------------------------------


@workspace_view(PublishingPerm.MANAGE_CREDENTIALS)
def credential_list(request):
    ws = request.workspace
    creds = selectors.credentials_of(ws)
    accounts = list(accounts_of(ws))
    tokens = credentials.tokens_for(accounts)
    rows = []
    for a in accounts:
        code = a.platform.code
        rows.append({"account": a, "automatic": credentials.is_automatic(code), "cred": creds.get(a.pk),
                     "meta": platform_meta(code) if credentials.is_supported(code) else None,
                     "oauth": credentials.supports_oauth(code),
                     "auth": credentials.authorization_info(a, creds.get(a.pk), tokens.get(a.pk))})
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
                                                               "meta": platform_meta(code), "existing": existing,
                                                               "oauth": credentials.supports_oauth(code)})


@require_POST
@workspace_view(PublishingPerm.MANAGE_CREDENTIALS)
def credential_authorize(request, account_pk: int):
    """“授权账号”：记下 state，把浏览器重定向到平台授权页。"""
    ws = request.workspace
    account = account_get(ws, account_pk)
    redirect_uri = credentials.oauth_redirect_uri(request, ws)
    try:
        url = services.oauth_start(actor=request.user, account=account, redirect_uri=redirect_uri)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        if credentials.is_automatic(account.platform.code):
            return redirect("publishing:credential_edit", ws=ws.slug, account_pk=account.pk)
        return redirect("publishing:credentials", ws=ws.slug)
    return redirect(url)


@workspace_view(PublishingPerm.MANAGE_CREDENTIALS)
def oauth_callback(request):
    """平台授权页回到这里：校验 state → 处理“用户拒绝” → 用 code 换令牌并加密保存。"""
    ws = request.workspace
    ctx: dict = {"ok": False, "account": None, "code": "", "explanation": ""}
    try:
        st = services.oauth_state_consume(actor=request.user, workspace=ws, state=request.GET.get("state", ""))
    except ValidationError as exc:
        ctx.update(title="授权请求无效", explanation="；".join(exc.messages))
        return render(request, "publishing/oauth_result.html", ctx, status=400)
    ctx["account"] = st.account
    if request.GET.get("error"):
        services.oauth_denied(actor=request.user, oauth_state=st, error=request.GET["error"])
        ctx.update(title="您在平台页面拒绝了授权", code=request.GET.get("error_code") or request.GET["error"],
                   explanation="账号未授权，原有令牌保持不变。如需授权，请重新点击“授权账号”并在平台页面点“同意”。")
        return render(request, "publishing/oauth_result.html", ctx)
    code = request.GET.get("code", "")
    if not code:
        ctx.update(title="授权失败", explanation="平台没有返回授权码，请重新点击“授权账号”。")
        return render(request, "publishing/oauth_result.html", ctx, status=400)
    try:
        services.oauth_complete(actor=request.user, oauth_state=st, code=code)
    except PlatformError as exc:
        ctx.update(title="换取令牌失败", code=str(exc.code), explanation=exc.explanation)
        return render(request, "publishing/oauth_result.html", ctx, status=502)
    info = credentials.authorization_info(st.account, selectors.credential_of(st.account),
                                          credentials.tokens_for([st.account]).get(st.account.pk))
    ctx.update(ok=True, title="授权成功", info=info)
    return render(request, "publishing/oauth_result.html", ctx)


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


@workspace_view(PublishingPerm.VIEW)
def change_avatar(request, pk: int):
    return file_response(selectors.change_request_get(request.workspace, pk).new_avatar, inline=True)


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
