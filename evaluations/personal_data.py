"""What the course evaluations keep about a person (the registry:
``ecirkel.personal_data``): their invitations, and their answers to evaluations that
are not anonymous. Answers to an anonymous evaluation have no key to anyone, so they
cannot be found for the download or erased: the invitation says so."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise, Delete


def present_invitation(invitation, person) -> dict:
    evaluation = invitation.evaluation
    row = {
        "evaluation": evaluation.title,
        "course": evaluation.course.title,
        "invited_at": invitation.invited_at,
        "answered": invitation.answered,
        "anonymous": evaluation.anonymous,
    }
    if evaluation.anonymous and invitation.answered:
        row["note"] = _(
            "The evaluation is anonymous: your answers were saved without your name, "
            "so nobody, E-cirkel included, can find them."
        )
    return row


def present_response(response, person) -> dict:
    return {
        "evaluation": response.evaluation.title,
        "submitted_on": response.submitted_on,
        "answers": [
            {
                "question": answer.question.text,
                "answer": answer.get_value_display() if answer.value else answer.text,
            }
            for answer in response.answers.all()
        ],
    }


personal_data.register(
    "evaluations.invitation",
    ["user"],
    title=gettext_lazy("Course evaluations you were invited to"),
    present=present_invitation,
    select_related=["evaluation__course"],
    erase=Delete(),
)
personal_data.register(
    "evaluations.response",
    ["user"],
    title=gettext_lazy("Your answers to course evaluations that are not anonymous"),
    present=present_response,
    select_related=["evaluation"],
    prefetch_related=["answers__question"],
    # The answers stay in the results, no longer tied to anyone.
    erase=Anonymise(user=None),
)
