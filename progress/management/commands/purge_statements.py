from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from progress.models import Statement


class Command(BaseCommand):
    help = (
        "Delete statements older than PROGRESS_STATEMENT_RETENTION_DAYS. The learners' "
        "summaries (state, best score, time) are kept. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period for this run.",
        )

    def handle(self, days=None, **options):
        days = settings.PROGRESS_STATEMENT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise ValueError("The retention period cannot be negative.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = Statement.objects.filter(timestamp__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} statements older than {days} days.")
