from django.dispatch import Signal

# Sent by progress.recording.record after a learner's summary changed, inside the same
# transaction: sender=ActivityProgress, user, activity, summary.
activity_progressed = Signal()
