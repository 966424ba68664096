"""Editors keep the question bank: add, change, publish and delete questions."""

from django.db import migrations

from users.migrations._permissions import grant, revoke

CODENAMES = ["add_question", "change_question", "delete_question", "publish_question", "view_question"]


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_circle_permissions"),
        ("quizzes", "0001_question_bank"),
    ]

    operations = [
        migrations.RunPython(grant("quizzes", "question", CODENAMES), revoke("quizzes", CODENAMES))
    ]
