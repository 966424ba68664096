"""Giving feedback ("Ge synpunkter") without JavaScript: the form's own page, the
checks of what it is about and who sends it, limits, and the owner's e-mail."""

import pytest
from django.core import mail
from wagtail.models import PageViewRestriction

from feedback import sending
from feedback.models import Feedback, sender_token
from quizzes.factories import make_question, make_quiz
from roleplays.factories import make_scenario
from tests.feedback.conftest import form_data

NEW = "/synpunkter/ny/"

pytestmark = pytest.mark.django_db


def url(page, content=""):
    return f"{NEW}?sida={page.pk}" + (f"&innehall={content}" if content else "")


def live_quiz():
    quiz = make_quiz([make_question(options=["Ja", "Nej"], right=["Ja"])])
    quiz.save_revision()
    return quiz


def test_a_topic_offers_the_link_to_a_learner(client, learner, topic):
    client.force_login(learner)
    html = client.get(topic.url).content.decode()
    assert f'href="{url(topic)}"' in html.replace("&amp;", "&")
    assert "Ge synpunkter" in html
    assert 'src="/static/feedback/feedback.js"' in html


def test_the_catalog_has_no_link(client, learner, catalog, course):
    client.force_login(learner)
    assert NEW not in client.get(catalog.url).content.decode()


def test_a_learner_sends_feedback_and_sees_the_confirmation(
    client, learner, course, topic
):
    client.force_login(learner)
    form = client.get(url(topic))
    assert form.status_code == 200
    assert "Skicka anonymt till redaktörerna" in form.content.decode()
    assert "om svar på anonyma synpunkter får du inget e-postmeddelande" in form.text
    response = client.post(url(topic), form_data(rating="4"))
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response.url == f"/synpunkter/skickad/{feedback.uuid}/"
    assert feedback.sender == learner and not feedback.anonymous
    assert feedback.page.pk == topic.pk and feedback.course.pk == course.pk
    assert (feedback.subject, feedback.subject_title) == ("page", topic.title)
    assert (feedback.kind, feedback.rating) == ("error", 4)
    confirmation = client.get(response.url).content.decode()
    assert "Tack för dina synpunkter!" in confirmation
    assert "Telefontiden är fel." in confirmation
    assert f'href="{topic.url}"' in confirmation


def test_a_course_page_stores_itself_as_the_course(client, learner, course):
    client.force_login(learner)
    client.post(url(course), form_data())
    assert Feedback.objects.get().course.pk == course.pk


def test_a_form_with_errors_keeps_the_text_and_ties_errors_to_fields(
    client, learner, topic
):
    client.force_login(learner)
    response = client.post(url(topic), {"text": "Min text <b>här</b>", "rating": "9"})
    html = response.content.decode()
    assert response.status_code == 200
    assert not Feedback.objects.exists()
    assert "Min text &lt;b&gt;här&lt;/b&gt;</textarea>" in html
    assert 'aria-describedby="feedback-kind-error"' in html
    assert 'id="feedback-kind-error"' in html and "Välj vad dina synpunkter" in html
    assert 'id="feedback-rating-error"' in html


def test_too_long_text_is_refused_and_kept(client, learner, topic):
    client.force_login(learner)
    text = "å" * 2001
    html = client.post(url(topic), form_data(text=text)).content.decode()
    assert not Feedback.objects.exists()
    assert 'aria-describedby="feedback-text-help feedback-text-error"' in html
    assert "högst 2000 tecken" in html and text in html


def test_an_oversized_body_is_refused_before_it_is_read(client, learner, topic):
    client.force_login(learner)
    response = client.post(url(topic), form_data(text="x" * 40_000))
    assert response.status_code == 413
    assert not Feedback.objects.exists()
    # A page of the site, not a bare line of text: what happened and the way back.
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Synpunkterna kunde inte skickas</h1>" in html
    assert "högst 2000 tecken" in html
    assert f'href="{url(topic)}"' in html.replace("&amp;", "&")
    assert '<main id="main"' in html  # in the site's layout


def test_csrf_is_checked(learner, topic):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(url(topic), form_data()).status_code == 403
    assert not Feedback.objects.exists()


# Anonymity


def test_anonymous_feedback_stores_no_sender(client, learner, topic):
    client.force_login(learner)
    response = client.post(url(topic), form_data(anonymous="on"))
    feedback = Feedback.objects.get()
    assert feedback.anonymous and feedback.sender is None
    assert feedback.sender_token == sender_token(learner)
    assert "anonymt" in client.get(response.url).content.decode()


def test_the_confirmation_is_only_for_its_sender(client, learner, other_learner, topic):
    client.force_login(learner)
    sent = client.post(url(topic), form_data(anonymous="on")).url
    client.force_login(other_learner)
    assert client.get(sent).status_code == 404


# Visitors who are not logged in


def test_visitors_are_sent_to_log_in_when_the_site_does_not_allow_them(
    client, topic, feedback_settings
):
    assert NEW not in client.get(topic.url).content.decode()
    for response in (client.get(url(topic)), client.post(url(topic), form_data())):
        assert response.status_code == 302
        assert response.url.startswith("/konto/logga-in/?next=")
    assert not Feedback.objects.exists()


def test_visitors_may_send_on_a_public_course_when_allowed(
    client, topic, feedback_settings
):
    feedback_settings.allow_visitors = True
    feedback_settings.save()
    html = client.get(topic.url).content.decode()
    assert NEW in html
    assert "Skicka anonymt" not in client.get(url(topic)).content.decode()
    response = client.post(url(topic), form_data(anonymous="on"))
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.sender is None and not feedback.anonymous
    assert feedback.sender_token == ""
    assert "Telefontiden" in client.get(response.url).content.decode()


def test_visitors_may_not_send_on_a_private_course(
    client, private_course, topic, feedback_settings
):
    feedback_settings.allow_visitors = True
    feedback_settings.save()
    response = client.post(url(topic), form_data())
    assert response.status_code == 302 and "logga-in" in response.url
    assert not Feedback.objects.exists()


# What the feedback is about


def test_an_unpublished_page_is_not_found(client, learner, topic):
    topic.unpublish()
    client.force_login(learner)
    assert client.get(url(topic)).status_code == 404
    assert client.post(url(topic), form_data()).status_code == 404
    assert not Feedback.objects.exists()


def test_a_page_restricted_to_others_is_not_found(client, learner, topic):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Endast andra")])
    client.force_login(learner)
    assert client.post(url(topic), form_data()).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("sida", ["", "abc", "-1", "99999999", str(2**70)])
def test_a_bad_page_id_is_not_found(client, learner, course, sida):
    client.force_login(learner)
    assert client.post(f"{NEW}?sida={sida}", form_data()).status_code == 404


def test_feedback_on_a_quiz_names_the_quiz(client, learner, course, placed):
    quiz = live_quiz()
    page = placed(quiz)
    client.force_login(learner)
    response = client.post(url(page, f"quiz:{quiz.uuid}"), form_data())
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.subject, feedback.subject_uuid) == ("quiz", quiz.uuid)
    assert feedback.subject_title == quiz.title and feedback.page.pk == page.pk


def test_feedback_on_a_practice_call_names_it(client, learner, course, placed):
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Tack", True)],
        [("start", "Hej, hur kan jag hjälpa?", "slut", (1, 1, 1), False)],
        live=True,
    )
    page = placed(scenario)
    client.force_login(learner)
    client.post(url(page, f"scenario:{scenario.uuid}"), form_data())
    feedback = Feedback.objects.get()
    assert (feedback.subject, feedback.subject_title) == ("scenario", "Testsamtal")


@pytest.mark.parametrize("content", ["quiz:nonsense", "video:x", "quiz:"])
def test_a_quiz_not_on_the_page_is_not_found(client, learner, topic, content):
    quiz = live_quiz()  # live, but not placed on the topic
    client.force_login(learner)
    for bad in (f"quiz:{quiz.uuid}", content):
        assert client.post(url(topic, bad), form_data()).status_code == 404
    assert not Feedback.objects.exists()


def test_the_quiz_attempt_offers_feedback_on_the_quiz(client, learner, placed):
    quiz = live_quiz()
    page = placed(quiz)
    client.force_login(learner)
    started = client.post(f"/quiz/{quiz.uuid}/starta/", {"page": page.pk})
    html = client.get(started.url).content.decode().replace("&amp;", "&")
    assert f"{NEW}?sida={page.pk}&innehall=quiz:{quiz.uuid}" in html


# Limits


def test_a_learner_is_limited_per_hour_and_keeps_the_text(
    client, learner, topic, monkeypatch
):
    monkeypatch.setattr(sending, "RATE_PER_USER", "2/h")
    client.force_login(learner)
    for _ in range(2):
        assert client.post(url(topic), form_data()).status_code == 302
    response = client.post(url(topic), form_data(text="Den tredje texten"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Vänta en timme" in html and "Den tredje texten</textarea>" in html
    assert Feedback.objects.count() == 2


def test_an_address_is_limited_for_visitors(
    client, topic, feedback_settings, monkeypatch
):
    monkeypatch.setattr(sending, "RATE_PER_ADDRESS", "2/h")
    feedback_settings.allow_visitors = True
    feedback_settings.save()
    for _ in range(2):
        client.post(url(topic), form_data(), REMOTE_ADDR="10.1.2.3")
    response = client.post(url(topic), form_data(), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert Feedback.objects.count() == 2
    other_address = client.post(url(topic), form_data(), REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 302


def test_logged_in_users_behind_one_address_are_not_limited_by_it(
    client, learner, other_learner, topic, monkeypatch
):
    """A municipal office behind one NAT address: each colleague has their own
    limit, and nobody is blocked by what the others sent."""
    monkeypatch.setattr(sending, "RATE_PER_ADDRESS", "2/h")
    for user in (learner, other_learner, learner):
        client.force_login(user)
        response = client.post(url(topic), form_data(), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
    assert Feedback.objects.count() == 3


# Hostile input

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("attack", XSS)
def test_markup_in_every_field_is_escaped(client, learner, topic, attack):
    client.force_login(learner)
    data = form_data(text=attack, kind=attack, rating=attack, anonymous=attack)
    html = client.post(url(topic), data).content.decode()
    assert attack not in html and "<script>alert" not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")
    # A valid form with the attack as text: the confirmation and Mina synpunkter.
    sent = client.post(url(topic), form_data(text=attack)).url
    for page in (client.get(sent), client.get("/mina-synpunkter/")):
        body = page.content.decode()
        assert attack not in body
        assert "&lt;" in body


def test_markup_in_a_title_is_escaped(client, learner, topic):
    topic.title = "<img src=x onerror=alert(1)>"
    topic.save_revision().publish()
    client.force_login(learner)
    sent = client.post(url(topic), form_data()).url
    for response in (client.get(url(topic)), client.get(sent)):
        assert "<img src=x onerror" not in response.content.decode()


# The page's owner


def owned(topic, owner):
    topic.owner = owner
    topic.save()
    return topic


def test_the_owner_is_told_by_e_mail_after_commit(
    client, learner, editor, topic, django_capture_on_commit_callbacks
):
    editor.email = "erik@example.se"
    editor.save()
    owned(topic, editor)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(topic), form_data(rating="2"))
    [message] = mail.outbox
    assert message.to == ["erik@example.se"]
    assert topic.title in message.subject
    assert "Telefontiden är fel." in message.body
    assert "Fel i innehållet" in message.body and "2 av 5" in message.body
    assert "/admin/" in message.body
    # Both links are built from the request, as the sender reached the site.
    assert f"http://testserver{topic.url}" in message.body
    assert "http://testserver/admin/" in message.body
    assert learner.username not in message.body


def test_an_anonymous_sender_is_not_named_to_the_owner(
    client, learner, editor, topic, django_capture_on_commit_callbacks
):
    learner.first_name, learner.last_name, learner.email = "Lisa", "Ek", "l@e.se"
    learner.save()
    editor.email = "erik@example.se"
    editor.save()
    owned(topic, editor)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(topic), form_data(anonymous="on"))
    [message] = mail.outbox
    for trace in ("lisa", "Lisa", "Ek", "l@e.se", sender_token(learner)):
        assert trace not in message.body and trace not in message.subject


def test_no_e_mail_when_turned_off_or_to_oneself(
    client, editor, topic, feedback_settings, django_capture_on_commit_callbacks
):
    editor.email = "erik@example.se"
    editor.save()
    owned(topic, editor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(topic), form_data())
    assert mail.outbox == []
    feedback_settings.notify_owners = False
    feedback_settings.save()
    other = type(editor).objects.create(username="ann", email="ann@example.se")
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(topic), form_data())
    assert mail.outbox == [] and Feedback.objects.count() == 2


def test_a_practice_call_offers_feedback_on_the_call(client, learner, placed):
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Tack", True)],
        [("start", "Hej, hur kan jag hjälpa?", "slut", (1, 1, 1), False)],
        live=True,
    )
    page = placed(scenario)
    client.force_login(learner)
    started = client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": page.pk})
    html = client.get(started.url).content.decode().replace("&amp;", "&")
    assert f"{NEW}?sida={page.pk}&innehall=scenario:{scenario.uuid}" in html


def test_a_lecture_offers_the_link(client, learner, lecture):
    client.force_login(learner)
    html = client.get(lecture.url).content.decode()
    assert f'href="{url(lecture)}"' in html
    assert client.post(url(lecture), form_data()).status_code == 302
    assert Feedback.objects.get().subject_title == "Projektets steg"
