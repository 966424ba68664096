"""Recording a learner's answers: once, and, when anonymous, without the learner."""

from django.db import transaction
from django.utils import timezone

from circles.models import CircleMembership

from .models import Answer, Invitation, Response


def circle_of(user, course):
    """The learner's study circle that follows the course (the earliest joined), or
    None: results are shown per circle."""
    membership = (
        CircleMembership.objects.filter(user=user, circle__courses=course)
        .select_related("circle")
        .order_by("joined_at", "pk")
        .first()
    )
    return membership.circle if membership else None


def submit(invitation: Invitation, answers) -> bool:
    """Record the answers and mark the invitation answered, in one transaction; False
    if it was answered already (a double submit records one response).

    The invitation row is locked first, so two submits at once are serialised and
    the second sees ``answered``. An anonymous response has no user and only the
    day; the invitation records that the learner answered, not when or what.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.answered:
            return False
        evaluation = locked.evaluation
        response = Response.objects.create(
            evaluation=evaluation,
            circle=circle_of(locked.user, evaluation.course_id),
            user=None if evaluation.anonymous else locked.user,
            submitted_on=timezone.localdate(),
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=question, value=value, text=text)
            for question, value, text in answers
        )
        locked.answered = True
        locked.save(update_fields=["answered"])
    return True
