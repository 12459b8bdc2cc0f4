"""与采编（rongmei.production）的衔接：取已通过稿件、发布前检查、修订版 → PublishItem、推荐时段。

采编应用承诺的接口（selectors.approved_items / item_get / recommended_windows，services.assert_publishable）
存在时使用它们；尚未提供时按模型字段做同样的判断，保证发布功能独立可用。
"""

from __future__ import annotations

import datetime as dt
import importlib
import mimetypes

from django.core.exceptions import ValidationError
from django.http import Http404

from rongmei.engines.platforms import ContentKind, MediaFile, PublishItem, platform_meta

from .choices import DEFAULT_WINDOWS

VIDEO_KINDS = {"short_video", "promo_film", "micro_documentary", "training_video", "programme", "live"}


def _production(name: str, attr: str):
    try:
        module = importlib.import_module(f"rongmei.production.{name}")
    except ImportError:
        return None
    return getattr(module, attr, None)


def approved_items(workspace):
    fn = _production("selectors", "approved_items")
    if fn is not None:
        return fn(workspace)
    from rongmei.production.models import ContentItem

    return ContentItem.objects.filter(workspace=workspace, status="approved").select_related("current_revision")


def item_get(workspace, pk: int):
    fn = _production("selectors", "item_get")
    if fn is not None:
        return fn(workspace, pk)
    from rongmei.production.models import ContentItem

    item = ContentItem.objects.filter(workspace=workspace, pk=pk).select_related("current_revision").first()
    if item is None:
        raise Http404("稿件不存在")
    return item


def assert_publishable(item) -> None:
    fn = _production("services", "assert_publishable")
    if fn is not None:
        fn(item)
        return
    if item.status != "approved" or item.approved_at is None:
        raise ValidationError("稿件尚未终审通过，不能排期发布")
    if item.current_revision_id is None:
        raise ValidationError("稿件没有可发布的修订版")


def recommended_windows(workspace, platform_code: str) -> list[tuple[dt.time, dt.time]]:
    fn = _production("selectors", "recommended_windows")
    if fn is not None:
        try:
            rows = list(fn(workspace, platform_code) or [])
        except Exception:  # 采编侧出错时退回默认时段，不影响排期
            rows = []
        out = []
        for r in rows:
            start = getattr(r, "start", None) if not isinstance(r, tuple | list) else r[0]
            end = getattr(r, "end", None) if not isinstance(r, tuple | list) else r[1]
            if isinstance(start, dt.time) and isinstance(end, dt.time):
                out.append((start, end))
        if out:
            return out
    return [(dt.time(a), dt.time(23, 59) if b == 24 else dt.time(b)) for a, b in DEFAULT_WINDOWS.get(platform_code, [])]


def windows_label(windows: list[tuple[dt.time, dt.time]]) -> str:
    def t(x: dt.time) -> str:
        return "24:00" if x == dt.time(23, 59) else x.strftime("%H:%M")

    return "、".join(f"{t(a)}–{t(b)}" for a, b in windows)


def in_windows(moment: dt.datetime, windows: list[tuple[dt.time, dt.time]]) -> bool:
    if not windows:
        return True
    t = moment.time()
    return any(a <= t <= b for a, b in windows)


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text or "")


def _media(f) -> MediaFile:
    f.open("rb")
    try:
        data = f.read()
    finally:
        f.close()
    ctype = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
    return MediaFile(filename=f.name.rsplit("/", 1)[-1], content_type=ctype, data=data)


def build_item(publication) -> PublishItem:
    """修订版 → 引擎的 PublishItem。封面取稿件第一张图片附件，视频取第一个视频附件。"""
    item, rev = publication.item, publication.revision
    code = publication.account.platform.code
    kinds = platform_meta(code).content_kinds
    if item.kind in VIDEO_KINDS:
        kind = ContentKind.VIDEO
    elif ContentKind.ARTICLE in kinds or not kinds:
        kind = ContentKind.ARTICLE
    else:
        kind = ContentKind.TEXT if ContentKind.TEXT in kinds else kinds[0]
    cover = video = None
    for att in item.attachments.all().order_by("uploaded_at", "pk"):
        if att.kind == "image" and cover is None:
            cover = _media(att.file)
        elif att.kind == "video" and video is None:
            video = _media(att.file)
    author = ""
    if rev.created_by_id:
        author = (getattr(rev.created_by, "display_name", "") or "")[:16]
    body = rev.body
    if publication.stamp_footer:
        from rongmei.production.documents import footer_text

        body = f"{body.rstrip()}\n\n{footer_text(item)}"
    return PublishItem(
        kind=kind,
        title=rev.title,
        body_html=markdown_to_html(body),
        text=rev.title,
        author=author,
        cover=cover,
        video=video,
        idempotency_key=publication.idempotency_key,
    )
