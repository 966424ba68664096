"""A role-play's records move to the activity of the page each attempt was taken on;
observed sessions stay with the activity they were recorded for."""

from django.db import migrations

from progress.rekeying import split_by_placement


def forwards(apps, schema_editor):
    split_by_placement(apps, "roleplay", "roleplays.RoleplayAttempt", "scenario")


class Migration(migrations.Migration):
    dependencies = [
        ("roleplays", "0004_observed_session_page"),
        ("progress", "0002_activity_content_uuid"),
        ("courses", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
