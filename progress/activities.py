"""Activities for content: the link between a page (or a block on it) and progress."""

from .models import Activity


def activity_for_page(page, kind: str = Activity.Kind.TOPIC) -> Activity:
    """The activity that stands for ``page`` itself, created on first use.

    Keyed by the page's shared UUID, so it survives moves and renames; the title and
    course follow the page.
    """
    from courses.models import CoursePage

    course = page if isinstance(page, CoursePage) else page.get_course()
    activity, created = Activity.objects.get_or_create(
        uuid=page.uuid,
        defaults={"kind": kind, "title": page.title, "page": page, "course": course},
    )
    if not created and (
        activity.title != page.title
        or activity.page_id != page.pk
        or activity.course_id != (course.pk if course else None)
    ):
        activity.title, activity.page, activity.course = page.title, page, course
        activity.save(update_fields=["title", "page", "course"])
    return activity


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
                kind=Activity.Kind.TOPIC,
                title=topic.title,
                page=topic,
                course=course,
            )
            for topic in missing
        ],
        ignore_conflicts=True,
    )


def activity_for_quiz(quiz, page=None) -> Activity:
    """The activity of a quiz (a snippet), on the page where it was taken."""
    return activity_for_snippet(quiz, Activity.Kind.QUIZ, page)


def activity_for_snippet(snippet, kind: str, page=None) -> Activity:
    """The activity of a snippet (quiz, role-play), on the page where it was used."""
    course = (
        page.specific.get_course()
        if page is not None and hasattr(page.specific, "get_course")
        else None
    )
    activity, created = Activity.objects.get_or_create(
        uuid=snippet.uuid,
        defaults={
            "kind": kind,
            "title": snippet.title,
            "page": page,
            "course": course,
        },
    )
    if not created and page is not None and activity.page_id is None:
        activity.page, activity.course = page, course
        activity.save(update_fields=["page", "course"])
    return activity
