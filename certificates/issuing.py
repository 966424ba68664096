from django.db import IntegrityError, transaction

from progress.completion import progress_for
from progress.states import ProgressState

from .models import Certificate


def learner_name(user) -> str:
    return user.get_full_name() or user.get_username()


def issue_if_complete(user, course) -> Certificate | None:
    """The learner's certificate for ``course``, issued if they just completed it."""
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    (progress,) = progress_for(user, [course])
    if not progress.complete:
        return None
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                user=user,
                course=course,
                learner_name=learner_name(user),
                course_title=course.title,
            )
    except IntegrityError:  # issued by a concurrent request
        return Certificate.objects.get(user=user, course=course)


def on_activity_progressed(sender, user, activity, summary, **kwargs) -> None:
    """Issue the certificate the moment the last requirement is met."""
    if activity.course_id and ProgressState(summary.state).is_done:
        issue_if_complete(user, activity.course)
