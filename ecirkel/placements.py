"""Where reusable content (a quiz, a practice call) is placed: the page whose body holds
its block. Activities are recorded per placement, and the server, not the browser,
decides which page a learner is working on: the page named in a form must be live,
visible to the learner and really hold the block.
"""

from django.http import Http404
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction


def holds_block(page, block_type: str, field: str, pk: int) -> bool:
    """Whether a StreamField of ``page`` has a top-level ``block_type`` block whose
    ``field`` chooses the object ``pk``. Reads the stored data; no query."""
    for model_field in page._meta.get_fields():
        if not isinstance(model_field, StreamField):
            continue
        for block in getattr(page, model_field.name).raw_data:
            value = block.get("value")
            if (
                block.get("type") == block_type
                and isinstance(value, dict)
                and value.get(field) == pk
            ):
                return True
    return False


def live_page(page_id):
    """The live page ``page_id`` (a number from a form or an address), specific; 404
    for anything else, a malformed or absurd number included."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < page_id < 2**63:
        raise Http404
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page.specific


def viewable(request, page) -> bool:
    """Whether the visitor passes every view restriction on ``page`` and above it."""
    return all(r.accept_request(request) for r in page.get_view_restrictions())


def viewable_pages(request, pages) -> set[int]:
    """The ids of ``pages`` whose every view restriction, on the page or above it, the
    visitor passes: ``viewable`` for a list, with one query for all the restrictions."""
    pages = list(pages)
    ancestors = {
        page.path[:end]
        for page in pages
        for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
    }
    restrictions = PageViewRestriction.objects.filter(page__path__in=ancestors)
    refused = {
        r.page.path
        for r in restrictions.select_related("page")
        if not r.accept_request(request)
    }
    return {
        page.pk
        for page in pages
        if not any(page.path.startswith(path) for path in refused)
    }


def placement_page(request, page_id, block_type: str, field: str, pk: int):
    """The live page ``page_id`` that places object ``pk`` and that the visitor may
    view; 404 otherwise (also for a page that is not for them: whether a restricted
    page exists is not for them to learn)."""
    page = live_page(page_id)
    if not holds_block(page, block_type, field, pk) or not viewable(request, page):
        raise Http404
    return page
