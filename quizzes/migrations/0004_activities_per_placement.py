"""A quiz's records move to the activity of the page each attempt was taken on."""

from django.db import migrations

from progress.rekeying import split_by_placement


def forwards(apps, schema_editor):
    split_by_placement(apps, "quiz", "quizzes.Attempt", "quiz")


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_attempts_per_placement"),
        ("progress", "0002_activity_content_uuid"),
        ("courses", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
