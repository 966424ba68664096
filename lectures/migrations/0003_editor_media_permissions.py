"""Editors upload videos for lectures and recordings for practice calls.

wagtailmedia checks its permissions per collection (as Wagtail does for images and
documents), so the editors' group gets add_media and change_media both as model
permissions and on the root collection. Choosing media in the chooser needs change_media:
wagtailmedia has no choose_media permission.
"""

from django.db import migrations

from users.migrations._permissions import grant, revoke
from users.roles import EDITOR

CODENAMES = ["add_media", "change_media"]


def grant_on_root_collection(apps, schema_editor):
    grant("wagtailmedia", "media", CODENAMES)(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.filter(name=EDITOR).first()
    root = Collection.objects.filter(depth=1).first()
    if editors is None or root is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailmedia", codename__in=CODENAMES
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=root, permission=permission
        )


def revoke_on_root_collection(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name=EDITOR,
        permission__content_type__app_label="wagtailmedia",
        permission__codename__in=CODENAMES,
    ).delete()
    revoke("wagtailmedia", CODENAMES)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0002_viewing_sessions"),
        ("users", "0002_create_roles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [
        migrations.RunPython(grant_on_root_collection, revoke_on_root_collection)
    ]
