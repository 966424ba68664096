"""Editors write role-play scenarios: add, change, publish and delete them."""

from django.db import migrations

from users.roles import EDITOR

CODENAMES = ["add_scenario", "change_scenario", "delete_scenario", "publish_scenario",
             "view_scenario"]


def add_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITOR).first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="roleplays", model="scenario")
    for codename in CODENAMES:
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
                content_type__app_label="roleplays", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0005_quiz_permissions"),
        ("roleplays", "0001_scenarios"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
