from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.models import DemoRecord
from ecirkel.demo import DemoLoader, registered_parts

FORCE = "--force-on-production"


class Command(BaseCommand):
    help = (
        "Load the demo course “Kontaktcenter i kommunen” and the demo accounts: the "
        "demo parts of every installed app (ecirkel/demo.py). "
        "Safe to run again: it creates only what it never created before and changes "
        "nothing, so what an administrator renamed or deleted stays so. Refused unless "
        f"the settings allow the demo (ECIRKEL_ALLOW_DEMO) or {FORCE} is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            FORCE,
            action="store_true",
            help=(
                "Load the demo even though the settings do not allow it (production). "
                "It creates accounts such as admin/admin that anyone can guess."
            ),
        )

    def handle(self, *args, **options):
        if not getattr(settings, "ECIRKEL_ALLOW_DEMO", False):
            if not options["force_on_production"]:
                raise CommandError(
                    "The demo was not loaded: it creates accounts with passwords "
                    "anyone can guess (admin/admin), and these settings do not allow "
                    "it (ECIRKEL_ALLOW_DEMO is off, as in production). Use the "
                    f"development settings, or add {FORCE} if you really want the "
                    "demo on this site."
                )
            self.stderr.write(
                self.style.WARNING(
                    f"Loading the demo on production settings because of {FORCE}: "
                    "the demo accounts below have passwords anyone can guess; change "
                    "or delete them before anyone else can reach this site."
                )
            )
        verbose = options["verbosity"] > 1
        parts = registered_parts()
        loader = DemoLoader(DemoRecord, log=self.stdout.write if verbose else None)
        created = loader.run(parts)
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded: {created} objects created.")
            )
        else:
            self.stdout.write("Demo already loaded: nothing to do.")
        for part in parts:
            for line in part.summary(loader) if part.summary else ():
                self.stdout.write(line)
