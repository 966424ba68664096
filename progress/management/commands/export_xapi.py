from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from progress import xapi


class Command(BaseCommand):
    help = "Write every statement as an xAPI JSON array, for a Learning Record Store."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="Only statements from this date (YYYY-MM-DD)."
        )
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, since=None, output=None, **options):
        statements = xapi.statements_queryset()
        if since:
            try:
                day = datetime.strptime(since, "%Y-%m-%d").date()
            except ValueError as error:
                raise CommandError(
                    "Give --since as YYYY-MM-DD, e.g. 2026-01-31."
                ) from error
            statements = statements.filter(timestamp__date__gte=day)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                for chunk in xapi.stream_json(statements):
                    handle.write(chunk)
        else:
            for chunk in xapi.stream_json(statements):
                self.stdout.write(chunk, ending="")
            self.stdout.write("")
