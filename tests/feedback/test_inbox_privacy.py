"""What the inbox must never show: who sent anonymous feedback, live markup from
what senders and editors typed, and formulas in the CSV export."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ecirkel.spreadsheets import FORMULA_START
from feedback.models import Feedback, FeedbackNote, FeedbackReply

from .conftest import XSS, make_feedback

INBOX = "feedback_inbox:index"


def handle_url(feedback):
    return reverse("feedback_inbox:edit", args=[feedback.pk])


def export(client, **params) -> tuple[str, list[list[str]]]:
    response = client.get(reverse(INBOX), {"export": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    return body, list(
        csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";")
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def secrets_of(user):
    return [user.username, user.first_name, user.last_name, user.email]


def assert_nothing_names(text: str, user, feedback):
    for secret in [*secrets_of(user), feedback.sender_token]:
        assert secret not in text, secret


# Anonymity


def test_the_inbox_never_shows_who_sent_anonymous_feedback(
    editor_client, anonymous_feedback, anna
):
    response = editor_client.get(reverse(INBOX))
    assert_nothing_names(response.text, anna, anonymous_feedback)
    assert "Anonym" in response.text


def test_the_handling_view_never_shows_who_sent_anonymous_feedback(
    editor_client, anonymous_feedback, anna
):
    response = editor_client.get(handle_url(anonymous_feedback))
    assert_nothing_names(response.text, anna, anonymous_feedback)
    assert "Anonym" in response.text


def test_the_delete_confirmation_never_shows_the_sender(
    editor_client, anonymous_feedback, anna
):
    url = reverse("feedback_inbox:delete", args=[anonymous_feedback.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert_nothing_names(response.text, anna, anonymous_feedback)


def test_the_export_never_names_an_anonymous_sender(
    editor_client, anonymous_feedback, named_feedback, anna, learner
):
    body, rows = export(editor_client)
    assert_nothing_names(body, anna, anonymous_feedback)
    senders = {row[8] for row in rows[1:]}
    assert senders == {"Anonym", learner.first_name}


def test_the_admin_has_no_inspect_view_or_other_listing_of_feedback_fields(
    editor_client, anonymous_feedback
):
    from django.urls import NoReverseMatch

    for name in ["inspect", "add", "copy", "history", "usage"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"feedback_inbox:{name}", args=[anonymous_feedback.pk])
    assert (
        editor_client.get(
            f"/admin/synpunkter/inspect/{anonymous_feedback.pk}/"
        ).status_code
        == 404
    )
    # Feedback is no snippet: no generic snippet listing shows its fields.
    assert editor_client.get("/admin/snippets/feedback/feedback/").status_code in {
        302,
        404,
    }


def test_an_anonymous_sender_is_never_emailed_and_the_editor_is_told(
    editor_client, anonymous_feedback, anna, django_capture_on_commit_callbacks
):
    """Finding the person behind the token to e-mail them would put their address
    next to the item's title in the mail logs: anonymous feedback is answered only
    under Mina synpunkter, and the reply form says so."""
    form = editor_client.get(handle_url(anonymous_feedback)).text
    assert "Avsändaren är anonym och får inget e-postmeddelande" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            handle_url(anonymous_feedback),
            {"action": "reply", "reply-text": "Tack, vi lägger till exempel."},
            follow=True,
        )
    assert response.status_code == 200
    assert "får inget e-postmeddelande" in response.text
    assert_nothing_names(response.text, anna, anonymous_feedback)
    assert mail.outbox == []
    reply = FeedbackReply.objects.get()
    assert reply.feedback == anonymous_feedback


def test_the_reply_finds_no_one_by_token(anonymous_feedback, anna):
    from feedback import notifications

    assert notifications.recipient(anonymous_feedback) is None
    assert not notifications.can_be_answered_by_email(anonymous_feedback)


def test_a_reply_belongs_to_its_feedback_only(
    editor_client, anonymous_feedback, named_feedback
):
    editor_client.post(
        handle_url(named_feedback), {"action": "reply", "reply-text": "Bara till dig."}
    )
    assert list(named_feedback.replies.values_list("text", flat=True)) == [
        "Bara till dig."
    ]
    assert not anonymous_feedback.replies.exists()


# Markup typed by senders and editors stays text


@pytest.fixture
def hostile(topic, course, editor):
    feedback = make_feedback(
        topic, course, subject_title=XSS[1], text=XSS[0] + XSS[1], rating=1
    )
    FeedbackNote.objects.create(feedback=feedback, author=editor, text=XSS[0])
    FeedbackReply.objects.create(feedback=feedback, author=editor, text=XSS[1])
    return feedback


def assert_inert(text: str):
    assert "<script>alert(1)" not in text
    assert "<img src=x onerror" not in text
    assert "onerror=alert(1)>" not in text


def test_markup_in_feedback_is_inert_in_the_inbox(editor_client, hostile):
    response = editor_client.get(reverse(INBOX))
    assert_inert(response.text)
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_markup_in_feedback_notes_and_replies_is_inert_in_the_handling_view(
    editor_client, hostile
):
    response = editor_client.get(handle_url(hostile))
    assert_inert(response.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_markup_in_feedback_is_inert_on_the_page_edit_view(
    editor_client, hostile, topic
):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk]))
    assert response.status_code == 200
    assert_inert(response.text)


def test_markup_in_the_export_is_plain_text(editor_client, hostile):
    _body, rows = export(editor_client)
    row = rows[1]
    assert XSS[1] in row  # the subject title, exactly as typed
    assert XSS[0] + XSS[1] in row


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","Klicka")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"],
)
def test_formulas_in_the_export_are_neutralised(editor_client, topic, course, text):
    make_feedback(topic, course, subject_title=text, text=text)
    body, rows = export(editor_client)
    assert body.startswith("\ufeff")
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    assert rows[1][3] == "'" + text
    assert rows[1][9] == "'" + text


def test_the_export_has_the_columns_and_follows_the_filters(
    editor_client, editor, topic, course, named_feedback
):
    other = make_feedback(
        course.get_children().get(slug="forstudie"),
        course,
        kind=Feedback.Kind.PRAISE,
        assigned_to=editor,
        status=Feedback.Status.RESOLVED,
    )
    FeedbackReply.objects.create(feedback=other, author=editor, text="Tack")
    _body, rows = export(editor_client, kind="praise")
    assert rows[0] == [
        "Datum",
        "Kurs",
        "Sida",
        "Gäller",
        "Typ",
        "Betyg",
        "Status",
        "Tilldelad",
        "Avsändare",
        "Synpunkter",
        "Antal svar",
        "Senaste svar",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[1:5] == ["Testkurs", "Förstudie", "Förstudie", "Beröm"]
    assert row[6:9] == [
        "Åtgärdad",
        editor.get_full_name() or editor.username,
        "Besökare",
    ]
    assert row[10:] == ["1", "Tack"]


def test_the_export_has_a_dated_name_and_the_latest_reply_neutralised(
    editor_client, editor, named_feedback
):
    FeedbackReply.objects.create(feedback=named_feedback, author=editor, text="Först")
    FeedbackReply.objects.create(
        feedback=named_feedback, author=editor, text="=HYPERLINK(1)"
    )
    response = editor_client.get(reverse(INBOX), {"export": "csv"})
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="synpunkter-{today}.csv"'
    )
    _body, rows = export(editor_client)
    assert rows[1][10:] == ["2", "'=HYPERLINK(1)"]


def test_the_export_says_when_feedback_is_about_a_quiz(editor_client, topic, course):
    make_feedback(
        topic,
        course,
        subject=Feedback.Subject.QUIZ,
        subject_title="Kontaktcenter i siffror",
    )
    _body, rows = export(editor_client)
    header, row = rows
    assert row[header.index("Gäller")] == "Quiz: Kontaktcenter i siffror"
