"""The demo lecture: files made by make_lecture.py, described here for the loader.

A part of ``manage.py load_demo`` (see ``ecirkel.demo``): the lecture is placed under
the demo topic ``LECTURE["topic"]``, so it is loaded after the course's pages.
"""

import json
from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model

from ecirkel.demo import DemoPart, demo_uuid, register
from lectures.models import CaptionTrack, Chapter, LecturePage

ASSETS = Path(__file__).resolve().parent / "assets"

LECTURE = {
    "slug": "projektets-steg",
    "topic": "projektorganisation",
    "title": "Föreläsning: Projektets steg",
    "summary": "Per går igenom stegen i ett KC-projekt: förstudien, resursberäkningen, "
    "processanalysen och kontrakten med förvaltningarna.",
    "description": "<p>En kort föreläsning byggd på bilderna om projektorganisationen. "
    "Följ med i transkriptionen bredvid videon, klicka på en mening för att hoppa dit, "
    "eller sök efter ett ord.</p>",
    "duration": 90.2,
    "video": ASSETS / "projektets-steg.webm",
    "poster": ASSETS / "projektets-steg.png",
    "captions": ASSETS / "projektets-steg.sv.vtt",
    "chapters": ASSETS / "projektets-steg.chapters.json",
}


def load(loader) -> None:
    data = LECTURE
    key_uuid = demo_uuid(data["slug"])
    topic = loader.objects.get(f"topic:{data['topic']}")
    loader.ensure(
        f"lecture:{data['slug']}",
        LecturePage,
        LecturePage.objects.filter(uuid=key_uuid).first,
        lambda: make_lecture(loader, data, key_uuid, topic),
    )


def make_lecture(loader, data, key_uuid, topic) -> LecturePage | None:
    if topic is None:
        return None
    Media = get_media_model()
    with data["video"].open("rb") as handle:
        video = Media(
            title=data["title"],
            type="video",
            duration=data["duration"],
            width=640,
            height=360,
            file=File(handle, name=data["video"].name),
        )
        video.save()
    Image = get_image_model()
    with data["poster"].open("rb") as handle:
        poster = Image(
            title=data["title"], file=ImageFile(handle, name=data["poster"].name)
        )
        poster.save()
    chapters = json.loads(data["chapters"].read_text(encoding="utf-8"))
    lecture = LecturePage(
        uuid=key_uuid,
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        video=video,
        poster=poster,
        duration=data["duration"],
        description=data["description"],
    )
    lecture.caption_tracks = [
        CaptionTrack(language="sv", vtt=data["captions"].read_text(encoding="utf-8"))
    ]
    lecture.chapters = [Chapter(start=c["start"], title=c["title"]) for c in chapters]
    topic.add_child(instance=lecture)
    lecture.save_revision().publish()
    return loader.counted(lecture, f"Created the lecture “{lecture.title}”.", count=3)


register(DemoPart("lectures", load, after=("courses",)))
