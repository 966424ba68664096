"""Publish this installation's catalog from the command line (the admin's Settings →
Catalog, Utbildning → Catalog tokens and each course's sharing settings do the
same): useful for scripts and for the README's two-installation walkthrough.

    manage.py publish_catalog --public --share introduktion-till-kontaktcenter
    manage.py publish_catalog --token --new-token "Grannkommunen"
    manage.py publish_catalog --off
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from wagtail.models import Site

from courses.models import CoursePage
from sharing.models import CourseSharing, SharingSettings

from ...models import CatalogSettings, CatalogToken
from ...publishing import shareable_courses


class Command(BaseCommand):
    help = "Publish (or stop publishing) this installation's catalog of courses."

    def add_arguments(self, parser):
        access = parser.add_mutually_exclusive_group()
        access.add_argument(
            "--public", action="store_true", help="Anyone may read the catalog."
        )
        access.add_argument(
            "--token",
            action="store_true",
            help="Only installations with a catalog token may read it.",
        )
        access.add_argument("--off", action="store_true", help="Stop publishing.")
        parser.add_argument(
            "--share",
            metavar="SLUG",
            action="append",
            default=[],
            help="Offer the course with this slug in the catalog (repeatable).",
        )
        parser.add_argument("--organisation", help="The name shown as the source.")
        parser.add_argument("--organisation-url", help="The organisation's address.")
        parser.add_argument(
            "--new-token",
            metavar="LABEL",
            help="Make a catalog token for LABEL and print it (shown only now).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site: run migrate first.")
        catalog = CatalogSettings.for_site(site)
        catalog.published = not options["off"]
        if options["public"]:
            catalog.access = CatalogSettings.Access.PUBLIC
        elif options["token"]:
            catalog.access = CatalogSettings.Access.TOKEN
        catalog.save()
        sharing_settings = SharingSettings.for_site(site)
        if options["organisation"] is not None:
            sharing_settings.organisation = options["organisation"]
        if options["organisation_url"] is not None:
            sharing_settings.organisation_url = options["organisation_url"]
        sharing_settings.save()
        for slug in options["share"]:
            course = CoursePage.objects.filter(slug=slug).first()
            if course is None:
                raise CommandError(f"There is no course with the slug {slug!r}.")
            sharing, _created = CourseSharing.objects.get_or_create(course=course)
            sharing.shareable = True
            sharing.save()
        if options["new_token"]:
            token = CatalogToken(label=options["new_token"])
            secret = token.generate()
            token.save()
            self.stdout.write(f"Catalog token for {token.label}: {secret}")
        state = "published" if catalog.published else "not published"
        self.stdout.write(
            f"The catalog is {state} ({catalog.get_access_display()}) at "
            f"{site.root_url}{reverse('catalogs:feed')}"
        )
        for course in shareable_courses():
            self.stdout.write(f"  offers: {course.title} ({course.slug})")
