"""The ledger knows kinds of activity only as the content apps register them."""

import pytest

from courses.models import TopicPage
from lectures.models import LecturePage
from progress import kinds, xapi
from progress.activities import activity_for_page, activity_for_placement
from progress.states import counts_toward_page


def test_each_content_app_registers_its_kinds():
    registered = {kind.code: kind for kind in kinds.all_kinds()}
    assert set(registered) >= {"topic", "lecture", "quiz", "roleplay"}
    assert registered["topic"].pages == (TopicPage,)
    assert registered["lecture"].pages == (LecturePage,)
    assert set(kinds.placed_kinds()) == {"quiz", "roleplay"}
    assert xapi.activity_type("quiz").endswith("/assessment")
    assert xapi.activity_type("gone") == xapi.UNKNOWN_TYPE


def test_a_new_placed_kind_counts_toward_its_page_only_when_passed():
    kinds.register("h5p", "H5P", "http://example.org/h5p", placed=True)
    try:
        assert "h5p" in kinds.placed_kinds()
        assert "'h5p'" in str(counts_toward_page())
    finally:
        kinds.unregister("h5p")
    assert "h5p" not in kinds.placed_kinds()


@pytest.mark.django_db
def test_a_page_is_an_activity_of_the_kind_registered_for_its_model(course, lecture):
    assert activity_for_page(course.get_topics().first()).kind == "topic"
    assert activity_for_page(lecture).kind == "lecture"
    with pytest.raises(LookupError, match="No activity kind is registered"):
        activity_for_page(course)  # a course page is no activity


@pytest.mark.django_db
def test_an_unregistered_kind_is_refused(course):
    from quizzes.factories import make_question, make_quiz

    quiz = make_quiz([make_question()])
    with pytest.raises(LookupError, match="No content app registered"):
        activity_for_placement(quiz, "survey", course.get_topics().first())
