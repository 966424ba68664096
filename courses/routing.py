"""Finding a page of a course by its address in two queries, however deep it is.

Wagtail's ``Page.route`` walks the address one segment at a time, two queries per
level (the child, then its specific row): a topic five levels down cost ten queries
before the page did anything, and a deeper course cost more. No page type in a
course routes on its own (none overrides ``route``), so the page at an address is
the one whose ``url_path`` it is; ``CatalogPage.route`` (the site root) looks it
up directly.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def route_below(root, request, path_components):
    """The live page at ``path_components`` under ``root``, or None when the
    direct look-up does not apply (the caller then routes the Wagtail way)."""
    if not path_components:
        return None
    url_path = root.url_path + "/".join(path_components) + "/"
    found = (
        Page.objects.filter(path__startswith=root.path, url_path=url_path)
        .values_list("pk", "content_type_id", "live")
        .first()
    )
    if found is None:
        raise Http404
    pk, content_type_id, live = found
    if not live:
        raise Http404
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or model.route is not Page.route:
        return None  # a page type that routes by itself: let Wagtail walk to it
    page = model.objects.select_related("locale").get(pk=pk)
    return RouteResult(page)
