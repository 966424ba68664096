import mimetypes

from django import template

register = template.Library()


@register.filter
def timestamp(seconds) -> str:
    """83.4 → "01:23"; 3723 → "1:02:03"."""
    total = int(float(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@register.filter
def video_type(url: str) -> str:
    return mimetypes.guess_type(url)[0] or "video/mp4"


@register.inclusion_tag("lectures/includes/player.html", takes_context=True)
def lecture_player(context, lecture, heading_level=2):
    request = context.get("request")
    tracks = list(lecture.caption_tracks.all())
    main = lecture.main_track(tracks)
    start = None
    if request is not None:
        try:
            start = max(0, int(float(request.GET.get("t", ""))))
        except (ValueError, OverflowError):  # not a number, or ?t=inf
            start = None
    return {
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "lecture": lecture,
        "tracks": tracks,
        "main_track": main,
        "cues": list(main.cue_rows.all()) if main else [],
        "chapters": list(lecture.chapters.all()),
        "start": start,
        "heading_level": heading_level,
    }
