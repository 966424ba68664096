"""``manage.py export_package COURSE_SLUG FILE.zip``: a course's sharing package."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from sharing import travel
from sharing.exporting import export_course
from sharing.package import PackageError


def course_by_slug(slug: str):
    """The course page with this slug (a registered page type that pulls in its
    descendants: a course)."""
    kinds = [t.model for t in travel.registered() if t.descendants]
    for model in kinds:
        found = list(model.objects.filter(slug=slug)[:2])
        if len(found) > 1:
            raise CommandError(f"Several courses have the slug “{slug}”.")
        if found:
            return found[0]
    raise CommandError(f"No course has the slug “{slug}”.")


class Command(BaseCommand):
    help = (
        "Write the sharing package of a course (its live pages, quizzes, practice "
        "calls, evaluation, images and media) to FILE.zip. The same course gives "
        "the same bytes; learners' records never travel."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_slug")
        parser.add_argument("file")

    def handle(self, *args, course_slug, file, **options):
        course = course_by_slug(course_slug)
        if not isinstance(course, Page):
            raise CommandError(f"No course has the slug “{course_slug}”.")
        target = Path(file)
        if target.parent and not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        # Written next to the target and renamed: no half-written package remains.
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as out:
                manifest = export_course(course, out)
            os.replace(partial, target)
        except PackageError as error:
            Path(partial).unlink(missing_ok=True)
            raise CommandError(error.message) from error
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Exported “{course.title}” version {manifest['course']['version']} "
            f"({len(manifest['files'])} files) to {target}."
        )
