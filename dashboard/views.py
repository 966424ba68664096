"""Min utveckling: what the learner follows, how far they have come, what is next.

It combines the layers below it: the courses the learner has progress in or follows
through a study circle, the ledger's completion rules, and their certificates.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from certificates.models import Certificate
from circles.models import CircleMembership
from courses.models import CoursePage
from ecirkel import caching, locales
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
    # The courses the learner has progress in or follows through a circle: one
    # query (two subqueries).
    followed = Q(
        pk__in=ActivityProgress.objects.filter(
            user=user, activity__course__isnull=False
        ).values("activity__course_id")
    ) | Q(pk__in=CircleMembership.objects.filter(user=user).values("circle__courses"))
    # The courses' locales (their language marks) from the cache: no query per course.
    courses = locales.attach(
        CoursePage.objects.live().filter(followed).order_by("path")
    )
    progress = progress_for(user, courses)
    page_ids = sorted({req.page_id for p in progress for req, _mark, _met in p.items})
    # The addresses of the required pages are the same for everyone: kept.
    urls = caching.fragment(
        "page-urls",
        request.get_host(),
        *page_ids,
        build=lambda: {
            page.pk: page.get_url(request)
            for page in Page.objects.filter(pk__in=page_ids)
        },
    )
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
