import pytest
from wagtail.models import Site

from feedback.models import FeedbackSettings
from users.factories import UserFactory
from users.roles import LEARNER


@pytest.fixture
def topic(course):
    return course.get_children().get(slug="vad-ar-kc").specific


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
