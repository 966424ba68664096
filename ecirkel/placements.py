"""Where reusable content (a quiz, a practice call) is placed: the page whose body holds
its block. Activities are recorded per placement, and the server, not the browser,
decides which page a learner is working on: the page named in a form must be live,
visible to the learner and really hold the block.
"""

from django.http import Http404
from wagtail.fields import StreamField
from wagtail.models import Page


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


def placement_page(request, page_id, block_type: str, field: str, pk: int):
    """The live page ``page_id`` that places object ``pk`` and that the visitor may
    view; 404 otherwise (also for a page that is not for them: whether a restricted
    page exists is not for them to learn)."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < page_id < 2**63:
        raise Http404
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    if not holds_block(page, block_type, field, pk):
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return page
