"""Activities for content: the link between a page (or a block on it) and progress.

A page (topic, lecture) is one activity, keyed by the page's shared UUID. A quiz or a
role-play is reusable content placed on pages by a block; it is one activity *per
placement*, so a quiz reused in a second course counts in each course that places it.
A placement's UUID is derived from the content's and the page's shared UUIDs, so it is
the same in every installation that shares the course.
"""

import uuid

from . import kinds
from .models import Activity
from .structure import course_of


def shared_page_uuid(page) -> uuid.UUID:
    """The UUID a page keeps across installations (our pages' ``uuid`` field)."""
    specific = page.specific
    return getattr(specific, "uuid", None) or specific.translation_key


def placement_uuid(content_uuid: uuid.UUID, page) -> uuid.UUID:
    return uuid.uuid5(content_uuid, str(shared_page_uuid(page)))


def _get_or_create(activity_uuid, content_uuid, kind, title, page) -> Activity:
    kinds.get(kind)  # a kind some content app registered, or LookupError
    course = course_of(page)
    activity, created = Activity.objects.get_or_create(
        uuid=activity_uuid,
        defaults={
            "content_uuid": content_uuid,
            "kind": kind,
            "title": title,
            "page": page,
            "course": course,
        },
    )
    if not created and (
        activity.title != title
        or activity.page_id != page.pk
        or activity.course_id != (course.pk if course else None)
    ):
        activity.title, activity.page, activity.course = title, page, course
        activity.save(update_fields=["title", "page", "course"])
    return activity


def activity_for_page(page, kind: str | None = None) -> Activity:
    """The activity that stands for ``page`` itself, created on first use.

    Keyed by the page's shared UUID, so it survives moves and renames; the title and
    course follow the page. The kind is the one registered for the page's model
    (``progress.kinds``) unless given.
    """
    kind = kind or kinds.of_page(page)
    return _get_or_create(page.uuid, page.uuid, kind, page.title, page)


def activity_for_placement(content, kind: str, page) -> Activity:
    """The activity of reusable content (a quiz, a scenario) placed on ``page``.

    The caller has checked that ``page`` really places ``content`` (see
    ``ecirkel.placements``); the title is the content's.
    """
    return _get_or_create(
        placement_uuid(content.uuid, page), content.uuid, kind, content.title, page
    )


def sync_course_activities(course) -> None:
    """Make sure every live topic of ``course`` has its activity (for reports)."""
    existing = set(
        Activity.objects.filter(course=course).values_list("uuid", flat=True)
    )
    missing = [topic for topic in course.get_topics() if topic.uuid not in existing]
    Activity.objects.bulk_create(
        [
            Activity(
                uuid=topic.uuid,
                content_uuid=topic.uuid,
                kind=kinds.of_page(topic),
                title=topic.title,
                page=topic,
                course=course,
            )
            for topic in missing
        ],
        ignore_conflicts=True,
    )
