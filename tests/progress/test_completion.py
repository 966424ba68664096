import pytest
from django.core.exceptions import ValidationError

from certificates.models import Certificate
from courses.factories import CoursePageFactory, TopicPageFactory
from courses.models import CompletionRequirement, TopicPage
from progress.activities import activity_for_page
from progress.completion import progress_for
from progress.models import Activity
from progress.recording import Result, record


def complete(user, *slugs):
    for slug in slugs:
        record(user, activity_for_page(TopicPage.objects.get(slug=slug)), "completed")


@pytest.mark.django_db
def test_without_rules_every_topic_is_required_in_tree_order(course, learner):
    (progress,) = progress_for(learner, [course])
    assert [req.title for req, _m, _met in progress.items] == [
        "Vad är KC?",
        "Fördelar",
        "Nackdelar",
        "Förstudie",
    ]
    assert (progress.done, progress.percent, progress.next.title) == (
        0,
        0,
        "Vad är KC?",
    )
    complete(learner, "vad-ar-kc", "fordelar")
    (progress,) = progress_for(learner, [course])
    assert (progress.done, progress.percent, progress.next.title) == (
        2,
        50,
        "Nackdelar",
    )
    assert not progress.complete


@pytest.mark.django_db
def test_a_started_topic_is_not_done(course, learner):
    record(
        learner,
        activity_for_page(TopicPage.objects.get(slug="forstudie")),
        "experienced",
    )
    (progress,) = progress_for(learner, [course])
    assert progress.started and progress.done == 0


@pytest.mark.django_db
def test_chosen_requirements_replace_the_default_and_must_pass_needs_a_pass(
    course, learner
):
    quiz_page = TopicPage.objects.get(slug="forstudie")
    CompletionRequirement.objects.create(course=course, page=quiz_page, must_pass=True)
    CompletionRequirement.objects.create(
        course=course, page=TopicPage.objects.get(slug="vad-ar-kc")
    )
    quiz = Activity.objects.create(
        uuid=quiz_page.uuid, kind="quiz", title="Quiz", page=quiz_page, course=course
    )
    complete(learner, "vad-ar-kc")
    record(learner, quiz, "failed", result=Result(score=0.3, success=False))
    (progress,) = progress_for(learner, [course])
    assert progress.total == 2 and progress.done == 1
    assert progress.next.page_id == quiz_page.pk
    assert not Certificate.objects.exists()

    record(learner, quiz, "passed", result=Result(score=0.9, success=True))
    (progress,) = progress_for(learner, [course])
    assert progress.complete and progress.percent == 100


@pytest.mark.django_db
def test_the_certificate_is_issued_once_when_the_last_requirement_is_met(
    course, learner
):
    complete(learner, "vad-ar-kc", "fordelar", "nackdelar")
    assert not Certificate.objects.exists()
    complete(learner, "forstudie")
    certificate = Certificate.objects.get()
    assert (certificate.user, certificate.course_id) == (learner, course.pk)
    assert certificate.course_title == "Testkurs"
    assert certificate.learner_name == (learner.get_full_name() or learner.username)
    complete(learner, "forstudie", "vad-ar-kc")
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_a_requirement_must_lie_inside_its_course(catalog, course):
    other = CoursePageFactory(parent=catalog, title="Annan kurs")
    outside = TopicPageFactory(parent=other, title="Utanför")
    requirement = CompletionRequirement(course=course, page=outside)
    with pytest.raises(ValidationError) as error:
        requirement.clean()
    assert "page" in error.value.message_dict


@pytest.mark.django_db
def test_progress_for_many_courses_takes_a_fixed_number_of_queries(
    catalog, course, learner, django_assert_num_queries
):
    courses = [course] + [CoursePageFactory(parent=catalog) for _ in range(3)]
    for extra in courses[1:]:
        TopicPageFactory(parent=extra)
    with django_assert_num_queries(3):
        result = progress_for(learner, courses)
    assert [p.total for p in result] == [4, 1, 1, 1]
