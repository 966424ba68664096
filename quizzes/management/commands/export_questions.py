from django.core.management.base import BaseCommand

from quizzes.importing import export_gift
from quizzes.models import Question


class Command(BaseCommand):
    help = "Write the question bank (or the questions with --tag) as a GIFT file."

    def add_arguments(self, parser):
        parser.add_argument("--tag", help="Only questions with this tag.")
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, tag=None, output=None, **options):
        questions = Question.objects.filter(live=True).order_by("pk")
        if tag:
            questions = questions.filter(tags__name=tag)
        text = export_gift(questions)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
