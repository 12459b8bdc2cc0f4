"""Stored uploads handed back to users through views that check the workspace and role.

``/media/…`` is served only with DEBUG on (development); every link to an uploaded or generated file
goes through a view that calls :func:`file_response` after its permission check, so the link works
the same in production and nobody outside the workspace can fetch the file by guessing its path.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse, Http404

INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")


def file_response(field, *, filename: str = "", inline: bool = False) -> FileResponse:
    """The file behind a FileField as a download (or shown in the browser when ``inline`` and it is an
    image/PDF). A missing file is a Chinese 404, not a 500."""
    if not field:
        raise Http404("文件不存在")
    name = filename or PurePosixPath(field.name).name
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不存在（可能已被清理），请联系管理员") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    show = inline and content_type in INLINE_TYPES
    response = FileResponse(handle, as_attachment=not show, filename=name, content_type=content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
