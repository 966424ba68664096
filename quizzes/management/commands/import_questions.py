from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.formats import tag_problem
from quizzes.importing import import_questions


class Command(BaseCommand):
    help = (
        "Import questions from a Moodle GIFT or Aiken file into the question bank. "
        "Unsupported questions (essays, descriptions) are listed and skipped; a "
        "malformed file is refused with its line numbers and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["gift", "aiken"], required=True)
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            help="Tag every question, e.g. --tag Socialtjänst (repeatable).",
        )

    def handle(self, file, format, tag, **options):
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        for name in tag:
            problem = tag_problem(name)
            if problem:
                raise CommandError(problem)
        result = import_questions(file.read_bytes(), format, tags=tag)
        for line, reason in result.skipped:
            self.stdout.write(f"Skipped line {line}: {reason}")
        if not result.ok:
            lines = "\n".join(
                f"  line {line}: {reason}" for line, reason in result.errors
            )
            raise CommandError(f"Nothing was imported; fix these lines first:\n{lines}")
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(result.questions)} questions.")
        )
