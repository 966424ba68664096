from django.core.management.base import BaseCommand

from courses.demo.content import DEMO_ACCOUNTS
from courses.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Load the demo course “Kontaktcenter i kommunen” and the demo accounts. "
        "Safe to run again: it creates only what is missing and changes nothing else."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        loader = DemoLoader(log=self.stdout.write if verbose else None)
        created = loader.run()
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded: {created} objects created.")
            )
        else:
            self.stdout.write("Demo already loaded: nothing to do.")
        self.stdout.write("Demo accounts (username / password):")
        for username, password, *_rest, group, superuser in DEMO_ACCOUNTS:
            role = "superuser" if superuser else group
            self.stdout.write(f"  {username} / {password}  ({role})")
