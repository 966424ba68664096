"""The one place pages ask for a learner's state in an activity.

Every learner-facing view that shows progress (the mindmap's nodes now; the dashboard,
lectures, quizzes and role-plays later) asks ``states_for`` and nothing else, so the
progress records can grow behind it without touching the pages. Until activities report
progress, nothing has been recorded and every activity is NOT_STARTED.

States are per learner, so they are looked up per request and never stored inside a
cached fragment of a page.
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")


def states_for(user, activity_ids: Iterable[int]) -> dict[int, ProgressState]:
    """The learner's state for each activity (page id); missing ids are NOT_STARTED.

    Anonymous visitors have no progress: the answer is always empty. Returns an empty
    mapping until the progress records exist, so that callers already treat "absent"
    as "not started" and need no change when they do.
    """
    # No activity records progress yet (they will report through this app), so no
    # learner, signed in or not, has a state other than NOT_STARTED.
    return {}
