"""Editors import courses (``add_importjob``) and see, follow, review, cancel and
discard every import job: they share the work. Learners and circle leaders get
nothing here."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "imports", "importjob", ["add", "view", "change", "delete"])
    ]
