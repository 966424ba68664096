import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from certificates.models import Certificate
from circles.models import CircleMembership, can_see_all_circles
from courses.models import CoursePage, TopicPage

from . import personal_data, xapi
from .activities import activity_for_page
from .completion import progress_for
from .forms import StatementForm
from .models import Activity, ActivityProgress
from .recording import Result, StatementConflict, record


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
        course_progress.certificate = certificates.get(course_progress.course.pk)
    return render(
        request,
        "progress/dashboard.html",
        {"progress": progress, "urls": urls},
    )


@login_required
@require_POST
def mark_complete(request, page_id: int):
    """The learner marks a topic as done (Moodle's manual completion)."""
    topic = get_object_or_404(TopicPage.objects.live(), pk=page_id)
    for restriction in topic.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied
    record(request.user, activity_for_page(topic), "completed")
    messages.success(request, _("Marked as done."))
    return HttpResponseRedirect(topic.get_url(request))


@login_required
@require_POST
def statements(request):
    """Statements from the browser (lecture player, H5P): JSON in, JSON out.

    The client sends its own statement id, so a retry after a network error is stored
    once. CSRF protection applies as to any POST.
    """
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse(
            {"errors": {"__all__": [_("Send a JSON object.")]}}, status=400
        )
    form = StatementForm(payload)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    data = form.cleaned_data
    activity = Activity.objects.filter(uuid=data["activity"]).first()
    if activity is None:
        return JsonResponse(
            {"errors": {"activity": [_("There is no activity with this id.")]}},
            status=400,
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
    return response


@login_required
@require_GET
def xapi_export(request):
    """All statements as streamed xAPI JSON, for an LRS; editors only."""
    if not can_see_all_circles(request.user):
        raise PermissionDenied
    response = StreamingHttpResponse(
        xapi.stream_json(xapi.statements_queryset(), request),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="xapi-statements.json"'
    return response
