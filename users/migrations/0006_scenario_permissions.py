"""Editors write role-play scenarios: add, change, publish and delete them."""

from django.db import migrations

from users.migrations._permissions import grant, revoke

CODENAMES = ["add_scenario", "change_scenario", "delete_scenario", "publish_scenario", "view_scenario"]


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0005_quiz_permissions"),
        ("roleplays", "0001_scenarios"),
    ]

    operations = [
        migrations.RunPython(grant("roleplays", "scenario", CODENAMES), revoke("roleplays", CODENAMES))
    ]
