"""This installation's catalog: which courses it offers, and their packages.

A course is offered when it is live and its ``CourseSharing`` says shareable. Its
package is exported once per version of the course into
``SHARING_WORK_DIR/outgoing`` (the export is deterministic, so a version always
gives the same bytes); the checksum and size are computed while writing and kept in
``OutgoingPackage``, so neither the feed nor a download exports or hashes again.
When the course changes, the next feed request exports the new version and removes
the old file.
"""

import hashlib
import json
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from sharing import exporting
from sharing.models import CourseSharing, SharingSettings
from sharing.package import PackageError

from .models import OutgoingPackage

logger = logging.getLogger(__name__)

FORMAT = "ecirkel-catalog"
FORMAT_VERSION = 1
SUMMARY_WORDS = 80


def outgoing_dir() -> Path:
    return Path(settings.SHARING_WORK_DIR) / "outgoing"


def shareable_courses() -> list[Page]:
    """The live courses marked shareable, in title order."""
    ids = CourseSharing.objects.filter(shareable=True).values("course_id")
    return list(Page.objects.live().filter(pk__in=ids).specific().order_by("title"))


def offered_course(uuid) -> Page | None:
    """The shareable live course with this uuid, or None."""
    for course in shareable_courses():
        if str(course.uuid) == str(uuid):
            return course
    return None


def package_path(package: OutgoingPackage) -> Path:
    return outgoing_dir() / package.filename


def fingerprint(course: Page) -> str:
    """A hash of what the package's bytes depend on: the objects that travel with
    the course and its version (the time of its latest published change), its
    license and attribution, and the organisation named as its source. Unpublishing
    a topic or changing the license changes it, though not the version."""
    collected = exporting.collect(course)
    version = exporting.iso(exporting.version_of(collected.objects.values()))
    state = json.dumps(
        [
            version,
            sorted(str(key) for key in collected.objects),
            exporting.license_of(course),
            exporting.source_of(course),
        ],
        sort_keys=True,
    )
    return hashlib.sha256(state.encode()).hexdigest()


def package_for(course: Page) -> OutgoingPackage:
    """The package of the course as it is now, exported if it is not yet."""
    key = fingerprint(course)
    package = OutgoingPackage.objects.filter(course=course, fingerprint=key).first()
    if package is not None and package_path(package).is_file():
        return package
    return export(course, key)


def export(course: Page, key: str) -> OutgoingPackage:
    folder = outgoing_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{course.uuid}-{secrets.token_hex(8)}.part"
    try:
        with partial.open("wb") as out:
            manifest = exporting.export_course(course, out)
        digest, size = hashlib.sha256(), 0
        with partial.open("rb") as written:
            while chunk := written.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        filename = f"{course.uuid}-{sha256[:16]}.zip"
        partial.replace(folder / filename)
    finally:
        partial.unlink(missing_ok=True)
    try:
        with transaction.atomic():
            package, _created = OutgoingPackage.objects.update_or_create(
                course=course,
                fingerprint=key,
                defaults={
                    "version": manifest["course"]["version"],
                    "filename": filename,
                    "sha256": sha256,
                    "size": size,
                    "manifest": manifest,
                },
            )
    except IntegrityError:  # another request exported the same version just now
        package = OutgoingPackage.objects.get(course=course, fingerprint=key)
    for old in OutgoingPackage.objects.filter(course=course).exclude(pk=package.pk):
        if old.filename != package.filename:
            package_path(old).unlink(missing_ok=True)
        old.delete()
    return package


def summary(course: Page) -> str:
    text = strip_tags(getattr(course, "intro", "") or getattr(course, "summary", ""))
    return Truncator(" ".join(text.split())).words(SUMMARY_WORDS)


def entry(course: Page, package: OutgoingPackage, package_url: str) -> dict:
    manifest = package.manifest
    sharing = CourseSharing.objects.get(course=course)
    license_ = manifest.get("license") or {}
    return {
        "uuid": str(course.uuid),
        "title": course.title,
        "summary": summary(course),
        "language": manifest.get("course", {}).get("language", "sv"),
        "version": package.version,
        "license": {
            "id": license_.get("id", sharing.license),
            "name": license_.get("name", sharing.license_name),
            "url": license_.get("url", sharing.license_url),
        },
        "attribution": manifest.get("attribution", sharing.attribution),
        "package_url": package_url,
        "sha256": package.sha256,
        "size": package.size,
        "updated_at": manifest.get("created_at") or package.version,
    }


def build_feed(request, package_url) -> dict:
    """The catalog as a dict; ``package_url(course)`` gives a course's absolute
    package address."""
    organisation = SharingSettings.for_request(request)
    courses = []
    for course in shareable_courses():
        try:
            package = package_for(course)
        except PackageError:
            # One course that cannot be exported must not take the catalog down.
            logger.exception("Course %s could not be exported", course.pk)
            continue
        courses.append(entry(course, package, package_url(course)))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "publisher": {
            "organisation": organisation.organisation,
            "url": organisation.organisation_url,
        },
        "courses": courses,
    }
