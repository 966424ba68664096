"""Mina synpunkter: a learner's own feedback (also the anonymous), the editors'
replies to it, and nobody else's; the form's in-place answers for feedback.js; the
personal data download."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecirkel.personal_data import registry
from feedback.models import Feedback, FeedbackNote, FeedbackReply
from tests.feedback.conftest import form_data

MINE = "/mina-synpunkter/"
INLINE = {"HTTP_X_FEEDBACK_INLINE": "1"}

pytestmark = pytest.mark.django_db


def send(client, user, topic, **fields):
    client.force_login(user)
    client.post(f"/synpunkter/ny/?sida={topic.pk}", form_data(**fields))
    return Feedback.objects.latest("pk")


def test_content_on_a_page_is_named_with_its_kind(client, learner, topic, course):
    """A quiz or practice call may share its page's title; the list says which."""
    from tests.feedback.conftest import make_feedback

    for subject, title in [
        (Feedback.Subject.QUIZ, "Kontaktcenter i siffror"),
        (Feedback.Subject.SCENARIO, "En vanlig fråga: löst direkt"),
        (Feedback.Subject.PAGE, "Vad är KC?"),
    ]:
        make_feedback(
            topic, course, sender=learner, subject=subject, subject_title=title
        )
    client.force_login(learner)
    html = client.get(MINE).content.decode()
    assert "Quiz: Kontaktcenter i siffror" in html
    assert "Övningssamtal: En vanlig fråga: löst direkt" in html
    assert "Sida: Vad är KC?" not in html and "Vad är KC?</a>" in html


def test_mina_synpunkter_needs_a_login(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "logga-in" in response.url


def test_a_learner_sees_their_own_and_their_anonymous_feedback_only(
    client, learner, other_learner, topic
):
    send(client, learner, topic, text="Under mitt namn")
    send(client, learner, topic, text="Anonymt från Lisa", anonymous="on")
    send(client, other_learner, topic, text="Stinas egna")
    send(client, other_learner, topic, text="Stinas anonyma", anonymous="on")
    client.force_login(learner)
    html = client.get(MINE).content.decode()
    assert "Under mitt namn" in html and "Anonymt från Lisa" in html
    assert "Stina" not in html
    assert html.index("Anonymt från Lisa") < html.index("Under mitt namn")  # newest
    client.force_login(other_learner)
    html = client.get(MINE).content.decode()
    assert "Stinas egna" in html and "Stinas anonyma" in html
    assert "Lisa" not in html and "Under mitt namn" not in html


def test_replies_show_to_the_sender_once_as_new_and_never_notes(
    client, learner, other_learner, editor, topic
):
    feedback = send(client, learner, topic, anonymous="on")
    FeedbackReply.objects.create(feedback=feedback, author=editor, text="Tack, rättat!")
    FeedbackNote.objects.create(feedback=feedback, author=editor, text="INTERN-NOTE")
    feedback.status = Feedback.Status.RESOLVED
    feedback.save()
    client.force_login(learner)
    html = client.get(MINE).content.decode()
    assert "Tack, rättat!" in html and "Nytt svar" in html and "Åtgärdad" in html
    assert "INTERN-NOTE" not in html and editor.username not in html
    assert FeedbackReply.objects.get().seen
    assert "Nytt svar" not in client.get(MINE).content.decode()
    client.force_login(other_learner)
    assert "Tack, rättat!" not in client.get(MINE).content.decode()


def test_min_utveckling_counts_unread_replies(client, learner, editor, topic):
    feedback = send(client, learner, topic)
    client.force_login(learner)
    assert "nytt svar" not in client.get("/min-utveckling/").content.decode()
    FeedbackReply.objects.create(feedback=feedback, author=editor, text="Svar 1")
    FeedbackReply.objects.create(feedback=feedback, author=editor, text="Svar 2")
    html = client.get("/min-utveckling/").content.decode()
    assert 'href="/mina-synpunkter/"' in html and "2 nya svar" in html


def test_the_page_is_linked_only_while_it_is_live(client, learner, topic):
    send(client, learner, topic)
    client.force_login(learner)
    assert f'href="{topic.url}"' in client.get(MINE).content.decode()
    topic.unpublish()
    html = client.get(MINE).content.decode()
    assert f'href="{topic.url}"' not in html and topic.title in html


def test_the_list_is_paged_by_twenty(client, learner, topic):
    for n in range(21):
        Feedback.objects.create(
            page=topic, subject_title="T", kind="other", text=f"nr {n}", sender=learner
        )
    client.force_login(learner)
    first = client.get(MINE).content.decode()
    assert first.count('class="my-feedback__item"') == 20
    assert "?sida=2" in first
    assert client.get(MINE + "?sida=2").content.decode().count("my-feedback__item") == 1


def test_the_list_takes_the_same_queries_for_two_items_as_for_twenty(
    client, learner, course
):
    """Each item links its page if the learner may view it: the pages and their view
    restrictions are read once for the whole list, not once an item."""
    topics = [page.specific for page in course.get_descendants()]
    assert len(topics) >= 2

    def count_for(number):
        Feedback.objects.all().delete()
        for n in range(number):
            page = topics[n % len(topics)]
            feedback = Feedback.objects.create(
                page=page, subject_title="T", kind="other", text="x", sender=learner
            )
            FeedbackReply.objects.create(feedback=feedback, text="Tack")
        client.force_login(learner)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(MINE).content.decode()
        assert html.count('class="my-feedback__item"') == number
        return len(captured.captured_queries)

    count_for(1)  # the first request reads what later ones find cached
    assert count_for(2) == count_for(20)


# The answers feedback.js gets


def test_the_form_comes_alone_for_feedback_js(client, learner, topic):
    client.force_login(learner)
    response = client.get(f"/synpunkter/ny/?sida={topic.pk}", **INLINE)
    html = response.content.decode()
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert "X-Feedback-Inline" in response["Vary"]


def test_sending_in_place_answers_with_the_confirmation(client, learner, topic):
    client.force_login(learner)
    address = f"/synpunkter/ny/?sida={topic.pk}"
    errors = client.post(address, {"text": "Behåll mig"}, **INLINE)
    assert "Behåll mig</textarea>" in errors.content.decode()
    assert "data-feedback-errors" in errors.content.decode()
    sent = client.post(address, form_data(), **INLINE)
    html = sent.content.decode()
    assert sent.status_code == 200 and "data-feedback-sent" in html
    assert "Tack för dina synpunkter!" in html and "<html" not in html
    assert Feedback.objects.count() == 1


# Personal data


def test_the_download_shows_feedback_with_replies_but_no_notes(
    client, learner, editor, topic
):
    named = send(client, learner, topic, text="Med namn")
    anonymous = send(client, learner, topic, text="Utan namn", anonymous="on")
    FeedbackReply.objects.create(
        feedback=anonymous, author=editor, text="Svaret", seen=True
    )
    FeedbackNote.objects.create(feedback=named, author=editor, text="INTERN-NOTE")
    data = registry.export(learner)
    rows = data["tables"]["feedback.feedback"]["rows"]
    assert {row["text"] for row in rows} == {"Med namn", "Utan namn"}
    assert [r["text"] for row in rows for r in row["replies"]] == ["Svaret"]
    assert "INTERN-NOTE" not in str(data)
    editors = registry.export(editor)
    assert "INTERN-NOTE" in str(editors["tables"]["feedback.feedbacknote"])
    assert "Med namn" not in str(editors)


def test_forgetting_a_sender_keeps_the_feedback_without_them(
    client, learner, editor, topic
):
    send(client, learner, topic, text="Med namn")
    anonymous = send(client, learner, topic, text="Utan namn", anonymous="on")
    anonymous.assigned_to = editor
    anonymous.save()
    registry.forget(learner)
    assert Feedback.objects.filter(sender=None, sender_token="").count() == 2
    registry.forget(editor)
    assert Feedback.objects.filter(assigned_to__isnull=False).count() == 0


def test_feedback_being_handled_says_so(client, learner, topic):
    feedback = send(client, learner, topic)
    client.force_login(learner)
    assert "Ny</span>" in client.get(MINE).content.decode()
    Feedback.objects.filter(pk=feedback.pk).update(status=Feedback.Status.IN_PROGRESS)
    assert "Under behandling</span>" in client.get(MINE).content.decode()
