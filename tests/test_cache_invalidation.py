"""Issue 14: nothing a cache keeps outlives a change of content, or crosses visitors.

Every test first warms the caches (each page asked for twice: the whole-page cache
for anonymous visitors, and whatever fragments learner pages cache), then changes
content the way the admin does (publish, unpublish, move, delete) and asks again:
the next request shows the change, for an anonymous visitor and for a learner. The
pages are the real catalog, course and topic pages through the Django test client.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from courses.factories import TopicPageFactory
from courses.models import TopicPage
from users.factories import UserFactory
from users.roles import LEARNER

pytestmark = pytest.mark.django_db

MARK_AS_DONE = "Markera som klar"
DONE = "Du är klar med det här ämnet."


@pytest.fixture(params=["anonymous", "learner"])
def visitor(request, learner):
    client = Client()
    if request.param == "learner":
        client.force_login(learner)
    return client


def topic(title: str) -> TopicPage:
    return TopicPage.objects.get(title=title)


def warm(client, *urls):
    for url in urls:
        for _ in range(2):
            assert client.get(url).status_code == 200, url


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def topic_count(catalog_html: str) -> int:
    (count,) = re.findall(r"<dt>Ämnen</dt>\s*<dd>(\d+)</dd>", catalog_html)
    return int(count)


def test_publishing_a_topic_shows_at_once(visitor, course):
    studie = topic("Förstudie")
    warm(visitor, "/", course.url, studie.url)

    studie.title = "Förstudie om kanaler"
    studie.save_revision().publish()

    assert "Förstudie om kanaler" in page(visitor, course.url)
    assert "Förstudie om kanaler" in page(visitor, studie.url)


def test_publishing_a_course_shows_at_once_in_the_catalog_and_below(visitor, course):
    studie = topic("Förstudie")
    warm(visitor, "/", course.url, studie.url)

    course.title = "Kontaktcenter från början"
    course.save_revision().publish()

    for url in ("/", course.url, studie.url):
        assert "Kontaktcenter från början" in page(visitor, url), url


def test_publishing_a_new_topic_shows_at_once(visitor, course):
    warm(visitor, "/", course.url)
    before = topic_count(page(visitor, "/"))

    new = TopicPageFactory.build(title="Kanalval", slug="kanalval", live=False)
    course.add_child(instance=new)
    new.save_revision().publish()

    assert topic_count(page(visitor, "/")) == before + 1
    assert new.url in page(visitor, course.url)
    assert "Kanalval" in page(visitor, new.url)


def test_unpublishing_a_topic_hides_it_at_once(visitor, course):
    studie = topic("Förstudie")
    url = studie.url
    warm(visitor, "/", course.url, url)
    before = topic_count(page(visitor, "/"))

    studie.unpublish()

    assert url not in page(visitor, course.url)
    assert visitor.get(url).status_code == 404
    assert topic_count(page(visitor, "/")) == before - 1


def test_moving_a_topic_shows_at_once(visitor, course):
    fordelar, parent, studie = (
        topic("Fördelar"),
        topic("Vad är KC?"),
        topic("Förstudie"),
    )
    old_url = fordelar.url
    warm(visitor, course.url, old_url, parent.url, studie.url)
    assert old_url in page(visitor, parent.url)

    fordelar.move(studie, pos="last-child")
    new_url = topic("Fördelar").url

    assert new_url != old_url
    # Wagtail leaves a redirect at the old address, to the new one.
    moved = visitor.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == new_url
    assert "Fördelar" in page(visitor, new_url)
    assert old_url not in page(visitor, parent.url)
    assert new_url in page(visitor, studie.url)
    assert new_url in page(visitor, course.url)
    assert old_url not in page(visitor, course.url)


def test_deleting_a_topic_removes_it_at_once(visitor, course):
    studie = topic("Förstudie")
    url = studie.url
    warm(visitor, "/", course.url, url)
    before = topic_count(page(visitor, "/"))

    studie.delete()

    assert url not in page(visitor, course.url)
    assert visitor.get(url).status_code == 404
    assert topic_count(page(visitor, "/")) == before - 1


def test_making_a_course_login_only_refuses_anonymous_visitors_at_once(course):
    from wagtail.models import PageViewRestriction

    studie = topic("Förstudie")
    anonymous = Client()
    warm(anonymous, course.url, studie.url)

    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )

    for url in (course.url, studie.url):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def two_learners(learner):
    other = UserFactory(username="olle", first_name="Olle", roles=[LEARNER])
    lisa, olle = Client(), Client()
    lisa.force_login(learner)
    olle.force_login(other)
    return lisa, olle


def test_no_learner_sees_another_learners_state_from_a_warm_cache(course, two_learners):
    lisa, olle = two_learners
    studie = topic("Förstudie")
    for client in (lisa, olle):
        warm(client, course.url, studie.url)

    lisa.post(reverse("courses:mark_complete", args=[studie.pk]))

    # Each in turn, both orders: whoever built a cached part first, the other
    # gets only their own state merged in.
    for _ in range(2):
        lisa_topic, olle_topic = page(lisa, studie.url), page(olle, studie.url)
        assert DONE in lisa_topic and MARK_AS_DONE not in lisa_topic
        assert MARK_AS_DONE in olle_topic and DONE not in olle_topic
        assert "Logga ut Kim" in lisa_topic and "Logga ut Olle" in olle_topic

        olle_map, lisa_map = page(olle, course.url), page(lisa, course.url)
        assert "mindmap__node--completed" in lisa_map
        assert "mindmap__node--completed" not in olle_map


def csrf_tokens(html: str) -> set[str]:
    """The tokens of the page's forms (logging out, marking as done)."""
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_csrf_tokens_are_per_session_and_never_come_from_a_cache(course, learner):
    studie = topic("Förstudie")
    other = UserFactory(username="olle", roles=[LEARNER])
    lisa = Client(enforce_csrf_checks=True)
    olle = Client(enforce_csrf_checks=True)
    lisa.force_login(learner)
    olle.force_login(other)
    warm(lisa, studie.url)
    warm(olle, studie.url)

    lisa_tokens = csrf_tokens(page(lisa, studie.url))
    olle_tokens = csrf_tokens(page(olle, studie.url))
    assert lisa_tokens and olle_tokens
    assert not lisa_tokens & olle_tokens
    lisa_token, olle_token = min(lisa_tokens), min(olle_tokens)
    assert lisa.cookies["csrftoken"].value != olle.cookies["csrftoken"].value

    url = reverse("courses:mark_complete", args=[studie.pk])
    # The other session's token does not fit this session's cookie; its own does.
    assert olle.post(url, {"csrfmiddlewaretoken": lisa_token}).status_code == 403
    assert lisa.post(url, {"csrfmiddlewaretoken": lisa_token}).status_code == 302
    assert olle.post(url, {"csrfmiddlewaretoken": olle_token}).status_code == 302
