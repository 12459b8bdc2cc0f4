"""素材库页面：库（检索、筛选、上传）、详情（版权信息、平台限制、封面裁剪、使用情况）、文件、编辑器接口。"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from rongmei.core.decorators import workspace_view
from rongmei.core.forms import apply_errors

from . import selectors, services
from .choices import RATIO_SLUGS, RATIOS, SLUG_RATIOS, SOURCE_SUGGESTIONS, Kind
from .forms import AssetForm
from .permissions import AssetPerm


def _library_url(ws) -> str:
    return reverse("assets:library", kwargs={"ws": ws.slug})


def _detail_url(asset) -> str:
    return reverse("assets:detail", kwargs={"ws": asset.workspace.slug, "pk": asset.pk})


@workspace_view(AssetPerm.VIEW)
def library(request):
    ws = request.workspace
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.assets_of(ws, q=q, kind=kind), 48).get_page(request.GET.get("page"))
    tabs = [{"value": "", "label": "全部"}] + [{"value": v, "label": label} for v, label in Kind.choices]
    return render(request, "assets/library.html", {
        "page": page, "q": q, "kind": kind, "tabs": tabs, "query": urlencode({"q": q, "kind": kind}),
        "can_upload": request.can(AssetPerm.UPLOAD), "sources": SOURCE_SUGGESTIONS,
    })


@require_POST
@workspace_view(AssetPerm.UPLOAD)
def upload(request):
    """多文件上传（表单或拖放）：逐个检查，能存的存下，不能存的逐个说明原因。"""
    ws = request.workspace
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "请选择要上传的文件")
        return redirect(_library_url(ws))
    source = request.POST.get("source", "").strip()
    saved, errors = [], []
    for upload in files:
        try:
            saved.append(services.asset_upload(actor=request.user, workspace=ws, upload=upload, source=source))
        except ValidationError as exc:
            errors.extend(exc.messages)
    for text in errors:
        messages.error(request, text)
    if saved:
        messages.success(request, f"已上传 {len(saved)} 个文件（内容相同的文件只存一份）。")
    if len(saved) == 1 and not errors:
        return redirect(_detail_url(saved[0]))
    return redirect(_library_url(ws))


@workspace_view(AssetPerm.VIEW)
def detail(request, pk: int):
    ws = request.workspace
    asset = selectors.asset_get(ws, pk)
    can_upload = request.can(AssetPerm.UPLOAD)
    form = AssetForm(request.POST or None, instance=asset) if can_upload else None
    if request.method == "POST":
        if not can_upload:
            raise Http404("页面不存在")
        if form.is_valid():
            try:
                services.asset_update(actor=request.user, asset=selectors.asset_get(ws, pk), **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已保存素材信息。")
                return redirect(_detail_url(asset))
    crops = selectors.crops_of(asset)
    crop_rows = []
    if asset.kind == Kind.IMAGE:
        for ratio, (label, value) in RATIOS.items():
            box = crops[ratio].box if ratio in crops else selectors.default_box(asset, ratio)
            crop_rows.append({"ratio": ratio, "label": label, "value": value, "slug": RATIO_SLUGS[ratio],
                              "box": box, "crop": crops.get(ratio)})
    return render(request, "assets/detail.html", {
        "asset": asset, "form": form, "can_upload": can_upload, "can_manage": request.can(AssetPerm.MANAGE),
        "checks": selectors.platform_checks(asset, crops), "crop_rows": crop_rows,
        "uses": selectors.uses_of(asset), "sources": SOURCE_SUGGESTIONS,
        "problems": selectors.rights_problems([asset]),
    })


@require_POST
@workspace_view(AssetPerm.UPLOAD)
def crop(request, pk: int):
    asset = selectors.asset_get(request.workspace, pk)
    ratio = request.POST.get("ratio", "")
    box = [request.POST.get(k) for k in ("x1", "y1", "x2", "y2")]
    try:
        services.crop_set(actor=request.user, asset=asset, ratio=ratio, box=box)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已保存 {ratio} 封面裁剪。")
    return redirect(_detail_url(asset) + "#crop")


@require_POST
@workspace_view(AssetPerm.MANAGE)
def delete(request, pk: int):
    asset = selectors.asset_get(request.workspace, pk)
    title = asset.title
    try:
        services.asset_delete(actor=request.user, asset=asset)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(_detail_url(asset))
    messages.success(request, f"已删除素材《{title}》。")
    return redirect(_library_url(request.workspace))


def _serve(field, *, content_type: str, inline: bool, filename: str) -> FileResponse:
    if not field:
        raise Http404("文件不存在")
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不存在（可能已被清理），请联系管理员") from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _download_name(asset) -> str:
    ext = asset.file.name.rsplit(".", 1)[-1] if "." in asset.file.name else ""
    return f"{asset.title}.{ext}" if ext else asset.title


@require_GET
@workspace_view(AssetPerm.VIEW_FILE)
def file(request, pk: int):
    """素材文件：图片、视频在页面里显示，其余作为附件下载；类型取存下的（按内容识别的）类型。"""
    asset = selectors.asset_get(request.workspace, pk)
    return _serve(asset.file, content_type=asset.content_type, inline=asset.inline, filename=_download_name(asset))


@require_GET
@workspace_view(AssetPerm.VIEW_FILE)
def thumb(request, pk: int):
    asset = selectors.asset_get(request.workspace, pk)
    return _serve(asset.thumb, content_type="image/jpeg", inline=True, filename=f"{asset.title}-缩略图.jpg")


@require_GET
@workspace_view(AssetPerm.VIEW_FILE)
def crop_file(request, pk: int, ratio: str):
    asset = selectors.asset_get(request.workspace, pk)
    crops = selectors.crops_of(asset)
    found = crops.get(SLUG_RATIOS.get(ratio, ""))
    if found is None:
        raise Http404("还没有裁剪这个比例的封面")
    return _serve(found.file, content_type="image/jpeg", inline=True, filename=f"{asset.title}-{ratio}.jpg")


@require_POST
@workspace_view(AssetPerm.UPLOAD)
def editor_upload(request):
    """编辑器（wangEditor）的上传接口：multipart 字段 ``file``；``?kind=video`` 上传视频。

    成功 ``{"errno": 0, "data": {"url", "alt", "href"}}``（视频为 ``{"url", "poster"}``），
    失败 ``{"errno": 1, "message": 中文}``（HTTP 200：wangEditor 按 errno 判断失败并把 message 交给页面显示；
    非 2xx 时它只报“Upload error”）。"""
    want = Kind.VIDEO if request.GET.get("kind") == "video" else Kind.IMAGE
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"errno": 1, "message": "没有收到文件"})
    try:
        head = upload.read(upload.size if upload.size <= services.STREAM_ABOVE else services.HEAD_BYTES)
        upload.seek(0)
        if services.check_upload(data=head, filename=upload.name, size=upload.size).kind != want:
            raise ValidationError(f"文件《{upload.name}》不是{Kind(want).label}")
        asset = services.asset_upload(actor=request.user, workspace=request.workspace, upload=upload,
                                      source="编辑器上传")
    except ValidationError as exc:
        return JsonResponse({"errno": 1, "message": "；".join(exc.messages)})
    if want == Kind.VIDEO:
        return JsonResponse({"errno": 0, "data": {"url": asset.url, "poster": ""}})
    return JsonResponse({"errno": 0, "data": {"url": asset.url, "alt": asset.title, "href": ""}})


@require_GET
@workspace_view(AssetPerm.VIEW)
def picker(request):
    """编辑器“从素材库插入”的片段：缩略图按钮网格，按钮上带插入所需的 data-* 属性。"""
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", Kind.IMAGE)
    assets = list(selectors.assets_of(request.workspace, q=q, kind=kind)[:60])
    kind_label = Kind(kind).label if kind in Kind.values else "素材"
    return render(request, "assets/_picker.html", {"assets": assets, "q": q, "kind": kind, "kind_label": kind_label})
