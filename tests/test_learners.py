"""Whom a user may assess (ecirkel.learners), as the circles app registers it."""

import pytest

from circles.leading import learners_led
from ecirkel import learners
from users.factories import UserFactory


@pytest.fixture
def without_circles():
    """The core registry as it would be with no app telling who leads whom."""
    registered = learners._registry["in_charge_of"]
    learners.register(learners.nobody)
    yield
    learners.register(registered)


def test_the_circles_app_registers_whom_a_leader_may_assess():
    assert learners._registry["in_charge_of"] is learners_led


@pytest.mark.django_db
def test_a_leader_may_assess_the_members_of_their_circles_that_follow_the_course(
    course, circle, other_circle, circle_leader, learner, editor
):
    assert list(learners.in_charge_of(circle_leader, course)) == [learner]
    assert {u.username for u in learners.in_charge_of(editor, course)} == {
        "lisa",
        "stina",
    }
    assert not learners.in_charge_of(UserFactory(username="ny"), course).exists()


@pytest.mark.django_db
def test_without_a_registration_nobody_is_in_anyones_charge(
    course, circle, circle_leader, without_circles
):
    assert not learners.in_charge_of(circle_leader, course).exists()
