"""Min utveckling: what the learner follows, how far they have come, what is next.

It combines the layers below it: the courses the learner has progress in or follows
through a study circle, the ledger's completion rules, and their certificates.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certificates.models import Certificate
from circles.models import CircleMembership
from courses.models import CoursePage
from ecirkel import locales
from evaluations.models import Evaluation
from progress.completion import progress_for
from progress.models import ActivityProgress

from .requirements import table_for


def pending_evaluations(user):
    """The open course evaluations the learner is invited to and has not answered:
    what the notice links to, and no more (the courses' rows are not needed)."""
    return list(
        Evaluation.objects.filter(
            invitations__user=user, invitations__answered=False, is_open=True
        )
        .order_by("invitations__invited_at")
        .only("uuid", "title")
    )


@login_required
@require_GET
def dashboard(request):
    """Min utveckling: each course the learner follows, what is done, what is next."""
    user = request.user
    # The courses the learner has progress in or follows through a circle: one
    # query (two subqueries).
    followed = Q(
        pk__in=ActivityProgress.objects.filter(
            user=user, activity__course__isnull=False
        ).values("activity__course_id")
    ) | Q(pk__in=CircleMembership.objects.filter(user=user).values("circle__courses"))
    # The courses' locales (their language marks) from the cache: no query per course.
    courses = locales.attach(
        CoursePage.objects.live()
        .filter(followed)
        .order_by("path")
        # What the cards show and link to: not the courses' other columns.
        .only("title", "path", "depth", "url_path", "locale_id", "live")
    )
    progress = progress_for(user, courses)
    for course_progress in progress:
        # The rows are the same for everyone (cached); the learner's cells go in.
        table = table_for(course_progress, request)
        course_progress.table = table.render(course_progress)
        if course_progress.next:
            course_progress.next_url = table.urls.get(course_progress.next.page_id)
    certificates = {
        c.course_id: c
        for c in Certificate.objects.filter(user=user, course__in=courses)
    }
    for course_progress in progress:
        # A certificate stays valid for the course as it was when it was issued; if
        # the course has grown since, the page says so instead of "completed".
        course_progress.certificate = certificates.get(course_progress.course.pk)
        course_progress.remaining = course_progress.total - course_progress.done
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "progress": progress,
            "pending_evaluations": pending_evaluations(user),
        },
    )
