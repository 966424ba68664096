"""Videos uploaded before their length was read from the file have length 0, so their
lectures could never be completed: read it now. A file that is missing or cannot be
read keeps 0, and its lecture asks for the length when it is next published."""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)


def read_lengths(apps, schema_editor):
    from lectures import mediafiles

    Media = apps.get_model("wagtailmedia", "Media")
    for media in Media.objects.filter(duration__lte=0).exclude(file="").iterator():
        try:
            with media.file.open("rb") as handle:
                kind = mediafiles.sniff(handle.read(mediafiles.HEAD_BYTES))
                seconds = kind and mediafiles.duration(handle, kind)
        except (OSError, ValueError):
            logger.warning("The media file %s could not be opened.", media.file.name)
            continue
        if seconds:
            Media.objects.filter(pk=media.pk).update(duration=seconds)


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0004_explain_video_length"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(read_lengths, migrations.RunPython.noop)]
