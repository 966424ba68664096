"""Editors assemble quizzes: add, change, publish and delete them."""

from django.db import migrations

from users.migrations._permissions import grant, revoke

CODENAMES = ["add_quiz", "change_quiz", "delete_quiz", "publish_quiz", "view_quiz"]


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_question_bank_permissions"),
        ("quizzes", "0002_quizzes_and_attempts"),
    ]

    operations = [
        migrations.RunPython(grant("quizzes", "quiz", CODENAMES), revoke("quizzes", CODENAMES))
    ]
