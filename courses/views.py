from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from progress.activities import activity_for_page
from progress.models import ActivityProgress
from progress.recording import record
from progress.states import ProgressState

from .models import TopicPage


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
