"""Helpers for the sharing engine's tests: the demo course, packages, wiping a
course with everything that travels with it, snapshots of database and media."""

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page

from courses.models import CoursePage
from sharing import exporting


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db, media):
    call_command("load_demo", verbosity=0)
    return CoursePage.objects.get(slug="kontaktcenter-i-kommunen")


def export(course, path: Path | None = None) -> bytes:
    buffer = io.BytesIO()
    exporting.export_course(course, buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def content_of(package: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return json.loads(archive.read("content.json"))


def wipe(course) -> None:
    """Delete the course and everything that travels with it, as if this were an
    installation that never had it (learners' records go with them)."""
    collected = exporting.collect(course)
    objects = list(collected.objects.values())
    pages = sorted((o for o in objects if isinstance(o, Page)), key=lambda p: p.depth)
    Page.objects.get(pk=pages[0].pk).delete()
    for obj in objects:
        if not isinstance(obj, Page):
            type(obj).objects.filter(pk=obj.pk).delete()


def snapshot(media_root: Path) -> dict:
    """Every table's row count and every file under MEDIA_ROOT with its size."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }
    files = sorted(
        (
            str(Path(root, name).relative_to(media_root)),
            os.path.getsize(Path(root, name)),
        )
        for root, _dirs, names in os.walk(media_root)
        for name in names
    )
    return {"counts": counts, "files": files}


def record_as_imported(course, package: Path) -> None:
    """Record ``course`` as imported from ``package`` (as if it had come from
    elsewhere): a package of a course made here is refused."""
    from django.utils import timezone

    from sharing import serializing
    from sharing.importing import package_sha256
    from sharing.models import ImportedCourse, ImportedObject

    data = package.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    imported = ImportedCourse.objects.create(
        course=course,
        course_uuid=course.uuid,
        version=str(manifest["course"].get("version", "")),
        package_sha256=package_sha256(package),
        source_organisation=manifest["source"]["organisation"],
        license_id=manifest["license"]["id"],
        license_name=manifest["license"]["name"],
        license_url=manifest["license"]["url"],
        imported_at=timezone.now(),
    )
    for obj in content_of(data)["objects"]:
        ImportedObject.objects.create(
            imported_course=imported,
            uuid=obj["uuid"],
            kind=obj["kind"],
            base_hash=serializing.content_hash(obj),
        )
