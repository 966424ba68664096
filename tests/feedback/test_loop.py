"""The whole loop, as issue 12 is done when it works: a learner reports an error on a
topic, the editor sees it in the inbox and on the page's edit view, fixes the page,
answers, and the learner sees the answer in "Mina synpunkter" (and is e-mailed)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_an_error_report_goes_round_the_loop(
    topic, learner, editor, django_capture_on_commit_callbacks
):
    learner.email = "lisa@example.se"
    learner.save()
    reporting, editing = Client(), Client()
    reporting.force_login(learner)
    editing.force_login(editor)

    # The learner reports the error from the topic.
    assert "Ge synpunkter" in reporting.get(topic.url).text
    sent = reporting.post(
        f"{reverse('feedback:new')}?sida={topic.pk}",
        form_data(text="Det står 85 % men kursen säger 70–80 % på ett annat ställe."),
    )
    assert sent.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.page_id, feedback.sender, feedback.status) == (
        topic.pk,
        learner,
        Feedback.Status.NEW,
    )

    # The editor finds it in the inbox and on the topic's edit view.
    assert "Det står 85 %" in editing.get(reverse("feedback_inbox:index")).text
    handling = reverse("feedback_inbox:edit", args=[feedback.pk])
    edit_view = editing.get(reverse("wagtailadmin_pages:edit", args=[topic.pk])).text
    assert "Öppna synpunkter på sidan: 1." in edit_view
    assert handling in edit_view

    # … fixes the page and answers, closing it.
    topic.summary = "Ett KC kan svara på upp till 85 % av frågorna direkt."
    topic.save_revision(user=editor).publish()
    with django_capture_on_commit_callbacks(execute=True):
        answered = editing.post(
            handling,
            {
                "action": "reply",
                "reply-text": "Tack! Vi har förtydligat texten.",
                "reply-status": Feedback.Status.RESOLVED,
            },
        )
    assert answered.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.RESOLVED

    # The learner sees the answer in Mina synpunkter and got an e-mail about it.
    mine = reporting.get(reverse("feedback:mine")).text
    assert "Tack! Vi har förtydligat texten." in mine
    assert "Åtgärdad" in mine
    (message,) = [m for m in mail.outbox if m.to == ["lisa@example.se"]]
    assert reverse("feedback:mine") in message.body

    # Nobody else sees it.
    other = Client()
    other.force_login(type(learner).objects.create_user("olle"))
    assert "förtydligat" not in other.get(reverse("feedback:mine")).text
