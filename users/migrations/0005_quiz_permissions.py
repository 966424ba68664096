"""Editors assemble quizzes: add, change, publish and delete them."""

from django.db import migrations

from users.roles import EDITOR

CODENAMES = ["add_quiz", "change_quiz", "delete_quiz", "publish_quiz",
             "view_quiz"]


def add_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=EDITOR).first()
    if editors is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model="quiz")
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
                content_type__app_label="quizzes", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_question_bank_permissions"),
        ("quizzes", "0002_quizzes_and_attempts"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
