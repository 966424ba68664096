"""Activities get the shared UUID of their content, so a quiz or a role-play can have
one activity per page that places it (see progress/activities.py)."""

from django.db import migrations, models


def copy_uuid(apps, schema_editor):
    Activity = apps.get_model("progress", "Activity")
    Activity.objects.update(content_uuid=models.F("uuid"))


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_progress_records")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="content_uuid",
            field=models.UUIDField(null=True, verbose_name="content identifier"),
        ),
        migrations.RunPython(copy_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="content_uuid",
            field=models.UUIDField(db_index=True, verbose_name="content identifier"),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                fields=("content_uuid", "page"), name="one_activity_per_placement"
            ),
        ),
    ]
