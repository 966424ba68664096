"""The migration from ``FeedbackReply.read_at`` (a shared timestamp) to ``seen``
keeps which replies were read."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("feedback", "0003_labels")]
AFTER = [("feedback", "0004_reply_seen")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# migrated_db starts from the migrated state whatever ran before (Django's
# serialized_rollback did not: after another transactional test's flush had made the
# content types again under new ids, restoring its copy failed on them).
@pytest.mark.django_db(transaction=True)
def test_read_replies_stay_seen_and_unread_ones_stay_new(migrated_db, editor, topic):
    old = migrate(BEFORE)
    Feedback = old.get_model("feedback", "Feedback")
    Reply = old.get_model("feedback", "FeedbackReply")
    feedback = Feedback.objects.create(
        page_id=topic.pk, subject_title="Ämne", kind="error", text="Fel"
    )
    read = Reply.objects.create(
        feedback=feedback, author_id=editor.pk, text="Läst", read_at=timezone.now()
    )
    unread = Reply.objects.create(feedback=feedback, author_id=editor.pk, text="Ny")
    try:
        new = migrate(AFTER)
        Reply = new.get_model("feedback", "FeedbackReply")
        assert Reply.objects.get(pk=read.pk).seen is True
        assert Reply.objects.get(pk=unread.pk).seen is False
        assert "read_at" not in {f.name for f in Reply._meta.get_fields()}
    finally:
        migrate(AFTER)
