import json
import uuid as uuid_module
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)
from django_ratelimit.core import is_ratelimited

from progress.activities import activity_for_page
from progress.recording import Result, record

from . import ranges
from .models import CaptionTrack, LecturePage, ViewingSession, WatchProgress


def visible_lecture(request, uuid) -> LecturePage:
    """The live lecture, if the visitor may see its page (Wagtail's privacy rules)."""
    lecture = get_object_or_404(LecturePage.objects.live(), uuid=uuid)
    for restriction in lecture.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return lecture


def track_for(request, uuid, language) -> tuple[LecturePage, CaptionTrack]:
    lecture = visible_lecture(request, uuid)
    track = get_object_or_404(CaptionTrack, page=lecture, language=language)
    return lecture, track


@require_GET
def track_vtt(request, uuid, language):
    """The captions as WebVTT: for <track>, and as a download with ?download."""
    lecture, track = track_for(request, uuid, language)
    response = HttpResponse(track.vtt, content_type="text/vtt; charset=utf-8")
    if "download" in request.GET:
        name = f"{slugify(lecture.title)}.{language}.vtt"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def transcript_txt(request, uuid, language):
    """The transcript as plain text, one caption per paragraph, with times."""
    lecture, track = track_for(request, uuid, language)
    lines = [lecture.title, ""]
    for cue in track.cue_rows.all():
        minutes, seconds = divmod(int(cue.start), 60)
        lines.append(f"[{minutes:02d}:{seconds:02d}] {cue.text}")
    response = HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
    name = f"{slugify(lecture.title)}.{language}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


SESSION_LIFETIME = timedelta(hours=12)


def resume_info(user, lecture: LecturePage) -> dict:
    progress = WatchProgress.objects.filter(user=user, lecture=lecture).first()
    return {
        "position": progress.position if progress else 0,
        "watched": round(progress.watched_seconds, 1) if progress else 0,
        "duration": lecture.length,
        "completed": bool(progress and progress.completed),
    }


@login_required
@require_POST
def start_viewing(request, uuid):
    """The player opens a viewing session when the page loads; watch reports name it,
    and the server credits no more than could have been played since (ranges.budget).
    Answers with the session id and where the learner left off."""
    if is_ratelimited(
        request, group="lectures.viewing", key="user", rate="30/m", increment=True
    ):
        return JsonResponse(
            {"error": _("Too many viewings at once. Wait a minute and try again.")},
            status=429,
        )
    lecture = visible_lecture(request, uuid)
    now = timezone.now()
    # Sessions matter only within their lifetime; older ones go when a new one opens.
    ViewingSession.objects.filter(
        user=request.user, lecture=lecture, started_at__lt=now - SESSION_LIFETIME
    ).delete()
    session = ViewingSession.objects.create(
        user=request.user, lecture=lecture, started_at=now
    )
    return JsonResponse(
        {"session": str(session.pk), **resume_info(request.user, lecture)}
    )


def read_report(request, duration: float):
    """(session id, ranges, position) from a watch report; raises RangeError."""
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        raise ranges.RangeError(_("Send a JSON object with ranges and position."))
    new_ranges = ranges.clean(payload.get("ranges", []), duration)
    try:
        position = float(payload.get("position", 0))
    except (TypeError, ValueError, OverflowError):
        position = -1
    if not 0 <= position < float("inf"):
        raise ranges.RangeError(_("The position lies outside the lecture."))
    # The browser knows the file's exact length, which can be a little longer than the
    # stored one: the position is kept inside the lecture, never refused for it.
    return payload.get("session"), new_ranges, min(position, max(duration, 0))


@login_required
@require_http_methods(["GET", "POST"])
def watched(request, uuid):
    """GET: where the learner stopped and how much they have watched (for resuming).
    POST: the player's report of the ranges played and the position in its viewing
    session; credited up to what the session's time allows, merged into the learner's
    ranges, completion at 90 % of the lecture, reported to progress."""
    lecture = visible_lecture(request, uuid)
    duration = lecture.length
    if request.method == "GET":
        return JsonResponse(resume_info(request.user, lecture))
    try:
        session_id, new_ranges, position = read_report(request, duration)
    except ranges.RangeError as error:
        return JsonResponse({"error": str(error)}, status=400)

    activity = activity_for_page(lecture, kind="lecture")
    with transaction.atomic():
        session = (
            ViewingSession.objects.select_for_update()
            .filter(
                pk=session_id if is_uuid(session_id) else None,
                user=request.user,
                lecture=lecture,
                started_at__gte=timezone.now() - SESSION_LIFETIME,
            )
            .first()
        )
        if session is None:
            return JsonResponse(
                {
                    "error": _(
                        "This viewing session has ended or does not exist. Reload "
                        "the page to go on watching."
                    )
                },
                status=400,
            )
        # The budget covers all the learner's recent sessions of this lecture together,
        # counted from the first: opening many sessions at once (or one after another)
        # gives no more time than watching in one.
        recent = list(
            ViewingSession.objects.filter(
                user=request.user,
                lecture=lecture,
                started_at__gte=timezone.now() - SESSION_LIFETIME,
            ).exclude(pk=session.pk)
        )
        first_start = min([session.started_at, *(s.started_at for s in recent)])
        elapsed = (timezone.now() - first_start).total_seconds()
        used = sum(ranges.watched([tuple(r) for r in s.ranges]) for s in recent)
        wanted = ranges.merge([tuple(r) for r in session.ranges] + new_ranges)
        credited = ranges.within_budget(wanted, ranges.budget(elapsed) - used)
        clipped = ranges.watched(credited) < ranges.watched(wanted)
        session.ranges = [list(r) for r in credited]
        session.save(update_fields=["ranges"])

        progress, _created = WatchProgress.objects.select_for_update().get_or_create(
            user=request.user, lecture=lecture
        )
        before = progress.watched_seconds
        # Exactly what was credited joins what the learner had: closing small gaps
        # here would let slivers from two sessions add up to time nobody played.
        merged = ranges.merge(
            [tuple(r) for r in progress.ranges] + credited, tolerance=0
        )
        progress.ranges = [list(r) for r in merged]
        progress.watched_seconds = ranges.watched(merged)
        progress.position = position
        newly_complete = not progress.completed and ranges.is_complete(merged, duration)
        progress.completed = progress.completed or newly_complete
        progress.save()
        gained = max(0, round(progress.watched_seconds - before))
        if gained:
            record(
                request.user,
                activity,
                "progressed",
                result=Result(duration=gained),
                context={
                    "watched": round(progress.watched_seconds, 1),
                    "position": position,
                },
            )
        if newly_complete:
            record(request.user, activity, "completed", result=Result(completion=True))
    return JsonResponse(
        {
            "watched": round(progress.watched_seconds, 1),
            "duration": duration,
            "completed": progress.completed,
            "clipped": clipped,
        }
    )


def is_uuid(value) -> bool:
    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True
