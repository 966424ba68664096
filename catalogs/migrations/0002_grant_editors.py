"""Editors publish this installation's catalog (the site setting "Katalog" and its
tokens) and follow other installations' catalogs (subscriptions). Importing a
course from a catalog also needs the permission to import (imports app)."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("catalogs", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "catalogs", "catalogsettings", ["change"]),
        grant(EDITOR, "catalogs", "catalogtoken", ["add", "change", "view", "delete"]),
        grant(
            EDITOR, "catalogs", "subscription", ["add", "change", "delete", "view"]
        ),
    ]
