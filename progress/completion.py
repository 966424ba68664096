"""Course completion: which activities a course requires and how far a learner has come.

Editors set a course's requirements in the admin (``courses.CompletionRequirement``); a
course without any requires all its topics. The ledger learns them through
``progress.structure``, where the courses app registers them (``requirements_for``).
A requirement is met when the learner has completed the page (its own activity, or a
quiz or call on it passed: see ``states.counts_toward_page``), or, for "must be
passed", passed it. Every function here takes a fixed number of queries, whatever the
number of learners, courses or topics.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ecirkel import caching

from .models import ActivityProgress
from .states import ProgressState, counts_toward_page
from .structure import Requirement, requirements_for


@dataclass(frozen=True)
class Mark:
    """A learner's state and best score on one page."""

    state: ProgressState = ProgressState.NOT_STARTED
    score: Decimal | None = None


# The mark of every page a learner has not opened: one object (a Mark is frozen),
# compared by identity in the exports; Min utveckling and the reports look up
# hundreds of such pages.
NO_MARK = Mark()
_STATES = {state.value: state for state in ProgressState}


@dataclass
class CourseProgress:
    course: object
    items: list[tuple[Requirement, Mark, bool]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(1 for _req, _mark, met in self.items if met)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def started(self) -> bool:
        return any(
            mark.state != ProgressState.NOT_STARTED for _r, mark, _m in self.items
        )

    @property
    def next(self) -> Requirement | None:
        return next((req for req, _mark, met in self.items if not met), None)


# The one rule of a met requirement: "must be passed" by a pass, any other by a
# completion or a pass. ``is_met`` applies it to a mark; the circle report counts
# with it in SQL through ``pages_met_by``.
_PASSED = (ProgressState.PASSED,)
_DONE = tuple(state for state in ProgressState if state.is_done)


def met_by(requirement: Requirement) -> tuple[ProgressState, ...]:
    """The states in which ``requirement`` is met."""
    return _PASSED if requirement.must_pass else _DONE


def is_met(requirement: Requirement, mark: Mark) -> bool:
    # met_by written out: the exports call this for every learner's every page.
    return mark.state in (_PASSED if requirement.must_pass else _DONE)


def pages_met_by(requirements) -> dict[tuple[ProgressState, ...], list[int]]:
    """The requirements' page ids grouped by the states that meet them, for
    counting met requirements in SQL."""
    groups = defaultdict(list)
    for requirement in requirements:
        groups[met_by(requirement)].append(requirement.page_id)
    return dict(groups)


def marks_for(user_ids, page_ids) -> dict[tuple[int, int], Mark]:
    """(user id, page id) → the best state and score of what counts toward the page
    (``counts_toward_page``: its own activity, and content on it once passed)."""
    rows = (
        ActivityProgress.objects.filter(
            user_id__in=list(user_ids), activity__page_id__in=list(page_ids)
        )
        .filter(counts_toward_page())
        .values_list("user_id", "activity__page_id", "state", "best_score")
    )
    return _best_marks(rows)


def learner_marks(user, page_ids) -> dict[tuple[int, int], Mark]:
    """``marks_for`` one learner: all their summaries, by the user index, kept for
    the pages asked for. A learner has a summary per activity they have opened, a
    few hundred; listing 300 page ids in the query cost more (issue 14)."""
    page_ids = set(page_ids)
    rows = (
        ActivityProgress.objects.filter(user=user, activity__page__isnull=False)
        .filter(counts_toward_page())
        .values_list("user_id", "activity__page_id", "state", "best_score")
    )
    return _best_marks(row for row in rows if row[1] in page_ids)


def _best_marks(rows) -> dict[tuple[int, int], Mark]:
    marks: dict[tuple[int, int], Mark] = {}
    for user_id, page_id, state, score in rows:
        key = (user_id, page_id)
        state = _STATES[state]
        current = marks.get(key)
        if current is None:
            marks[key] = Mark(state, score)
            continue
        marks[key] = Mark(
            state=state if state.rank > current.state.rank else current.state,
            score=max(filter(None, [current.score, score]), default=None),
        )
    return marks


def progress_for(user, courses) -> list[CourseProgress]:
    """The learner's progress in each course: one query for the learner's marks,
    and two for the courses' requirements when they are not kept already."""
    courses = list(courses)
    # The same for every learner: kept under the content version (publishing a
    # course, its rules or its topics builds them afresh).
    requirements = caching.fragment(
        "course-requirements",
        *sorted(course.pk for course in courses),
        build=lambda: requirements_for(courses),
    )
    page_ids = {req.page_id for reqs in requirements.values() for req in reqs}
    marks = learner_marks(user, page_ids)
    user_id = user.pk  # once: request.user is a lazy object, slow to ask 300 times
    result = []
    for course in courses:
        progress = CourseProgress(course)
        for req in requirements[course.pk]:
            mark = marks.get((user_id, req.page_id), NO_MARK)
            progress.items.append((req, mark, is_met(req, mark)))
        result.append(progress)
    return result


def group_by_user(marks: dict[tuple[int, int], Mark]) -> dict[int, dict[int, Mark]]:
    grouped: dict[int, dict[int, Mark]] = defaultdict(dict)
    for (user_id, page_id), mark in marks.items():
        grouped[user_id][page_id] = mark
    return grouped
