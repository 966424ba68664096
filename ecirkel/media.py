"""Uploaded files: served only to those who may view a page that uses them, with HTTP
Range support so a browser can seek in a video.

Who may have a file: a file belongs to a media item (video, audio, its thumbnail), an
image (or one of its renditions) or a document. It may be served to a visitor when a
live page that uses it, directly or through a snippet placed on the page (a practice
call's recording), is one the visitor may view by Wagtail's privacy rules. A file of a
public course is public; a file of a login-only course needs a login; a file that no
live page uses, or that no model owns, is for editors only. Wagtail's reference index
says what uses what, so new content types are covered without a change here.

Django's ``static.serve`` answers every request with the whole file. A video player asks
for byte ranges (``Range: bytes=1000-``) to seek and to resume; without 206 Partial
Content it has to download everything first. In production, set
``MEDIA_ACCEL_REDIRECT`` to the internal location of a web server (nginx's
``X-Accel-Redirect``): the application checks and the web server sends the bytes, so a
video never holds an application worker.

Files on object storage (``ecirkel.storage.PrivateS3Storage``) are checked the same
way. Then, with ``MEDIA_ACCEL_REDIRECT`` set, the response is an ``X-Accel-Redirect``
to that internal location followed by the path and query of a short-lived presigned
URL; nginx's internal location proxies it to the bucket (deploy/nginx.conf.template),
Range requests included. Without it the application streams the file from storage.
"""

import mimetypes
import os
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtailmedia.models import get_media_model

RANGE = re.compile(r"^bytes=(?P<start>\d*)-(?P<end>\d*)$")
MAX_DIGITS = 18  # a byte position beyond 10**18 is no file of ours
CHUNK = 64 * 1024


def owners(path: str) -> list:
    """The objects a stored file belongs to (usually one)."""
    Media, Image, Document = get_media_model(), get_image_model(), get_document_model()
    found = list(Media.objects.filter(file=path)) + list(
        Media.objects.filter(thumbnail=path)
    )
    found += list(Image.objects.filter(file=path))
    found += [
        rendition.image
        for rendition in Image.get_rendition_model()
        .objects.filter(file=path)
        .select_related("image")
    ]
    found += list(Document.objects.filter(file=path))
    return found


def pages_using(objects, depth: int = 2) -> list[Page]:
    """Live pages that use ``objects``, directly or through objects that do (a media
    item on a snippet placed on a page), at most ``depth`` steps away."""
    pages: dict[int, Page] = {}
    for _step in range(depth):
        if not objects:
            break
        users = []
        for reference in ReferenceIndex.get_references_to_in_bulk(objects):
            model = reference.base_content_type.model_class()
            if model is None:
                continue
            if issubclass(model, Page):
                pages.setdefault(int(reference.object_id), None)
            else:
                users.append((model, reference.object_id))
        objects = [
            item
            for model, pk in set(users)
            for item in model._default_manager.filter(pk=pk)
        ]
    return list(Page.objects.live().filter(pk__in=pages))


def may_view(request, objects) -> tuple[bool, bool]:
    """(allowed, public) for files that belong to ``objects``."""
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True, False  # editors see every file, for editing and previews
    pages = pages_using(objects)
    allowed = public = False
    for page in pages:
        restrictions = page.get_view_restrictions()
        if not restrictions:
            return True, True
        if all(r.accept_request(request) for r in restrictions):
            allowed = True
    return allowed, public


def byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) inclusive; None to ignore the header (serve it all); False if the
    range cannot be satisfied (416)."""
    match = RANGE.match(header.strip())
    if not match or "," in header or not (match["start"] or match["end"]):
        return None  # unsupported or malformed: RFC 9110 lets us ignore it
    start_digits, end_digits = match["start"], match["end"]
    if len(start_digits) > MAX_DIGITS:
        return False  # starts far past the end of any file
    if len(end_digits) > MAX_DIGITS:
        end_digits = "9" * MAX_DIGITS  # as good as "to the end"
    if not start_digits:  # suffix: the last N bytes
        length = int(end_digits)
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(start_digits)
    end = int(end_digits) if end_digits else size - 1
    if end_digits and end < start:
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
    if not isinstance(default_storage, FileSystemStorage):
        return serve_stored(request, path)
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    if not os.path.isfile(full_path):
        raise Http404
    allowed, public = may_view(request, owners(path))
    if not allowed:
        # Not found rather than forbidden: whether a private file exists is private.
        raise Http404
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + path
    else:
        response = ranged_file_response(request, full_path, content_type)
    return protected(response, public)


def protected(response, public: bool):
    response["Cache-Control"] = "public, max-age=3600" if public else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_stored(request, path: str):
    """A file on object storage: the same check, then nginx fetches it from the
    bucket with a presigned URL (or, without nginx, the application streams it)."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or ".." in parts:
        raise Http404
    allowed, public = may_view(request, owners(path))
    if not allowed:
        raise Http404  # as for files on disk: whether it exists is private too
    if not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        signed = urlsplit(default_storage.signed_url(path))
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = (
            accel.rstrip("/") + signed.path + "?" + signed.query
        )
    else:
        response = ranged_stream_response(request, path, content_type)
    return protected(response, public)


def ranged_stream_response(request, name: str, content_type: str):
    size = default_storage.size(name)
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(
            default_storage.open(name, "rb"), content_type=content_type
        )
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            read_stored_range(name, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def read_stored_range(name: str, start: int, end: int):
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def ranged_file_response(request, full_path: str, content_type: str):
    size = os.path.getsize(full_path)
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
    return response
