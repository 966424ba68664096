"""``FeedbackReply.read_at`` becomes the flag ``seen``: one visit to Mina synpunkter
marked every unread reply with the same timestamp, which tied a sender's anonymous
and named feedback together. Replies already read stay read."""

from django.db import migrations, models


def keep_read_state(apps, schema_editor):
    FeedbackReply = apps.get_model("feedback", "FeedbackReply")
    FeedbackReply.objects.filter(read_at__isnull=False).update(seen=True)


def restore_read_at(apps, schema_editor):
    """Going back, a seen reply gets a read time again (when it was written: the
    real time is no longer known, which is the point)."""
    FeedbackReply = apps.get_model("feedback", "FeedbackReply")
    FeedbackReply.objects.filter(seen=True).update(read_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_labels")]

    operations = [
        migrations.AddField(
            model_name="feedbackreply",
            name="seen",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(keep_read_state, restore_read_at),
        migrations.RemoveField(model_name="feedbackreply", name="read_at"),
    ]
