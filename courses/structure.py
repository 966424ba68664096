"""What the progress ledger asks about courses, answered from the page tree.

``CoursesConfig.ready`` registers these with ``progress.structure``: the ledger finds
an activity's course and a course's requirements here without importing this app.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from progress.structure import CourseStructure, Requirement

from .models import CompletionRequirement, CoursePage, TopicPage


def course_of(page) -> CoursePage | None:
    """The course ``page`` is in; a course is in itself. None outside courses."""
    specific = page.specific
    if isinstance(specific, CoursePage):
        return specific
    return CoursePage.objects.ancestor_of(specific).first()


def requirements_for(courses) -> dict[int, list[Requirement]]:
    """Each course's requirements in tree order; two queries for any number of them.

    The editors' completion rules (``CompletionRequirement``); a course without any
    requires all its live topics."""
    courses = list(courses)
    result: dict[int, list[Requirement]] = {course.pk: [] for course in courses}
    chosen = CompletionRequirement.objects.filter(course__in=courses).values_list(
        "course_id", "page_id", "page__title", "page__path", "must_pass"
    )
    for course_id, page_id, title, path, must_pass in chosen:
        result[course_id].append(Requirement(page_id, title, path, must_pass))
    by_path = {course.path: course.pk for course in courses if not result[course.pk]}
    if by_path:
        inside = reduce(or_, (Q(path__startswith=path) for path in by_path))
        topics = (
            TopicPage.objects.live().filter(inside).values_list("pk", "title", "path")
        )
        for pk, title, path in topics:
            course_id = next(
                cid for cpath, cid in by_path.items() if path.startswith(cpath)
            )
            result[course_id].append(Requirement(pk, title, path))
    for items in result.values():
        items.sort(key=lambda req: req.path)
    return result


COURSES = CourseStructure(course_of=course_of, requirements_for=requirements_for)
