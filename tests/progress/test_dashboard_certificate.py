"""Min utveckling and the certificate when the course grows after it was issued.

The rule: a certificate stays valid for what it certified (the course as it was on
the day it was issued); Min utveckling says when it was issued and what has been
added since, and says "completed" only at 100 %.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from certificates.models import Certificate
from courses.factories import TopicPageFactory
from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.recording import record


def complete(user, *slugs):
    for slug in slugs:
        record(user, activity_for_page(TopicPage.objects.get(slug=slug)), "completed")


def dashboard_text(client) -> str:
    html = client.get("/min-utveckling/").content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def certified(course, learner):
    """The learner completed all four topics; the certificate is from 2026-11-20."""
    complete(learner, "vad-ar-kc", "fordelar", "nackdelar", "forstudie")
    certificate = Certificate.objects.get(user=learner, course=course)
    certificate.issued_at = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("UTC"))
    certificate.save()
    return certificate


@pytest.mark.django_db
def test_a_completed_course_says_completed_with_the_certificate(
    client, learner, certified
):
    client.force_login(learner)
    text = dashboard_text(client)
    assert "4 av 4 klara" in text and "100 %" in text
    assert "Du har slutfört kursen. Ditt intyg" in text
    assert (
        f"/intyg/{certified.code}/" in client.get("/min-utveckling/").content.decode()
    )


@pytest.mark.django_db
def test_after_a_topic_is_added_the_certificate_stays_and_the_page_says_what_is_new(
    client, learner, course, certified
):
    TopicPageFactory(parent=course, title="Nytt ämne", slug="nytt-amne")
    client.force_login(learner)
    text = dashboard_text(client)
    assert "4 av 5 klara" in text and "80 %" in text
    assert "Du har slutfört kursen" not in text
    assert (
        "Du fick intyget 2026-11-20. "
        "Kursen har fått 1 nytt ämne sedan dess: 4 av 5 klara. Ditt intyg"
    ) in text
    assert "Nästa steg: Nytt ämne" in text
    # The certificate itself is still valid for what it certified.
    page = client.get(f"/intyg/{certified.code}/").content.decode()
    assert "Intyget är giltigt" in page
    assert Certificate.objects.filter(user=learner).count() == 1


@pytest.mark.django_db
def test_two_new_topics_are_counted_in_the_plural_and_in_english(
    client, learner, course, certified
):
    TopicPageFactory(parent=course, title="Nytt ett", slug="nytt-ett")
    TopicPageFactory(parent=course, title="Nytt två", slug="nytt-tva")
    client.force_login(learner)
    assert "Kursen har fått 2 nya ämnen sedan dess: 4 av 6 klara." in dashboard_text(
        client
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = dashboard_text(client)
    assert (
        "You received the certificate on 2026-11-20. "
        "The course has had 2 new topics since then: 4 of 6 done."
    ) in text
    assert "You have completed the course" not in text


@pytest.mark.django_db
def test_completing_the_new_topic_completes_the_course_again_with_the_same_certificate(
    client, learner, course, certified
):
    TopicPageFactory(parent=course, title="Nytt ämne", slug="nytt-amne")
    complete(learner, "nytt-amne")
    client.force_login(learner)
    text = dashboard_text(client)
    assert "5 av 5 klara" in text and "Du har slutfört kursen." in text
    assert "Du fick intyget" not in text
    assert list(Certificate.objects.filter(user=learner)) == [certified]
    certified.refresh_from_db()
    assert certified.issued_at.date().isoformat() == "2026-11-20"
