"""``manage.py import_package FILE.zip``: import or update a course from a package,
in the foreground. Refused packages exit non-zero with the reason on stderr."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sharing.importing import CONFLICT, LOCAL, import_package, inspect
from sharing.package import PackageError


class Command(BaseCommand):
    help = (
        "Import a course from a sharing package, or update the course imported "
        "from an earlier version of it. Everything is checked before anything is "
        "written, and the import is all or nothing. Pages changed both here and in "
        "the package keep the local version unless --take-theirs is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--keep-local",
            action="store_true",
            help="Keep this site's version of content changed on both sides (default).",
        )
        choice.add_argument(
            "--take-theirs",
            action="store_true",
            help="Take the package's version of content changed on both sides.",
        )
        parser.add_argument("--user", help="The user the new revisions are made by.")

    def handle(self, *args, file, keep_local, take_theirs, user, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user is called “{user}”.")
        try:
            plan = inspect(file)
            decisions = {}
            if take_theirs:
                # The package's version of everything changed here, also of what
                # an earlier import of this version kept as edited here.
                decisions = {
                    item.uuid: "theirs"
                    for item in plan.items
                    if item.status in (CONFLICT, LOCAL)
                }
            result = import_package(file, decisions=decisions, user=account)
        except FileNotFoundError as error:
            raise CommandError(f"There is no file {file}.") from error
        except PackageError as error:
            raise CommandError(
                f"The package was not imported: {error.message}"
            ) from error
        counts = plan.counts()
        if not result.changed:
            self.stdout.write(
                f"“{result.course.title}” is up to date: nothing changed."
            )
            return
        self.stdout.write(
            f"{'Updated' if plan.update else 'Imported'} “{result.course.title}”: "
            f"{len(result.created)} new, {len(result.updated)} updated, "
            f"{len(result.kept_local)} kept as edited here."
        )
        if counts[CONFLICT] and not take_theirs:
            self.stderr.write(
                f"{counts[CONFLICT]} changed both here and in the package: the local "
                "version was kept (--take-theirs takes the package's)."
            )
