"""The ledger learns course structure from what the courses app registers
(progress.structure), not by importing it."""

import pytest

from courses import structure as courses_structure
from courses.models import CompletionRequirement, TopicPage
from progress import structure
from progress.activities import activity_for_page
from progress.completion import progress_for, requirements_for


@pytest.fixture
def without_courses():
    """The ledger as it would be with no app registering course structure."""
    registered = structure.registered()
    structure.register(structure.NO_COURSES)
    yield
    structure.register(registered)


def test_the_courses_app_registers_its_structure_when_django_starts():
    assert structure.registered() is courses_structure.COURSES


@pytest.mark.django_db
def test_a_page_is_in_the_course_above_it_and_a_course_is_in_itself(
    catalog, course, lecture
):
    subtopic = TopicPage.objects.get(slug="fordelar")
    assert structure.course_of(course) == course
    assert structure.course_of(subtopic) == course
    assert structure.course_of(lecture) == course
    assert lecture.get_course() == course
    assert structure.course_of(catalog) is None
    assert activity_for_page(subtopic).course == course


@pytest.mark.django_db
def test_the_ledger_reads_the_editors_completion_rules_through_the_registration(
    course, learner
):
    chosen = TopicPage.objects.get(slug="forstudie")
    CompletionRequirement.objects.create(course=course, page=chosen, must_pass=True)
    (requirement,) = requirements_for([course])[course.pk]
    assert (requirement.page_id, requirement.title, requirement.must_pass) == (
        chosen.pk,
        "Förstudie",
        True,
    )


@pytest.mark.django_db
def test_without_a_registration_no_page_is_in_a_course_and_nothing_is_required(
    course, learner, without_courses
):
    topic = TopicPage.objects.get(slug="vad-ar-kc")
    assert structure.course_of(topic) is None
    assert activity_for_page(topic).course is None
    assert requirements_for([course]) == {course.pk: []}
    (progress,) = progress_for(learner, [course])
    assert progress.total == 0 and not progress.complete
