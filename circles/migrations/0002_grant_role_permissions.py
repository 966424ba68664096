"""Editors manage study circles in the admin and see every circle's report
("view": ``StudyCircle.objects.visible_to``); circle leaders need no permission to see
the circles they lead."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("circles", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "circles", "studycircle", ["add", "change", "delete", "view"])
    ]
