import pytest
from wagtail.models import Page, PageViewRestriction, Site

from courses.factories import CatalogPageFactory, CoursePageFactory, TopicPageFactory
from users.factories import UserFactory
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER


@pytest.fixture
def catalog(db):
    """A course catalog as the root of the default site, as the demo loader makes it."""
    root = Page.get_first_root_node()
    catalog = CatalogPageFactory(parent=root, slug="kurser")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": catalog},
    )
    return catalog


@pytest.fixture
def course(catalog):
    """A public course: two main topics, one with two subtopics."""
    course = CoursePageFactory(parent=catalog, title="Testkurs", slug="testkurs")
    first = TopicPageFactory(parent=course, title="Vad är KC?", slug="vad-ar-kc")
    TopicPageFactory(parent=first, title="Fördelar", slug="fordelar")
    TopicPageFactory(parent=first, title="Nackdelar", slug="nackdelar")
    TopicPageFactory(parent=course, title="Förstudie", slug="forstudie")
    return course


@pytest.fixture
def private_course(course):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    return course


@pytest.fixture
def learner(db):
    return UserFactory(username="lisa", roles=[LEARNER])


@pytest.fixture
def circle_leader(db):
    return UserFactory(username="leo", roles=[CIRCLE_LEADER])


@pytest.fixture
def editor(db):
    return UserFactory(username="erik", roles=[EDITOR])
