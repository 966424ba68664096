"""Editors keep the question bank and assemble quizzes: add, change, publish, delete."""

from django.db import migrations

from users.roles import EDITOR, grant

ACTIONS = ["add", "change", "delete", "publish", "view"]


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0005_six_decimals_for_numbers"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "quizzes", "question", ACTIONS),
        grant(EDITOR, "quizzes", "quiz", ACTIONS),
    ]
