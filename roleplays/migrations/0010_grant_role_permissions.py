"""Editors write role-play scenarios: add, change, publish and delete them."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("roleplays", "0009_pass_mark"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(
            EDITOR, "roleplays", "scenario", ["add", "change", "delete", "publish", "view"]
        )
    ]
