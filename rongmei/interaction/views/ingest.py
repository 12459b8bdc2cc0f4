"""平台接入：各账号的评论拉取状态与“立即拉取”，以及公众号消息推送的回调地址（不需登录，靠签名认证）。"""

from __future__ import annotations

import logging

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from rongmei.core.decorators import workspace_view
from rongmei.engines.platforms.wechat.callback import MAX_BODY, CallbackError, verify_echo
from rongmei.publishing import credentials
from rongmei.workspaces.models import OfficialAccount

from .. import ingest, selectors, services
from ..permissions import InteractionPerm

log = logging.getLogger("rongmei.interaction.hooks")


@workspace_view(InteractionPerm.VIEW)
def ingest_page(request):
    ws = request.workspace
    rows = selectors.ingest_overview(ws)
    can_manage = request.can(InteractionPerm.MANAGE)
    for row in rows:
        if can_manage and row["push"]:
            row["hook_url"] = request.build_absolute_uri(ingest.hook_path(row["account"]))
    return render(request, "interaction/ingest.html", {
        "rows": rows, "can_poll": request.can(InteractionPerm.HANDLE), "can_manage": can_manage})


@require_POST
@workspace_view(InteractionPerm.HANDLE)
def poll_now(request, pk: int):
    ws = request.workspace
    account = get_object_or_404(OfficialAccount, workspace=ws, pk=pk)
    try:
        services.ingest_request_poll(actor=request.user, account=account)
        flash.success(request, f"已开始拉取“{account.name}”的新评论，稍后刷新本页查看结果")
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    return redirect("interaction:ingest", ws=ws.slug)


# ---------------------------------------------------------------- 公众号消息推送（服务器配置的 URL）


def _refuse(status: int, reason: str, token: str) -> HttpResponse:
    log.warning("拒收公众号推送（回调 %s…）：%s", str(token)[:8], reason)
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_hook(request: HttpRequest, token: str) -> HttpResponse:
    """GET：服务器配置的 URL 验证（返回 echostr）；POST：用户消息（明文或安全模式）。
    验签不过、XML 不合法、账号不存在一律拒收并记中文原因，不写入任何数据；合法消息入收件箱后回复 success。"""
    account = ingest.account_for_hook(token)
    if account is None:
        return _refuse(404, "回调地址不对应任何账号", token)
    if account.platform.code not in ingest.PUSH_PLATFORMS:
        return _refuse(404, f"账号“{account.name}”不是公众号，不接收消息推送", token)
    creds = credentials.load_credentials(account)
    query = {k: request.GET.get(k, "") for k in request.GET}
    if request.method == "GET":
        try:
            return HttpResponse(verify_echo(creds.get("token", ""), query), content_type="text/plain")
        except CallbackError as exc:
            return _refuse(403, exc.reason, token)
    body = request.body
    if len(body) > MAX_BODY:
        return _refuse(413, "推送内容超过 64 KB，已拒绝", token)
    try:
        result = services.ingest_receive_push(account=account, query=query, body=body, credentials=creds)
    except CallbackError as exc:
        status = 403 if "签名" in exc.reason or "AppID" in exc.reason or "Token" in exc.reason else 400
        return _refuse(status, exc.reason, token)
    except (ValidationError, PermissionDenied) as exc:
        reason = "；".join(getattr(exc, "messages", None) or [str(exc)])
        return _refuse(400, f"消息未入库：{reason}", token)
    log.info("收到公众号推送：账号 %s，%s", account.pk, result)
    return HttpResponse("success", content_type="text/plain")
