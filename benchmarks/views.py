"""R2 of `make bench`: the least a Django view can do (no database, no session)."""

from django.http import HttpResponse


def minimal(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
