"""Editors may read every learner's statements: the xAPI export for a Learning Record
Store (``progress.view_statement``)."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_activity_content_uuid"),
        ("users", "0002_create_roles"),
    ]

    operations = [grant(EDITOR, "progress", "statement", ["view"])]
