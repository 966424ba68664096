"""Uploaded files served with HTTP Range support, so a browser can seek in a video.

Django's ``static.serve`` answers every request with the whole file. A video player
asks for byte ranges (``Range: bytes=1000-``) to seek and to resume; without 206 Partial
Content it has to download everything first. Used in development and, with the
file-system storage, in production (behind a proxy that may cache it).
"""

import mimetypes
import os
import re

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

RANGE = re.compile(r"^bytes=(?P<start>\d*)-(?P<end>\d*)$")
CHUNK = 64 * 1024


def byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) inclusive; None to ignore the header (serve it all); False if the
    range cannot be satisfied (416)."""
    match = RANGE.match(header.strip())
    if not match or "," in header or not (match["start"] or match["end"]):
        return None  # unsupported or malformed: RFC 9110 lets us ignore it
    if not match["start"]:  # suffix: the last N bytes
        length = int(match["end"])
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(match["start"])
    end = int(match["end"]) if match["end"] else size - 1
    if match["end"] and end < start:
        return None
    if start >= size:
        return False
    return start, min(end, size - 1)


def read_range(path: str, start: int, end: int):
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


@require_safe
def serve_media(request, path: str):
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    if not os.path.isfile(full_path):
        raise Http404
    size = os.path.getsize(full_path)
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            read_range(full_path, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    return response
