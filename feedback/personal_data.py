"""What feedback keeps about a person (the registry: ``ecirkel.personal_data``).

A sender's feedback is theirs, also what they sent anonymously: that is found by
``sender_token``, the keyed hash only this installation can compute for them. Their
download shows each with the editors' replies, never the editors' internal notes or
who handled it. An editor's handling (assignment, notes, replies) is their work on
other people's feedback; it stays with the feedback when the editor is forgotten,
without their name.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise

from .models import sender_token


def is_sender(feedback, person) -> bool:
    return feedback.sender_id == person.pk or (
        feedback.anonymous and feedback.sender_token == sender_token(person)
    )


def present_feedback(feedback, person) -> dict:
    """Feedback the person sent, with the replies; feedback only assigned to them
    (an editor) by what it is about, without the sender's words."""
    if not is_sender(feedback, person):
        return {
            "your_role": str(_("assigned to you")),
            "about": feedback.subject_title,
            "status": str(feedback.get_status_display()),
            "sent_at": feedback.created_at,
        }
    return {
        "your_role": str(_("sent by you")),
        "about": feedback.subject_title,
        "kind": str(feedback.get_kind_display()),
        "rating": feedback.rating,
        "text": feedback.text,
        "anonymous": feedback.anonymous,
        "status": str(feedback.get_status_display()),
        "sent_at": feedback.created_at,
        "replies": [
            {"text": reply.text, "sent_at": reply.created_at, "seen": reply.seen}
            for reply in feedback.replies.all()
        ],
    }


def forget_feedback(rows, person) -> None:
    """The sender's feedback stays for the editors (what was said about the
    course) with nothing left that ties it to them, no sender and no token. An
    editor's assignment is dropped: the feedback goes back to the shared inbox."""
    token = sender_token(person)
    rows.filter(Q(sender=person) | Q(sender_token=token)).update(
        sender=None, sender_token=""
    )
    rows.filter(assigned_to=person).update(assigned_to=None)


def present_handling(obj, person) -> dict:
    """An editor's note or reply: their own words, and which feedback it was on."""
    return {
        "feedback_about": obj.feedback.subject_title,
        "text": obj.text,
        "written_at": obj.created_at,
    }


personal_data.register(
    "feedback.feedback",
    ["sender", "assigned_to"],
    match=lambda person: Q(sender_token=sender_token(person)),
    title=_("Feedback you have given or been assigned"),
    present=present_feedback,
    prefetch_related=["replies"],
    erase=forget_feedback,
)
personal_data.register(
    "feedback.feedbackreply",
    ["author"],
    title=_("Answers you have written to feedback"),
    present=present_handling,
    select_related=["feedback"],
    # The sender keeps the answer they were given; it no longer says who wrote it.
    erase=Anonymise(author=None),
)
personal_data.register(
    "feedback.feedbacknote",
    ["author"],
    title=_("Internal notes you have written on feedback"),
    present=present_handling,
    select_related=["feedback"],
    # The editors' record of how feedback was handled stays, without the name.
    erase=Anonymise(author=None),
)
