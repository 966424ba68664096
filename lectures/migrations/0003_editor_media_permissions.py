"""Editors upload videos for lectures and recordings for practice calls.

wagtailmedia checks its permissions per collection (as Wagtail does for images and
documents), so the editors' group gets add_media and change_media both as model
permissions and on the root collection. Choosing media in the chooser needs change_media:
wagtailmedia has no choose_media permission.
"""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0002_viewing_sessions"),
        ("users", "0002_create_roles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [
        grant(EDITOR, "wagtailmedia", "media", ["add", "change"], on_root_collection=True)
    ]
