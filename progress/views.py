"""The ledger's own endpoints: statements from the browser, a learner's data, the
xAPI export. Min utveckling is ``dashboard.views``; "Markera som klar" is
``courses.views``."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from ecirkel import personal_data

from . import reporting, xapi
from .forms import StatementForm
from .models import Activity
from .recording import Result, StatementConflict, record


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
