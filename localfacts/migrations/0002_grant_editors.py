"""Editors fill in the installation's local facts (Settings → Local facts) and
read the report of the facts each course uses (``view``)."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("localfacts", "0001_local_facts"),
        ("users", "0002_create_roles"),
    ]

    operations = [grant(EDITOR, "localfacts", "localfacts", ["change", "view"])]
