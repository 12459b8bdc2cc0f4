"""舆情的页面：概览、信息列表与检索、信息详情、专题、来源、导入、人工录入（含“提交本页”书签）。"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rongmei.core import clock
from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors
from rongmei.engines.topics import TopicSyntaxError, compile_topic

from .. import selectors, services
from ..adapters import FetchError
from ..choices import Sentiment, SourceKind
from ..forms import ImportForm, MentionForm, SourceForm, TopicForm
from ..models import Mention, Source, Topic
from ..permissions import OpinionPerm

DEFAULT_DAYS = 30


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _period(request) -> tuple[dt.date, dt.date]:
    end = _date(request.GET.get("end")) or clock.today()
    start = _date(request.GET.get("start")) or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    return start, end


def _get(qs, pk):
    try:
        return qs(pk)
    except (Mention.DoesNotExist, Topic.DoesNotExist, Source.DoesNotExist):
        raise Http404("没有找到") from None


def _chart(points, *, hourly: bool = False) -> dict:
    fmt = "%m-%d %H时" if hourly else "%m-%d"
    return {
        "categories": [p.at.strftime(fmt) for p in points],
        "total": [p.total for p in points],
        "negative": [p.negative for p in points],
        "spikes": [i for i, p in enumerate(points) if p.spike],
    }


@workspace_view(OpinionPerm.VIEW)
def overview(request):
    ws = request.workspace
    start, end = _period(request)
    points = selectors.trend(ws, start, end)
    return render(
        request,
        "opinion/overview.html",
        {
            "start": start,
            "end": end,
            "volume": selectors.volume(ws, start, end),
            "chart": _chart(points),
            "spike_days": [p for p in points if p.spike],
            "topics": selectors.topic_summaries(ws, start, end),
            "top_sources": selectors.top_sources(ws, start, end),
            "top_regions": selectors.top_regions(ws, start, end),
            "groups": selectors.top_groups(ws, start, end),
            "can_manage": request.can(OpinionPerm.MANAGE),
            "can_import": request.can(OpinionPerm.IMPORT),
        },
    )


@workspace_view(OpinionPerm.VIEW)
def mention_list(request):
    ws = request.workspace
    g = request.GET
    topic = None
    if g.get("topic", "").isdigit():
        topic = selectors.topics(ws).filter(pk=int(g["topic"])).first()
    try:
        offset = max(int(g.get("offset", 0)), 0)
    except ValueError:
        offset = 0
    source_id = int(g["source"]) if g.get("source", "").isdigit() else None
    group_id = int(g["group"]) if g.get("group", "").isdigit() else None
    page = selectors.search(
        ws,
        query=g.get("q", ""),
        topic=topic,
        sentiment=g.get("sentiment", ""),
        source_id=source_id,
        region=g.get("region", "").strip(),
        start=_date(g.get("start")),
        end=_date(g.get("end")),
        group_id=group_id,
        offset=offset,
        actor=request.user,
    )
    params = {k: v for k, v in g.items() if k != "offset" and v}
    ctx = {
        "page": page,
        "params": params,
        "topics": selectors.topics(ws),
        "sources": selectors.sources(ws),
        "sentiments": Sentiment.choices,
        "topic": topic,
        "next_url": "?" + urlencode({**params, "offset": offset + selectors.PAGE}) if page.has_more else "",
        "prev_url": "?" + urlencode({**params, "offset": max(offset - selectors.PAGE, 0)}) if offset else "",
        "can_import": request.can(OpinionPerm.IMPORT),
    }
    if request.headers.get("HX-Request"):
        return render(request, "opinion/_mention_rows.html", ctx)
    return render(request, "opinion/mentions.html", ctx)


@workspace_view(OpinionPerm.VIEW)
def mention_detail(request, pk: int):
    ws = request.workspace
    mention = _get(lambda k: selectors.mention_get(ws, k), pk)
    topics = selectors.mention_topics(mention)
    hits = {}
    for t in topics:
        try:
            hits[t.pk] = compile_topic(t.expression).hits(mention.norm_text)
        except TopicSyntaxError:
            hits[t.pk] = []
    return render(
        request,
        "opinion/mention.html",
        {
            "m": mention,
            "topics": [(t, hits.get(t.pk, [])) for t in topics],
            "members": selectors.group_members(mention.group) if mention.group_id else [],
        },
    )


# ---- 专题 -----------------------------------------------------------------------------------------------------


@workspace_view(OpinionPerm.VIEW)
def topic_list(request):
    ws = request.workspace
    start, end = _period(request)
    summaries = {s["topic"].pk: s for s in selectors.topic_summaries(ws, start, end)}
    rows = [(t, summaries.get(t.pk)) for t in selectors.topics(ws)]
    return render(
        request,
        "opinion/topics.html",
        {"rows": rows, "start": start, "end": end, "can_manage": request.can(OpinionPerm.MANAGE)},
    )


@workspace_view(OpinionPerm.VIEW)
def topic_detail(request, pk: int):
    ws = request.workspace
    topic = _get(lambda k: selectors.topic_get(ws, k), pk)
    start, end = _period(request)
    points = selectors.trend(ws, start, end, topic=topic)
    return render(
        request,
        "opinion/topic.html",
        {
            "topic": topic,
            "versions": selectors.topic_versions(topic),
            "chart": _chart(points),
            "volume": selectors.volume(ws, start, end, topic=topic),
            "spike_days": [p for p in points if p.spike],
            "start": start,
            "end": end,
            "can_manage": request.can(OpinionPerm.MANAGE),
            "recent": selectors.search(ws, topic=topic, limit=10, actor=request.user).mentions,
        },
    )


@workspace_view(OpinionPerm.VIEW)
def topic_progress(request, pk: int):
    topic = _get(lambda k: selectors.topic_get(request.workspace, k), pk)
    return render(request, "opinion/_progress.html", {"topic": topic})


@workspace_view(OpinionPerm.MANAGE)
def topic_check(request):
    """表达式的即时语法检查（htmx）：返回一小段提示。"""
    expr = request.POST.get("expression", request.GET.get("expression", ""))
    error, terms = None, []
    if expr.strip():
        try:
            terms = compile_topic(expr).terms()
        except TopicSyntaxError as exc:
            error = exc
    return render(request, "opinion/_check.html", {"error": error, "terms": terms, "empty": not expr.strip()})


def _topic_form(request, topic: Topic | None):
    ws = request.workspace
    initial = (
        {
            "name": topic.name,
            "expression": topic.expression,
            "description": topic.description,
            "active": topic.active,
        }
        if topic
        else {"active": True}
    )
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if topic is None:
                topic = services.topic_create(
                    workspace=ws,
                    actor=request.user,
                    name=d["name"],
                    expression=d["expression"],
                    description=d["description"],
                )
                messages.success(request, "专题已建立，正在后台匹配已有信息。")
            else:
                old_version = topic.version
                topic = services.topic_update(
                    topic=topic,
                    actor=request.user,
                    name=d["name"],
                    expression=d["expression"],
                    description=d["description"],
                    active=d["active"],
                    note=d["note"],
                )
                messages.success(
                    request,
                    f"已保存为第 {topic.version} 版，正在后台重新匹配历史信息。"
                    if topic.version != old_version
                    else "已保存。",
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("opinion:topic", ws=ws.slug, pk=topic.pk)
    return render(request, "opinion/topic_form.html", {"form": form, "topic": topic})


@workspace_view(OpinionPerm.MANAGE)
def topic_new(request):
    return _topic_form(request, None)


@workspace_view(OpinionPerm.MANAGE)
def topic_edit(request, pk: int):
    return _topic_form(request, _get(lambda k: selectors.topic_get(request.workspace, k), pk))


# ---- 来源 -----------------------------------------------------------------------------------------------------


@workspace_view(OpinionPerm.VIEW)
def source_list(request):
    return render(
        request,
        "opinion/sources.html",
        {"sources": selectors.sources(request.workspace), "can_manage": request.can(OpinionPerm.MANAGE)},
    )


def _source_form(request, source: Source | None):
    ws = request.workspace
    initial = (
        {
            "kind": source.kind,
            "name": source.name,
            "url": source.url,
            "selector": (source.config or {}).get("selector", ""),
            "interval_minutes": source.interval_minutes,
            "enabled": source.enabled,
        }
        if source
        else {"enabled": True, "interval_minutes": 30, "kind": SourceKind.FEED}
    )
    form = SourceForm(request.POST or None, initial=initial, editing=source is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if source is None:
                source = services.source_create(
                    workspace=ws,
                    actor=request.user,
                    name=d["name"],
                    kind=d["kind"],
                    url=d["url"],
                    interval_minutes=d["interval_minutes"],
                    config=form.config(),
                )
                messages.success(request, "来源已添加，可以点“立即抓取”试一下。")
            else:
                services.source_update(
                    source=source,
                    actor=request.user,
                    name=d["name"],
                    url=d["url"],
                    interval_minutes=d["interval_minutes"],
                    enabled=d["enabled"],
                    config=form.config(),
                )
                messages.success(request, "已保存。")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("opinion:sources", ws=ws.slug)
    return render(request, "opinion/source_form.html", {"form": form, "source": source})


@workspace_view(OpinionPerm.MANAGE)
def source_new(request):
    return _source_form(request, None)


@workspace_view(OpinionPerm.MANAGE)
def source_edit(request, pk: int):
    source = _get(lambda k: selectors.source_get(request.workspace, k), pk)
    if not source.is_fetched:
        raise Http404("系统来源不能修改")
    return _source_form(request, source)


@require_POST
@workspace_view(OpinionPerm.MANAGE)
def source_fetch(request, pk: int):
    source = _get(lambda k: selectors.source_get(request.workspace, k), pk)
    try:
        result = services.source_fetch(source=source, actor=request.user)
    except FetchError as exc:
        messages.error(request, f"“{source.name}”抓取失败：{exc.message}")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            f"“{source.name}”抓取完成：新增 {result.count} 条，重复 {result.duplicates} 条。"
            if result.count or result.duplicates
            else f"“{source.name}”抓取完成：没有新内容。",
        )
    return redirect("opinion:sources", ws=request.workspace.slug)


# ---- 导入与录入 -----------------------------------------------------------------------------------------------


@workspace_view(OpinionPerm.IMPORT)
def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.mentions_import(
                workspace=request.workspace, actor=request.user, filename=upload.name, data=upload.read()
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request, f"已导入“{upload.name}”：新增 {result.count} 条，重复跳过 {result.duplicates} 条。"
            )
            return redirect("opinion:mentions", ws=request.workspace.slug)
    return render(request, "opinion/import.html", {"form": form, "problems": problems})


@workspace_view(OpinionPerm.IMPORT)
def mention_new(request):
    ws = request.workspace
    initial = {k: request.GET.get(k, "")[:20000] for k in ("url", "title", "text")}
    form = MentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.mention_create(
                workspace=ws,
                actor=request.user,
                text=d["text"],
                title=d["title"],
                url=d["url"],
                author=d["author"],
                source_name=d["source_name"],
                published_at=d["published_at"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if result.created:
                messages.success(request, "已录入。")
                return redirect("opinion:mention", ws=ws.slug, pk=result.created[0].pk)
            messages.info(request, "这条信息已经在库里了（同一链接或同样内容），没有重复录入。")
            return redirect("opinion:mentions", ws=ws.slug)
    new_url = request.build_absolute_uri(reverse("opinion:mention_new", kwargs={"ws": ws.slug}))
    bookmarklet = (
        "javascript:(function(){var s=String(window.getSelection()||'');"
        f"window.open('{new_url}?url='+encodeURIComponent(location.href)+'&title='+"
        "encodeURIComponent(document.title)+'&text='+encodeURIComponent(s.slice(0,6000)));})();"
    )
    return render(request, "opinion/mention_form.html", {"form": form, "bookmarklet": bookmarklet})
