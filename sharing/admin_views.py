"""The admin's "Exportera delningspaket": a course's package as a download, for
whoever may edit the course."""

import os
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from . import travel
from .exporting import export_course


def course_kinds() -> tuple:
    return tuple(t.model for t in travel.registered() if t.descendants)


def is_course(page) -> bool:
    return isinstance(page.specific, course_kinds())


def export_download(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_course(page):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    folder = settings.SHARING_WORK_DIR
    os.makedirs(folder, exist_ok=True)
    # A private working file, removed as soon as it is open: the download streams
    # from the open handle, so nothing stays behind in the folder.
    handle = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by the response)
    try:
        export_course(page, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{page.slug}.zip",
        content_type="application/zip",
    )
