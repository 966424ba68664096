"""What the ledger knows about courses, as the app that owns them tells it.

The ledger keeps each activity's course and decides when a course is complete, but it
imports no content app. The app that defines course pages registers (from its
``AppConfig.ready``, see ``courses.structure``) how to find

- the course a page is in, an activity's course; and
- the pages each course requires: the editors' completion rules, or every live topic.

Until an app registers, no page is in a course and no course requires anything.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """A page a course requires: completed, or passed when ``must_pass``."""

    page_id: int
    title: str
    path: str
    must_pass: bool = False


@dataclass(frozen=True)
class CourseStructure:
    # page → the course page it is in (a course is in itself), or None
    course_of: Callable[[object], object | None]
    # courses → {course pk: its requirements in tree order}, for any number of them
    requirements_for: Callable[[list], dict[int, list[Requirement]]]


NO_COURSES = CourseStructure(
    course_of=lambda page: None,
    requirements_for=lambda courses: {course.pk: [] for course in courses},
)
_registry = {"structure": NO_COURSES}


def register(structure: CourseStructure) -> None:
    """Tell the ledger how courses are built (once, from ``AppConfig.ready``)."""
    _registry["structure"] = structure


def registered() -> CourseStructure:
    return _registry["structure"]


def course_of(page):
    """The course ``page`` is in (a course is in itself), or None."""
    return registered().course_of(page)


def requirements_for(courses: Iterable) -> dict[int, list[Requirement]]:
    """Each course's requirements in tree order."""
    return registered().requirements_for(list(courses))
