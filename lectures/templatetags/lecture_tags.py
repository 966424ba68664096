import mimetypes

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ecirkel.caching import compact_html, fragment
from localfacts import facts as local_facts
from localfacts.kept import kept_content

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


def player_parts(lecture) -> dict:
    """What the player shows of a lecture that is the same for everyone: its
    tracks, transcript, chapters, the video's and the poster's addresses, its
    length and language. Six queries, kept under the content version (saving a
    lecture's media or publishing it builds them afresh)."""
    tracks = list(lecture.caption_tracks.all())
    main = lecture.main_track(tracks)
    poster_url = ""
    if lecture.poster_id and lecture.poster is not None:
        poster_url = lecture.poster.get_rendition("width-960").url
    video = lecture.video if lecture.video_id else None
    cues = list(main.cue_rows.all()) if main else []
    return {
        "tracks": tracks,
        "main_track": main,
        "cues": cues,
        "cues_name_facts": any("[[" in cue.text for cue in cues),
        "chapters": list(lecture.chapters.all()),
        "video_url": video.file.url if video is not None else "",
        "poster_url": poster_url,
        "length": lecture.length,
        "language": lecture.course_language,
    }


@register.filter
def open_to(lecture, request) -> bool:
    """Whether a lecture's player may be shown inside another page (a topic's lecture
    block) to this reader: the lecture has no view restriction, or only "logged in"
    ones and the reader is logged in. A lecture that only some may see (a group, a
    password) is linked instead and its own page decides; the topic's content is the
    same for every logged-in reader, so it cannot depend on their groups."""
    logged_in = bool(request and request.user.is_authenticated)
    return all(
        restriction.restriction_type == restriction.LOGIN and logged_in
        for restriction in lecture.get_view_restrictions()
    )


@register.simple_tag(takes_context=True)
def lecture_content(context):
    """A lecture page's content: breadcrumbs, player, transcript, description and
    attribution, the same for every logged-in reader but for the tokens of the
    watch reports: kept (``localfacts.kept``). Rendering it was about half of a
    learner's lecture page (issue 14)."""
    return kept_content(context, "lectures/includes/lecture_content.html")


@register.inclusion_tag("lectures/includes/player.html", takes_context=True)
def lecture_player(context, lecture, heading_level=2):
    request = context.get("request")
    start = None
    if request is not None:
        try:
            start = max(0, int(float(request.GET.get("t", ""))))
        except (ValueError, OverflowError):  # not a number, or ?t=inf
            start = None
    parts = fragment("lecture-player", lecture.pk, build=lambda: player_parts(lecture))
    return {
        "transcript": transcript_html(lecture, parts, request),
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "lecture": lecture,
        **parts,
        "start": start,
        "heading_level": heading_level,
    }


def transcript_html(lecture, parts, request) -> str:
    """The transcript's list, rendered once per content version (and language, and
    the local facts when a cue names one) and kept in the worker: a lecture's
    cues took a sixth of its page (five filters each, profiled, issue 14)."""
    if not parts["main_track"]:
        return ""
    facts = ()
    # (.get: parts kept before this key existed may name facts.)
    if parts.get("cues_name_facts", True):
        # What the filter shows depends on the site's facts and on whether the
        # visitor fills them in (an editor sees [[telefon]] highlighted).
        facts = (
            local_facts.signature(local_facts.current(request)),
            local_facts.is_editor(request),
        )

    def build() -> str:
        # Safe: rendered with autoescape; only the indentation is collapsed.
        return mark_safe(  # noqa: S308
            compact_html(
                render_to_string(
                    "lectures/includes/transcript.html",
                    {
                        "lecture": lecture,
                        "main_track": parts["main_track"],
                        "cues": parts["cues"],
                        "request": request,
                    },
                )
            )
        )

    return fragment(
        "lecture-transcript",
        lecture.pk,
        get_language(),
        *facts,
        build=build,
        keep_in_process=True,
    )
