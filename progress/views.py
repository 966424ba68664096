import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from certificates.models import Certificate
from circles.models import CircleMembership
from courses.models import CoursePage, TopicPage

from . import personal_data, reporting, xapi
from .activities import activity_for_page
from .completion import progress_for
from .forms import StatementForm
from .models import Activity, ActivityProgress
from .recording import Result, StatementConflict, record
from .states import ProgressState


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
        "progress/dashboard.html",
        {"progress": progress, "urls": urls},
    )


@login_required
@require_POST
def mark_complete(request, page_id: int):
    """The learner marks a topic as done (Moodle's manual completion). Marking a
    topic that is already done again changes nothing, also when two clicks arrive
    at the same moment (the summary row is locked while it is checked)."""
    if not 0 < page_id < 2**63:
        raise Http404
    topic = get_object_or_404(TopicPage.objects.live(), pk=page_id)
    for restriction in topic.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    activity = activity_for_page(topic)
    with transaction.atomic():
        summary, _created = ActivityProgress.objects.get_or_create(
            user=request.user, activity=activity
        )
        summary = ActivityProgress.objects.select_for_update().get(pk=summary.pk)
        if not ProgressState(summary.state).is_done:
            record(request.user, activity, "completed")
    messages.success(request, _("Marked as done."))
    return HttpResponseRedirect(topic.get_url(request))


def json_error(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=status)


@login_required
@require_POST
def statements(request):
    """Statements from browser-graded content (H5P): JSON in, JSON out.

    Only activities whose kind reports from the browser, with the verbs that kind may
    send, on pages the learner may view (see progress.reporting); everything else is
    recorded by the server code that grades or times it. The client sends its own
    statement id, so a retry after a network error is stored once. CSRF protection
    applies as to any POST; a learner may send ``reporting.RATE`` statements.
    """
    if is_ratelimited(
        request,
        group="progress.statements",
        key="user",
        rate=reporting.RATE,
        increment=True,
    ):
        return json_error(
            429, "__all__", _("Too many reports at once. Wait a minute and try again.")
        )
    if len(request.body) > reporting.MAX_BODY_BYTES:
        return json_error(413, "__all__", _("The report is too large."))
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        return json_error(400, "__all__", _("Send a JSON object."))
    form = StatementForm(payload)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    data = form.cleaned_data
    activity = (
        Activity.objects.filter(uuid=data["activity"]).select_related("page").first()
    )
    if activity is None:
        return json_error(400, "activity", _("There is no activity with this id."))
    verbs = reporting.BROWSER_VERBS.get(activity.kind)
    if verbs is None:
        return json_error(
            403,
            "activity",
            _(
                "This activity's progress is recorded by the server, not reported "
                "from the browser."
            ),
        )
    if data["verb"] not in verbs:
        return json_error(
            400, "verb", _("This kind of activity cannot report that verb.")
        )
    page = activity.page
    if page is None or not page.live:
        return json_error(400, "activity", _("There is no activity with this id."))
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return json_error(
                403, "activity", _("You may not take part in this activity.")
            )
    try:
        statement, created = record(
            request.user,
            activity,
            data["verb"],
            result=Result(
                score=data["score"],
                success=data["success"],
                completion=data["completion"],
                duration=data["duration"] or 0,
            ),
            statement_id=data["id"],
            context=data["context"],
        )
    except StatementConflict as error:
        return JsonResponse({"errors": {"id": [str(error)]}}, status=409)
    return JsonResponse(
        {"id": str(statement.pk), "stored": created}, status=201 if created else 200
    )


@login_required
@require_GET
def my_data(request):
    """Everything E-cirkel keeps about the signed-in person, as JSON (GDPR)."""
    response = JsonResponse(
        personal_data.export(request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def xapi_export(request):
    """All statements as streamed xAPI JSON, for an LRS; for whoever may view every
    statement (editors)."""
    if not request.user.has_perm("progress.view_statement"):
        raise PermissionDenied
    response = StreamingHttpResponse(
        xapi.stream_json(xapi.statements_queryset(), request),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="xapi-statements.json"'
    return response
