"""Editors handle feedback in the inbox ("Synpunkter"): they see it, change its
status and assignment, delete it, and answer the sender (``reply_feedback``).
Learners and circle leaders get nothing here: they see only their own feedback, in
"Mina synpunkter", which needs no permission."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(
            EDITOR,
            "feedback",
            "feedback",
            ["view", "change", "delete", "reply_feedback"],
        )
    ]
