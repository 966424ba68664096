import json

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from progress.activities import activity_for_page
from progress.recording import Result, record

from . import ranges
from .models import CaptionTrack, LecturePage, WatchProgress


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


@login_required
@require_http_methods(["GET", "POST"])
def watched(request, uuid):
    """GET: where the learner stopped and how much they have watched (for resuming).
    POST: the player's report of the ranges played and the position; merged into the
    learner's ranges, completion at 90 % of the lecture, reported to progress."""
    lecture = visible_lecture(request, uuid)
    duration = lecture.length
    if request.method == "GET":
        progress = WatchProgress.objects.filter(
            user=request.user, lecture=lecture
        ).first()
        return JsonResponse(
            {
                "position": progress.position if progress else 0,
                "watched": round(progress.watched_seconds, 1) if progress else 0,
                "duration": duration,
                "completed": bool(progress and progress.completed),
            }
        )
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
        new_ranges = ranges.clean(payload.get("ranges", []), duration)
        position = float(payload.get("position", 0))
        if not 0 <= position <= max(duration, 0):
            raise ranges.RangeError(_("The position lies outside the lecture."))
    except ranges.RangeError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except (TypeError, ValueError):
        return JsonResponse(
            {"error": _("Send a JSON object with ranges and position.")}, status=400
        )

    activity = activity_for_page(lecture, kind="lecture")
    with transaction.atomic():
        progress, _created = WatchProgress.objects.select_for_update().get_or_create(
            user=request.user, lecture=lecture
        )
        before = progress.watched_seconds
        merged = ranges.merge([tuple(r) for r in progress.ranges] + new_ranges)
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
        }
    )
