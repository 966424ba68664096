"""Editors manage study circles and see every circle's report."""

from django.db import migrations

from users.roles import EDITOR

CIRCLE_PERMISSIONS = [
    "add_studycircle",
    "change_studycircle",
    "delete_studycircle",
    "view_studycircle",
]


def add_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITOR).first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="circles", model="studycircle"
    )
    for codename in CIRCLE_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        editors.permissions.add(permission)


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITOR).first()
    if editors is not None:
        editors.permissions.remove(
            *editors.permissions.filter(
                content_type__app_label="circles", codename__in=CIRCLE_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_create_roles"),
        ("circles", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
