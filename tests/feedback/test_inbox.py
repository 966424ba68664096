"""The editors' inbox "Synpunkter": listing, filters, search, the handling view's
status flow, assignment, notes and replies."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from feedback.models import Feedback, FeedbackNote, FeedbackReply
from users.factories import UserFactory
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER

from .conftest import make_feedback

INBOX = "feedback_inbox:index"


def handle_url(feedback):
    return reverse("feedback_inbox:edit", args=[feedback.pk])


def listed(client, **params):
    """The pks of the feedback the inbox lists for ``params``."""
    response = client.get(reverse(INBOX), params)
    assert response.status_code == 200
    return {row.pk for row in response.context["object_list"]}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Listing, filters, search


def test_the_about_column_names_quizzes_and_practice_calls(
    editor_client, topic, course
):
    make_feedback(
        topic, course, subject=Feedback.Subject.QUIZ, subject_title="KC i siffror"
    )
    make_feedback(
        topic,
        course,
        subject=Feedback.Subject.SCENARIO,
        subject_title="En vanlig fråga: löst direkt",
    )
    text = editor_client.get(reverse(INBOX)).text
    assert "Quiz: KC i siffror" in text
    assert "Övningssamtal: En vanlig fråga: löst direkt" in text


def test_the_inbox_lists_feedback_newest_first(
    editor_client, anonymous_feedback, named_feedback
):
    response = editor_client.get(reverse(INBOX))
    rows = list(response.context["object_list"])
    assert rows == [named_feedback, anonymous_feedback]
    assert "Siffran stämmer inte." in response.text  # the start of what was said
    assert "Vad är KC?" in response.text


def test_filters_narrow_the_inbox(
    editor_client, editor, course, topic, anonymous_feedback, named_feedback
):
    other_page = course.get_children().get(slug="forstudie")
    on_other = make_feedback(
        other_page,
        course,
        kind=Feedback.Kind.PRAISE,
        rating=5,
        status=Feedback.Status.RESOLVED,
        assigned_to=editor,
    )
    everything = {anonymous_feedback.pk, named_feedback.pk, on_other.pk}
    assert listed(editor_client) == everything
    assert listed(editor_client, page=topic.pk) == {
        anonymous_feedback.pk,
        named_feedback.pk,
    }
    assert listed(editor_client, course=course.pk) == everything
    assert listed(editor_client, kind="praise") == {on_other.pk}
    assert listed(editor_client, status="resolved") == {on_other.pk}
    assert listed(editor_client, status="new") == {
        anonymous_feedback.pk,
        named_feedback.pk,
    }
    assert listed(editor_client, assigned_to=editor.pk) == {on_other.pk}
    assert listed(editor_client, rating=2) == {named_feedback.pk}


def test_the_date_filter_takes_a_range(
    editor_client, anonymous_feedback, named_feedback
):
    Feedback.objects.filter(pk=anonymous_feedback.pk).update(
        created_at="2026-01-15T10:00:00Z"
    )
    assert listed(
        editor_client, received_from="2026-01-01", received_to="2026-01-31"
    ) == {anonymous_feedback.pk}
    assert named_feedback.pk in listed(editor_client, received_from="2026-02-01")
    assert anonymous_feedback.pk not in listed(
        editor_client, received_from="2026-02-01"
    )


def test_search_finds_words_in_the_text_and_the_title(
    editor_client, course, anonymous_feedback, named_feedback
):
    other = make_feedback(
        course.get_children().get(slug="forstudie"), course, text="Tack!"
    )
    assert listed(editor_client, q="järfälla") == {anonymous_feedback.pk}
    assert listed(editor_client, q="förstudie") == {other.pk}
    assert listed(editor_client, q="inget sådant ord") == set()


def test_the_inbox_has_no_add_button_or_address(editor_client):
    response = editor_client.get(reverse(INBOX))
    assert "/admin/synpunkter/new/" not in response.text
    assert editor_client.get("/admin/synpunkter/new/").status_code == 404


# Status flow


def post(client, feedback, action, **data):
    fields = {"action": action} | {f"{action}-{k}": v for k, v in data.items()}
    return client.post(handle_url(feedback), fields)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("new", "in_progress"),
        ("new", "resolved"),
        ("new", "rejected"),
        ("in_progress", "resolved"),
        ("in_progress", "rejected"),
        ("resolved", "in_progress"),
        ("rejected", "in_progress"),
    ],
)
def test_allowed_status_changes_are_saved(editor_client, named_feedback, start, to):
    Feedback.objects.filter(pk=named_feedback.pk).update(status=start)
    response = post(editor_client, named_feedback, "status", status=to)
    assert response.status_code == 302
    named_feedback.refresh_from_db()
    assert named_feedback.status == to


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("in_progress", "new"),
        ("resolved", "rejected"),
        ("resolved", "new"),
        ("rejected", "resolved"),
        ("new", "closed"),
        ("new", "new"),
    ],
)
def test_other_status_changes_are_refused_and_nothing_is_saved(
    editor_client, named_feedback, start, to
):
    Feedback.objects.filter(pk=named_feedback.pk).update(status=start)
    response = post(editor_client, named_feedback, "status", status=to)
    assert response.status_code == 400
    assert "status-status-error" in response.text or "error-message" in response.text
    named_feedback.refresh_from_db()
    assert named_feedback.status == start


def test_changing_the_status_needs_change_feedback(client, named_feedback):
    viewer = UserFactory(username="tittare")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_feedback"),
    )
    client.force_login(viewer)
    assert client.get(handle_url(named_feedback)).status_code == 200
    response = post(client, named_feedback, "status", status="resolved")
    assert response.status_code == 302  # Wagtail's "no permission" redirect
    assert response.url == "/admin/"
    named_feedback.refresh_from_db()
    assert named_feedback.status == Feedback.Status.NEW


# Assignment


def test_feedback_can_be_assigned_to_an_editor_and_unassigned(
    editor_client, editor, named_feedback
):
    colleague = UserFactory(username="redaktor2", roles=[EDITOR])
    assert (
        post(
            editor_client, named_feedback, "assign", assigned_to=colleague.pk
        ).status_code
        == 302
    )
    named_feedback.refresh_from_db()
    assert named_feedback.assigned_to == colleague
    post(editor_client, named_feedback, "assign", assigned_to="")
    named_feedback.refresh_from_db()
    assert named_feedback.assigned_to is None


@pytest.mark.parametrize("role", [LEARNER, CIRCLE_LEADER])
def test_feedback_cannot_be_assigned_to_someone_who_is_not_an_editor(
    editor_client, named_feedback, role
):
    outsider = UserFactory(username="utomstaende", roles=[role])
    response = post(editor_client, named_feedback, "assign", assigned_to=outsider.pk)
    assert response.status_code == 400
    assert "Välj en redaktör" in response.text
    named_feedback.refresh_from_db()
    assert named_feedback.assigned_to is None


def test_an_inactive_editor_is_not_offered(editor_client, named_feedback):
    gone = UserFactory(username="slutat", roles=[EDITOR], is_active=False)
    response = editor_client.get(handle_url(named_feedback))
    choices = response.context["assign_form"].fields["assigned_to"].queryset
    assert gone not in choices
    assert (
        post(editor_client, named_feedback, "assign", assigned_to=gone.pk).status_code
        == 400
    )


# Notes


def test_a_note_is_saved_with_its_author_and_shown_in_the_history(
    editor_client, editor, named_feedback
):
    post(editor_client, named_feedback, "note", text="Kolla med förvaltningen.")
    note = FeedbackNote.objects.get(feedback=named_feedback)
    assert note.author == editor
    response = editor_client.get(handle_url(named_feedback))
    assert "Kolla med förvaltningen." in response.text
    assert "Intern anteckning" in response.text


def test_a_note_never_reaches_the_sender(editor_client, named_feedback):
    post(editor_client, named_feedback, "note", text="Intern: skribenten är sur.")
    assert mail.outbox == []
    assert not FeedbackReply.objects.filter(feedback=named_feedback).exists()
    # "Mina synpunkter" shows the sender FeedbackReply rows only.
    assert not FeedbackReply.objects.filter(text__contains="Intern").exists()


def test_a_too_long_note_is_refused_and_nothing_is_saved(editor_client, named_feedback):
    response = post(editor_client, named_feedback, "note", text="x" * 2001)
    assert response.status_code == 400
    assert not FeedbackNote.objects.exists()


def test_an_unknown_action_saves_nothing(editor_client, named_feedback):
    response = editor_client.post(handle_url(named_feedback), {"action": "explode"})
    assert response.status_code == 302
    named_feedback.refresh_from_db()
    assert named_feedback.status == Feedback.Status.NEW


# Replies


def test_a_reply_is_saved_moves_new_feedback_on_and_is_emailed(
    editor_client, editor, named_feedback, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(editor_client, named_feedback, "reply", text="Tack, rättat!")
    assert response.status_code == 302
    reply = FeedbackReply.objects.get()
    assert (reply.feedback, reply.author, reply.text) == (
        named_feedback,
        editor,
        "Tack, rättat!",
    )
    named_feedback.refresh_from_db()
    assert named_feedback.status == Feedback.Status.IN_PROGRESS
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "/mina-synpunkter/" in message.body
    assert "<" not in message.body  # plain text


def test_a_reply_can_set_the_status(editor_client, named_feedback):
    post(editor_client, named_feedback, "reply", text="Åtgärdat.", status="resolved")
    named_feedback.refresh_from_db()
    assert named_feedback.status == Feedback.Status.RESOLVED


def test_a_reply_with_a_forbidden_status_saves_nothing(editor_client, named_feedback):
    named_feedback.status = Feedback.Status.RESOLVED
    named_feedback.save()
    response = post(
        editor_client, named_feedback, "reply", text="Hej", status="rejected"
    )
    assert response.status_code == 400
    assert not FeedbackReply.objects.exists()
    assert mail.outbox == []


def test_a_too_long_reply_is_refused(editor_client, named_feedback):
    response = post(editor_client, named_feedback, "reply", text="x" * 4001)
    assert response.status_code == 400
    assert not FeedbackReply.objects.exists()


def test_replying_needs_reply_feedback(client, named_feedback):
    handler = UserFactory(username="handlaggare")
    handler.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_feedback"),
    )
    client.force_login(handler)
    response = post(client, named_feedback, "reply", text="Hej")
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not FeedbackReply.objects.exists()


def test_a_visitor_cannot_be_answered_by_email(
    editor_client, visitor_feedback, django_capture_on_commit_callbacks
):
    response = editor_client.get(handle_url(visitor_feedback))
    assert "kan inte levereras" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        post(editor_client, visitor_feedback, "reply", text="Tack!")
    assert mail.outbox == []
    assert FeedbackReply.objects.filter(feedback=visitor_feedback).count() == 1


def test_the_history_shows_notes_and_replies_with_author_and_time(
    editor_client, editor, named_feedback
):
    editor.first_name, editor.last_name = "Erik", "Redaktör"
    editor.save()
    post(editor_client, named_feedback, "note", text="Först en anteckning.")
    post(editor_client, named_feedback, "reply", text="Sedan ett svar.")
    response = editor_client.get(handle_url(named_feedback))
    history = response.context["history"]
    assert [item["type"] for item in history] == ["note", "reply"]
    text = response.text
    assert text.index("Först en anteckning.") < text.index("Sedan ett svar.")
    assert "Erik Redaktör" in text


def test_the_handling_view_links_to_the_page_and_its_edit_view(
    editor_client, named_feedback, topic
):
    response = editor_client.get(handle_url(named_feedback))
    assert reverse("wagtailadmin_pages:edit", args=[topic.pk]) in response.text
    assert topic.url in response.text
    assert named_feedback.text in response.text


def test_every_form_posts_with_csrf(editor_client, named_feedback):
    response = editor_client.get(handle_url(named_feedback))
    forms = response.text.count('method="post"')
    assert forms >= 4
    assert response.text.count("csrfmiddlewaretoken") >= forms


@pytest.mark.parametrize("role", [LEARNER, CIRCLE_LEADER])
def test_learners_and_leaders_get_neither_the_export_nor_the_handling_forms(
    client, named_feedback, role
):
    client.force_login(UserFactory(username="nagon", roles=[role]))
    response = client.get(reverse(INBOX), {"export": "csv"})
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    response = client.post(
        handle_url(named_feedback), {"action": "status", "status-status": "resolved"}
    )
    assert response.status_code == 302
    named_feedback.refresh_from_db()
    assert named_feedback.status == Feedback.Status.NEW


def test_the_menu_item_counts_new_feedback(editor_client, named_feedback, course):
    make_feedback(named_feedback.page, course, status=Feedback.Status.RESOLVED)
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert "Synpunkter (1 ny)" in response.text
    named_feedback.status = Feedback.Status.IN_PROGRESS
    named_feedback.save()
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert "Synpunkter (" not in response.text
    assert "Synpunkter" in response.text


def test_the_list_shows_the_start_of_a_long_text_only(editor_client, topic, course):
    make_feedback(topic, course, text="Början av texten. " + "mer " * 100 + "SLUTET")
    text = editor_client.get(reverse(INBOX)).text
    assert "Början av texten." in text
    assert "SLUTET" not in text
