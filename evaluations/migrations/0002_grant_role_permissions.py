"""Editors (project leaders) write course evaluations and read every result
("view": the whole course and every circle); circle leaders need no permission to
read their own circles' results."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "evaluations", "evaluation", ["add", "change", "delete", "view"])
    ]
