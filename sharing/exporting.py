"""Export: a course and everything it pulls in, written as a sharing package.

``export_course(course_page, fileobj) -> manifest``. Pages travel as their live
(published) content, snippets only if live; learners' records never travel because
no content app declares them. Media files are streamed into the package in chunks,
content-addressed (``files/<sha256>.<ext>``), so a course with gigabytes of video
exports in constant memory. The bytes depend only on the content: objects and files
are sorted, JSON keys sorted, zip times fixed, and the version and creation time
(RFC 3339 times in UTC) are the course's latest published change, so an unchanged
course exports identically.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wagtail.models import DraftStateMixin, Page

from . import serializing, travel
from .models import DEFAULT_LICENSE, LICENSES, CourseSharing, SharingSettings
from .package import PackageWriter

CHUNK = 1024 * 1024
FORMAT = "ecirkel-package"
FORMAT_VERSION = 1
CONTENT = "content.json"
EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")
PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")  # as the manifest's schema


def file_sha256(fieldfile) -> str:
    digest = hashlib.sha256()
    with fieldfile.storage.open(fieldfile.name, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def member_name(fieldfile, sha256: str) -> str:
    extension = (
        fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name else ""
    )
    return (
        f"files/{sha256}.{extension}"
        if EXTENSION.match(extension)
        else f"files/{sha256}"
    )


@dataclass
class Collected:
    course: Page
    objects: dict = field(default_factory=dict)  # (kind, pk) -> object

    def key(self, obj):
        return (travel.kind_of(type(obj)), str(obj.pk))


def exportable(obj) -> bool:
    if travel.for_model(type(obj)) is None:
        return False
    if isinstance(obj, DraftStateMixin) and not obj.live:
        return False
    return True


def collect(course) -> Collected:
    """The course, its live descendants (a page only if its parent travels), and
    what they reference or declare as dependencies, transitively."""
    course = course.specific
    found = Collected(course)
    queue = [course]
    while queue:
        obj = serializing.concrete(queue.pop(0))
        key = found.key(obj)
        if key in found.objects or not exportable(obj):
            continue
        if isinstance(obj, Page) and obj.pk != course.pk:
            parent_key = found.key(obj.get_parent().specific)
            if parent_key not in found.objects:
                continue
        found.objects[key] = obj
        entry = travel.for_model(type(obj))
        if entry.descendants and isinstance(obj, Page):
            queue.extend(obj.get_descendants().live().order_by("path").specific())
        refs = set()
        serializing.referenced(obj, refs)
        for model, pk in sorted(refs, key=lambda r: (r[0]._meta.label, r[1])):
            if issubclass(model, Page):
                continue  # pages travel only as part of the course's tree
            target = model._default_manager.filter(pk=pk).first()
            if target is not None and travel.for_model(type(target)):
                queue.append(target)
        queue.extend(travel.extra_dependencies(obj))
    return found


class ExportRefs(serializing.Refs):
    def __init__(self, collected: Collected):
        self.collected = collected
        self.files = {}  # member name -> fieldfile
        self._hashes = {}

    def ref(self, model, pk):
        if pk in (None, ""):
            return None
        try:
            target = model._default_manager.get(pk=pk)
        except (model.DoesNotExist, ValueError):
            return None
        target = serializing.concrete(target)
        if self.collected.key(target) not in self.collected.objects:
            return None
        return serializing.uuid_of(target)

    def file(self, fieldfile):
        if fieldfile.name not in self._hashes:
            self._hashes[fieldfile.name] = file_sha256(fieldfile)
        name = member_name(fieldfile, self._hashes[fieldfile.name])
        self.files[name] = fieldfile
        return name


def sort_key(obj):
    entry = travel.for_model(type(obj))
    if isinstance(obj, Page):
        return (entry.order, obj.path, "", "")
    return (entry.order, "", travel.kind_of(type(obj)), serializing.uuid_of(obj))


def version_of(objects) -> datetime:
    times = []
    for obj in objects:
        for name in ("last_published_at", "created_at"):
            value = getattr(obj, name, None)
            if isinstance(value, datetime):
                times.append(value)
                break
    return max(times) if times else datetime(1980, 1, 1, tzinfo=UTC)


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC, always to the microsecond: two changes in one second are
    two versions, and versions sort as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def serialize_course(course) -> tuple[dict, dict, list]:
    """(content, files: member -> fieldfile, ordered objects) of a course."""
    collected = collect(course)
    objects = sorted(collected.objects.values(), key=sort_key)
    refs = ExportRefs(collected)
    items = []
    for obj in objects:
        data = serializing.serialize(obj, refs)
        if isinstance(obj, Page) and obj.pk != collected.course.pk:
            data["parent"] = serializing.uuid_of(obj.get_parent())
        items.append(data)
    content = {
        "format_version": FORMAT_VERSION,
        "course": serializing.uuid_of(collected.course),
        "objects": items,
    }
    return content, refs.files, objects


def placeholders_in(content: dict) -> list[str]:
    try:
        from localfacts.placeholders import find
    except ImportError:
        return []
    names = find(json.dumps(content, ensure_ascii=False))
    return sorted(name for name in names if PLACEHOLDER_NAME.match(name))


def license_of(course) -> tuple[str, str, str, str]:
    sharing = CourseSharing.objects.filter(course=course).first()
    license_id = sharing.license if sharing else DEFAULT_LICENSE
    name, url = LICENSES[license_id]
    return license_id, name, url, sharing.attribution if sharing else ""


def source_of(course) -> dict:
    """Who shares the course: the site setting, else the site's name."""
    site = course.get_site()
    settings = SharingSettings.for_site(site) if site else None
    organisation = (settings.organisation if settings else "") or (
        site.site_name if site and site.site_name else "E-cirkel"
    )
    source = {"organisation": organisation}
    if settings and settings.organisation_url:
        source["url"] = settings.organisation_url
    return source


def export_course(course_page, fileobj, *, progress=None) -> dict:
    """Write the package of ``course_page`` to ``fileobj`` (binary, writable);
    returns its manifest."""
    course = course_page.specific
    content, files, objects = serialize_course(course)
    moment = version_of(objects)
    license_id, license_name, license_url, attribution = license_of(course)
    writer = PackageWriter(fileobj)
    writer.add_json(CONTENT, content)
    names = sorted(files)
    for number, name in enumerate(names, start=1):
        fieldfile = files[name]
        with fieldfile.storage.open(fieldfile.name, "rb") as source:
            writer.add_file(name, source)
        if progress:
            progress(int(100 * number / len(names)), "files")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "course": {
            "uuid": str(course.uuid),
            "title": course.title,
            "slug": course.slug,
            "language": course.locale.language_code if course.locale_id else "sv",
            # The time of the latest published change, RFC 3339 in UTC: later is
            # newer, and an unchanged course keeps its version.
            "version": iso(moment),
        },
        "source": source_of(course),
        "license": {"id": license_id, "name": license_name, "url": license_url},
        "attribution": attribution,
        "created_at": iso(moment),
        "placeholders": placeholders_in(content),
    }
    result = writer.finish(manifest)
    return result if isinstance(result, dict) else manifest
