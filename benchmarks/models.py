"""R1 of `make bench`: the bare Wagtail page the learner pages are measured against.

A page type with only a title, served anonymously by Wagtail's own page serving and a
template that shows the title in a minimal HTML document. It answers only while the
benchmark flag is on (``ECIRKEL_BENCHMARK=1``); otherwise it is a 404, like an address
that does not exist. Editors cannot create it (``is_creatable``); the scale-data
command makes the one page the benchmark asks for.
"""

from django.conf import settings
from django.http import Http404
from wagtail.models import Page


class ReferencePage(Page):  # noqa: DJ008 (Page has __str__)
    is_creatable = False
    parent_page_types = ["wagtailcore.Page", "courses.CatalogPage"]
    subpage_types = []

    def serve(self, request, *args, **kwargs):
        if not settings.BENCHMARK:
            raise Http404
        return super().serve(request, *args, **kwargs)
