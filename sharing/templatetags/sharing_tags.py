"""Where an imported course comes from, for learners: ``{% course_attribution page %}``
on a course's pages (the course, its topics and lectures)."""

from django import template
from wagtail.models import Page

from ecirkel.caching import fragment
from sharing.importing import web_address
from sharing.models import LICENSE_CHOICES, ImportedCourse

register = template.Library()


def imported_course_of(page) -> ImportedCourse | None:
    """The import record of the course ``page`` belongs to (or is), if imported."""
    if page is None or not getattr(page, "path", None):
        return None
    step = Page.steplen
    prefixes = [page.path[:n] for n in range(step, len(page.path) + 1, step)]
    return (
        ImportedCourse.objects.filter(course__path__in=prefixes)
        .select_related("course")
        .first()
    )


@register.inclusion_tag("sharing/attribution.html")
def course_attribution(page):
    """The source and the license link only when their address is http(s): a
    package is schema-checked, but a stored row is not trusted to be.

    The same for every page of a course and for everyone: cached by the course's
    place in the tree (a course is at depth 3, its pages below it), so a topic or
    a lecture does not ask the database on every view. Saving an import record
    moves the content version on (``SharingConfig.ready``).

    A license this installation knows is named in the page's language ("CC BY-SA
    4.0 (erkännande, dela lika)"), not by the package's English name; that is
    looked up after the cache, which holds no translated text."""
    if page is None or not getattr(page, "path", None):
        return {"imported": None}
    context = fragment(
        "course-attribution",
        page.path[: 3 * Page.steplen],
        build=lambda: _attribution(page),
    )
    imported = context["imported"]
    if imported is None:
        return context
    return {**context, "license_label": license_label(imported)}


def license_label(imported: ImportedCourse) -> str:
    """The license's name for learners: translated when known, else as the
    package gave it."""
    return str(dict(LICENSE_CHOICES).get(imported.license_id, imported.license_name))


def _attribution(page) -> dict:
    imported = imported_course_of(page)
    if imported is None:
        return {"imported": None}
    return {
        "imported": imported,
        "source_url": web_address(imported.source_url),
        "license_url": web_address(imported.license_url),
    }
