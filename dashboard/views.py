"""Min utveckling: what the learner follows, how far they have come, what is next.

It combines the layers below it: the courses the learner has progress in or follows
through a study circle, the ledger's completion rules, and their certificates.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from certificates.models import Certificate
from circles.models import CircleMembership
from courses.models import CoursePage
from evaluations.models import Invitation
from progress.completion import progress_for
from progress.models import ActivityProgress


def pending_evaluations(user):
    """The open course evaluations the learner is invited to and has not answered."""
    return [
        invitation.evaluation
        for invitation in Invitation.objects.filter(
            user=user, answered=False, evaluation__is_open=True
        )
        .select_related("evaluation__course")
        .order_by("invited_at")
    ]


@login_required
@require_GET
def dashboard(request):
    """Min utveckling: each course the learner follows, what is done, what is next."""
    user = request.user
    course_ids = set(
        ActivityProgress.objects.filter(user=user, activity__course__isnull=False)
        .values_list("activity__course_id", flat=True)
        .distinct()
    ) | set(
        CircleMembership.objects.filter(user=user).values_list(
            "circle__courses", flat=True
        )
    )
    courses = (
        CoursePage.objects.live().filter(pk__in=course_ids - {None}).order_by("path")
    )
    progress = progress_for(user, courses)
    page_ids = {req.page_id for p in progress for req, _mark, _met in p.items}
    urls = {
        page.pk: page.get_url(request) for page in Page.objects.filter(pk__in=page_ids)
    }
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
            "urls": urls,
            "pending_evaluations": pending_evaluations(user),
        },
    )
