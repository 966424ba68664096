"""Feedback on the test course, made as the learner side would make it."""

import pytest
from wagtail.models import Site

from feedback.models import Feedback, FeedbackSettings, sender_token
from users.factories import UserFactory
from users.roles import LEARNER

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def topic(course):
    return course.get_children().get(slug="vad-ar-kc").specific


@pytest.fixture
def anna(db):
    """A learner whose name must never show for her anonymous feedback."""
    return UserFactory(
        username="annasecret",
        first_name="Annabella",
        last_name="Hemlig",
        email="annabella.hemlig@example.se",
        roles=[LEARNER],
    )


def make_feedback(page, course, **fields):
    values = {
        "page": page,
        "course": course,
        "subject_title": page.title,
        "kind": Feedback.Kind.ERROR,
        "text": "Siffran stämmer inte.",
    } | fields
    return Feedback.objects.create(**values)


@pytest.fixture
def anonymous_feedback(topic, course, anna):
    return make_feedback(
        topic,
        course,
        anonymous=True,
        sender_token=sender_token(anna),
        kind=Feedback.Kind.SUGGESTION,
        text="Lägg gärna till ett exempel från Järfälla.",
        rating=4,
    )


@pytest.fixture
def named_feedback(topic, course, learner):
    learner.email = "lisa@example.se"
    learner.save()
    return make_feedback(topic, course, sender=learner, rating=2)


@pytest.fixture
def visitor_feedback(topic, course):
    return make_feedback(
        topic, course, kind=Feedback.Kind.PRAISE, text="Bra kurs!", rating=5
    )


@pytest.fixture
def feedback_settings(catalog):
    """The default site's feedback settings (visitors off, owners told)."""
    site = Site.objects.get(is_default_site=True)
    return FeedbackSettings.for_site(site)


@pytest.fixture
def other_learner(db):
    return UserFactory(username="stina", roles=[LEARNER])


def form_data(**fields):
    return {"kind": "error", "rating": "", "text": "Telefontiden är fel.", **fields}
