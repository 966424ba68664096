"""Editors manage study circles and see every circle's report."""

from django.db import migrations

from users.migrations._permissions import grant, revoke

CODENAMES = ["add_studycircle", "change_studycircle", "delete_studycircle", "view_studycircle"]


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_create_roles"),
        ("circles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(grant("circles", "studycircle", CODENAMES), revoke("circles", CODENAMES))
    ]
