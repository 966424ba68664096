"""What learner pages keep in the cache changes on the next request after a publish,
unpublish, move or delete, and never carries one learner's state or CSRF token to
another."""

import re

import pytest

from courses.factories import TopicPageFactory
from courses.models import TopicPage
from users.factories import UserFactory
from users.roles import LEARNER

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_topics_subtopics_follow_publish_unpublish_move_and_delete(client, course):
    client.force_login(UserFactory(roles=[LEARNER]))
    topic = TopicPage.objects.get(slug="vad-ar-kc")
    assert "Fördelar" in page(client, topic.url)
    new = TopicPageFactory(parent=topic, title="Nyheter", slug="nyheter", live=False)
    assert "Nyheter" not in page(client, topic.url)
    new.save_revision().publish()
    assert "Nyheter" in page(client, topic.url)
    TopicPage.objects.get(pk=new.pk).unpublish()
    assert "Nyheter" not in page(client, topic.url)
    new.save_revision().publish()
    TopicPage.objects.get(pk=new.pk).move(
        TopicPage.objects.get(slug="forstudie"), pos="last-child"
    )
    assert "Nyheter" not in page(client, topic.url)
    assert "Nyheter" in page(client, TopicPage.objects.get(slug="forstudie").url)
    TopicPage.objects.get(slug="fordelar").delete()
    assert "Fördelar" not in page(client, topic.url)


def test_a_renamed_breadcrumb_shows_on_the_next_request(client, course):
    client.force_login(UserFactory(roles=[LEARNER]))
    subtopic = TopicPage.objects.get(slug="fordelar")
    assert "Vad är KC?" in page(client, subtopic.url)
    parent = TopicPage.objects.get(slug="vad-ar-kc")
    parent.title = "Vad är ett kontaktcenter?"
    parent.save_revision().publish()
    assert "Vad är ett kontaktcenter?" in page(client, subtopic.url)


def test_two_learners_each_see_their_own_state_and_token(client, course):
    topic = TopicPage.objects.get(slug="forstudie")
    first, second = UserFactory(roles=[LEARNER]), UserFactory(roles=[LEARNER])
    client.force_login(first)
    client.post(f"/min-utveckling/klar/{topic.pk}/")
    first_html = page(client, topic.url)
    assert "Du är klar med det här ämnet." in first_html
    first_tokens = set(CSRF.findall(first_html))
    client.logout()
    client.force_login(second)
    second_html = page(client, topic.url)
    assert "Du är klar med det här ämnet." not in second_html
    assert "Markera som klar" in second_html
    assert first_tokens.isdisjoint(CSRF.findall(second_html))


@pytest.mark.django_db
def test_search_finds_a_topic_published_after_the_same_search(client, course):
    client.force_login(UserFactory(roles=[LEARNER]))
    assert "Tornseglare" not in page(client, "/sok/?q=tornseglare")
    new = TopicPageFactory(
        parent=course, title="Tornseglare", slug="tornseglare", live=False
    )
    new.save_revision().publish()
    assert "Tornseglare" in page(client, "/sok/?q=tornseglare")
    TopicPage.objects.get(pk=new.pk).unpublish()
    assert "Tornseglare" not in page(client, "/sok/?q=tornseglare")
