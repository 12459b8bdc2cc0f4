"""涨粉活动：单位目标与渠道码、增长质量（取关、互动）与护栏；答题与可验证抽奖。"""

from __future__ import annotations

import io

import segno
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.core.permissions import has_perm
from rongmei.workspaces.models import OfficialAccount

from .. import drawing, selectors, services
from ..choices import Method
from ..forms import (
    CampaignForm,
    CampaignUnitForm,
    ChannelForm,
    DrawForm,
    FollowImportForm,
    QuizForm,
    RuleForm,
)
from ..models import Prize, RewardRule
from ..permissions import GrassrootsPerm
from ..qr import svg
from . import download
from .training import DOCX


def _campaign_scope(request):
    """能看基层网络的看全部单位；单位管理员只读地看本单位及下级单位；其他供稿员没有可看的单位：
    打开具体活动是 404（与子树以外的活动一样），活动列表为空并说明原因。"""
    scope = selectors.campaign_scope(request.user, request.workspace)
    if scope is None:
        raise Http404("没有可查看的涨粉活动")
    return scope


@workspace_view(GrassrootsPerm.CAMPAIGN)
def campaigns(request):
    ws = request.workspace
    scope = selectors.campaign_scope(request.user, ws)
    if scope is None:  # 不是单位管理员的供稿员
        return render(request, "grassroots/campaigns.html", {"campaigns": [], "scope": None, "draws": [],
                                                             "quizzes": [], "can_manage": False})
    everything = scope.everything
    return render(request, "grassroots/campaigns.html", {
        "campaigns": selectors.campaigns_of(ws, scope), "scope": scope,
        "draws": selectors.draws_of(ws) if everything else [], "quizzes": selectors.quizzes_of(ws) if everything else [],
        "can_manage": has_perm(request.user, ws, GrassrootsPerm.MANAGE)})


@workspace_view(GrassrootsPerm.MANAGE)
def campaign_new(request):
    ws = request.workspace
    form = CampaignForm(request.POST or None, accounts=OfficialAccount.objects.filter(workspace=ws,
                                                                                      platform__code="wechat"))
    if request.method == "POST" and form.is_valid():
        try:
            c = services.campaign_save(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "活动已建立，请添加参加单位并生成渠道码")
            return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "新建涨粉活动",
                                                    "back": "grassroots:campaigns", "back_label": "涨粉活动"})


@workspace_view(GrassrootsPerm.CAMPAIGN)
def campaign(request, pk: int):
    ws = request.workspace
    scope = _campaign_scope(request)
    c = selectors.campaign_get(ws, pk, scope)
    can_manage = has_perm(request.user, ws, GrassrootsPerm.MANAGE)
    form = CampaignUnitForm(request.POST or None, units=selectors.units_of(ws)) if can_manage else None
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            services.campaign_unit_add(actor=request.user, campaign=c, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "单位目标已保存")
            return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)
    month = selectors.parse_month(request.GET["month"]) if request.GET.get("month") else None
    all_rows = selectors.campaign_quality(c, month=month)
    ranked = selectors.campaign_ranked(all_rows) if month else None
    outcomes = selectors.campaign_outcomes(c, ranked) if ranked else {}
    rows = selectors.in_scope(all_rows, scope)
    visible = {r.cu.pk for r in rows}
    ranked = [(n, r, outcomes.get(r.cu.pk, [])) for n, r in ranked if r.cu.pk in visible] if ranked else None
    return render(request, "grassroots/campaign.html", {
        "c": c, "rows": rows, "totals": selectors.campaign_totals(rows), "form": form, "can_manage": can_manage,
        "scope": scope, "month": month, "ranked": ranked, "n_units": len(all_rows),
        "rules": list(c.rules.order_by("-effect", "pk")), "channels": selectors.campaign_channels(c),
        "channel_form": ChannelForm() if can_manage else None, "rule_form": RuleForm() if can_manage else None,
        "methods": [Method(m).label for m in c.methods if m in Method.values]})


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def channel_new(request, pk: int):
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    form = ChannelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("；".join(f"{form.fields[k].label}：{'；'.join(v)}" for k, v in form.errors.items()))
        ch = services.channel_add(actor=request.user, campaign=c, **form.cleaned_data)
    except ValidationError as exc:
        flash.error(request, "平台渠道没有添加：" + "；".join(exc.messages))
    else:
        flash.success(request, f"已添加 {ch}，各单位的专属链接见“单位渠道码”")
    return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def rule_new(request, pk: int):
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    form = RuleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("；".join(f"{form.fields[k].label}：{'；'.join(v)}" for k, v in form.errors.items()))
        services.rule_add(actor=request.user, campaign=c, **form.cleaned_data)
    except ValidationError as exc:
        flash.error(request, "奖惩规则没有保存：" + "；".join(exc.messages))
    else:
        flash.success(request, "奖惩规则已保存，月度排名和活动说明里会列出适用的奖惩")
    return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def rule_delete(request, pk: int, rule_pk: int):
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    rule = RewardRule.objects.filter(campaign=c, pk=rule_pk).first()
    if rule is None:
        raise Http404("奖惩规则不存在")
    services.rule_delete(actor=request.user, rule=rule)
    flash.success(request, "奖惩规则已删除")
    return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)


@workspace_view(GrassrootsPerm.MANAGE)
def campaign_codes(request, pk: int):
    """可打印的单位渠道码：每个单位的公众号带参数二维码，以及其他平台的专属链接（?from=渠道码）和它的二维码。"""
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    channels = list(c.channels.all())
    cards = []
    for cu in c.units.select_related("unit").order_by("unit__path"):
        links = [(ch, ch.link_for(cu.scene_str)) for ch in channels]
        cards.append({"cu": cu, "wechat": svg(cu.qr_url, scale=4) if cu.qr_url else None,
                      "links": [(ch, url, svg(url, scale=3)) for ch, url in links]})
    return render(request, "grassroots/codes.html", {"c": c, "cards": cards, "channels": channels})


@workspace_view(GrassrootsPerm.MANAGE)
def channel_import(request, pk: int, ch_pk: int):
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    ch = c.channels.filter(pk=ch_pk).first()
    if ch is None:
        raise Http404("平台渠道不存在")
    form = FollowImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            counts = services.follow_import(actor=request.user, channel=ch, data=f.read(), filename=f.name)
        except services.SheetError as exc:
            errors = exc.errors
        else:
            msg = f"已导入 {counts['rows']} 位用户的关注数据"
            if counts["skipped"]:
                msg += f"（{counts['skipped']} 条以前导入过，未重复计入）"
            flash.success(request, msg)
            return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)
    return render(request, "grassroots/channel_import.html", {"c": c, "ch": ch, "form": form, "errors": errors,
                                                               "imports": ch.imports.all()[:20],
                                                               "codes": c.units.select_related("unit")})


@workspace_view(GrassrootsPerm.CAMPAIGN)
def campaign_report(request, pk: int):
    c = selectors.campaign_get(request.workspace, pk, _campaign_scope(request))
    month = selectors.parse_month(request.GET["month"]) if request.GET.get("month") else None
    name, data = services.campaign_report_docx(actor=request.user, campaign=c, month=month)
    return download(data, name, DOCX)


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def campaign_qr(request, pk: int, cu_pk: int):
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    cu = c.units.filter(pk=cu_pk).first()
    if cu is None:
        flash.error(request, "单位不在这个活动里")
    else:
        try:
            services.campaign_unit_qr(actor=request.user, cu=cu)
        except ValidationError as exc:
            flash.error(request, "；".join(exc.messages))
        else:
            flash.success(request, f"{cu.unit.name} 的渠道二维码已生成")
    return redirect("grassroots:campaign", ws=ws.slug, pk=c.pk)


@workspace_view(GrassrootsPerm.VIEW)
def campaign_qr_image(request, pk: int, cu_pk: int):
    """渠道二维码图片（PNG），由二维码内容在本地生成，不访问外网。"""
    ws = request.workspace
    c = selectors.campaign_get(ws, pk)
    cu = c.units.filter(pk=cu_pk).exclude(qr_url="").first()
    if cu is None:
        return HttpResponse("还没有生成二维码", status=404, content_type="text/plain; charset=utf-8")
    buf = io.BytesIO()
    segno.make(cu.qr_url, error="m").save(buf, kind="png", scale=8, border=2)
    return HttpResponse(buf.getvalue(), content_type="image/png")


@workspace_view(GrassrootsPerm.MANAGE)
def quiz_new(request):
    ws = request.workspace
    form = QuizForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            q = services.quiz_save(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "答题活动已建立：把 H5 答题页链接放进公众号菜单或推文（每人一次）")
            return redirect("grassroots:quiz", ws=ws.slug, pk=q.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "新建线上答题",
                                                    "back": "grassroots:campaigns", "back_label": "涨粉活动"})


@workspace_view(GrassrootsPerm.VIEW)
def quiz_detail(request, pk: int):
    """答题活动：公开链接（H5 答题页，可带 openid）、二维码、作答情况。"""
    ws = request.workspace
    q = selectors.quiz_get(ws, pk)
    link = request.build_absolute_uri(reverse("grassroots:h5_quiz", kwargs={"ws": ws.slug, "token": q.token})) \
        if q.token else ""
    return render(request, "grassroots/quiz.html", {"q": q, "link": link, "qr": svg(link, scale=5) if link else "",
                                                     "stats": selectors.quiz_stats(q)})


@workspace_view(GrassrootsPerm.MANAGE)
def draw_new(request):
    ws = request.workspace
    form = DrawForm(request.POST or None, quizzes=selectors.quizzes_of(ws))
    if request.method == "POST" and form.is_valid():
        try:
            d = services.draw_commit(actor=request.user, workspace=ws, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, "种子哈希已生成，请在开奖前公布")
            return redirect("grassroots:draw", ws=ws.slug, pk=d.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "新建抽奖（先公布种子哈希）",
                                                    "back": "grassroots:campaigns", "back_label": "涨粉活动"})


@workspace_view(GrassrootsPerm.VIEW)
def draw(request, pk: int):
    ws = request.workspace
    d = selectors.draw_get(ws, pk)
    problems = None
    if d.seed:
        problems = drawing.verify(seed=d.seed, seed_hash=d.seed_hash, entrants=d.entrants,
                                  entrants_digest=d.entrants_hash, count=d.winners_count, winners=d.winners)
    return render(request, "grassroots/draw.html", {"d": d, "problems": problems, "algorithm": drawing.ALGORITHM,
                                                     "can_manage": has_perm(request.user, ws, GrassrootsPerm.MANAGE)})


@workspace_view(GrassrootsPerm.VIEW)
def draw_entrants(request, pk: int):
    """冻结的参与名单（每行一个，按字典序）：文件内容的 SHA-256 去掉末尾换行后即名单哈希，供任何人复核。"""
    d = selectors.draw_get(request.workspace, pk)
    if not d.entrants:
        return HttpResponse("名单尚未冻结", status=404, content_type="text/plain; charset=utf-8")
    return download("\n".join(d.entrants).encode("utf-8"), f"抽奖参与名单-{d.pk}.txt", "text/plain; charset=utf-8")


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def draw_run(request, pk: int):
    ws = request.workspace
    d = selectors.draw_get(ws, pk)
    try:
        services.draw_run(actor=request.user, draw=d)
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, "已开奖，种子与中奖名单已公开")
    return redirect("grassroots:draw", ws=ws.slug, pk=d.pk)


@require_POST
@workspace_view(GrassrootsPerm.MANAGE)
def prize_deliver(request, pk: int, prize_pk: int):
    ws = request.workspace
    d = selectors.draw_get(ws, pk)
    prize = Prize.objects.filter(draw=d, pk=prize_pk).first()
    if prize is not None:
        try:
            services.prize_deliver(actor=request.user, prize=prize, note=request.POST.get("note", ""))
        except ValidationError as exc:
            flash.error(request, "；".join(exc.messages))
    return redirect("grassroots:draw", ws=ws.slug, pk=d.pk)
