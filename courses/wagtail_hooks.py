from django.http import Http404
from wagtail import hooks

from ecirkel.media import may_view


@hooks.register("before_serve_document")
def documents_follow_the_pages_that_use_them(document, request):
    """A document in a login-only course is as private as the course (the same rule
    as for every uploaded file, ecirkel/media.py)."""
    allowed, _public = may_view(request, [document])
    if not allowed:
        raise Http404
