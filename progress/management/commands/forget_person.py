from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ecirkel.personal_data import ErasureRefused, forget


class Command(BaseCommand):
    help = (
        "Remove a person's personal data (GDPR art. 17), as each app declares it "
        "(ecirkel/personal_data.py). By default the person is anonymised: name, "
        "e-mail, login and certificates go, their progress stays as anonymous "
        "statistics. With --delete every row about them is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the person and all their progress instead of anonymising.",
        )

    def handle(self, username, delete=False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}.")
        try:
            forget(user, delete=delete)
        except ErasureRefused as refusal:
            raise CommandError(str(refusal)) from None
        if delete:
            self.stdout.write(f"Deleted {username} and everything about them.")
        else:
            self.stdout.write(f"Anonymised {username}; now {user.username}.")
