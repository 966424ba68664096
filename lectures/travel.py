"""How lectures travel in a sharing package (the registry: ``sharing.travel``): the
page with its video, poster, chapters and caption tracks as WebVTT text (the
uploaded file is not needed: ``vtt`` holds it). Video and audio files in a package
are checked with the same sniffing as uploads."""

from django.utils.translation import gettext as _

from sharing import travel

from . import captions, mediafiles
from .models import LecturePage


def check_lecture(data: dict) -> str | None:
    """Every caption track must be WebVTT the lecture can show."""
    for track in data.get("children", {}).get("caption_tracks", []):
        try:
            _kind, cues = captions.parse(str(track.get("vtt") or "").encode())
        except captions.CaptionError as error:
            return _("The captions of “%(title)s” cannot be read: %(error)s") % {
                "title": data.get("fields", {}).get("title", ""),
                "error": error,
            }
        if not cues:
            return _("The captions of “%(title)s” are empty.") % {
                "title": data.get("fields", {}).get("title", "")
            }
    return None


travel.register(
    LecturePage, order=60, exclude=["caption_tracks.upload"], check=check_lecture
)


def check_media(data: dict, field_name: str, head: bytes) -> str | None:
    """A video or audio file must be one the lectures and practice calls can play."""
    if field_name != "file":
        return None
    kind = mediafiles.sniff(head)
    media_type = data.get("fields", {}).get("type")
    kinds = mediafiles.VIDEO_KINDS if media_type == "video" else mediafiles.AUDIO_KINDS
    if kind not in kinds:
        return _("“%(title)s” is not a video or audio file E-cirkel can play.") % {
            "title": data.get("fields", {}).get("title", "")
        }
    return None


travel.check_files("wagtailmedia.media", check_media)
