"""Import: a sharing package checked whole, then written in one transaction.

``inspect(path) -> Plan`` opens and verifies the entire package before anything is
written: the zip and manifest (``sharing.package``), every member's checksum, the
content's structure, every reference (inside the package, or here already by
uuid), and the files (images opened with Pillow, video and audio sniffed by the
checks content apps declare, caption text parsed). A refusal is a ``PackageError``
whose ``message`` says in plain words what is wrong.

The plan says whether the package brings a new course or updates one imported
before, and per object: ``new``, ``unchanged``, ``changed_upstream``,
``changed_locally``, ``conflict`` (changed on both sides) or ``removed_upstream``.
Changes are found by hashing each object's travelling form: the hash stored when it
was last imported (``ImportedObject.base_hash``) against the package's (changed
upstream?) and against the object's content here now, its latest revision included
(changed locally?).

``import_package(path, decisions=…)`` writes it: new objects are created (pages
under the site's catalog page, published with a revision each by ``user``),
objects changed only upstream are updated in place by uuid (child rows by
position, so learners' attempts keep their meaning), objects changed locally are
left alone, and a conflict takes the package's version only when ``decisions``
says ``"theirs"`` for it. Everything happens in one transaction; files written are
removed again if anything fails. Importing the same package again writes nothing.
"""

import hashlib
import json
import tempfile
import uuid as uuid_module
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    Page,
    PageViewRestriction,
    RevisionMixin,
    Site,
)

from . import serializing, travel
from .exporting import CHUNK, CONTENT, FORMAT_VERSION, file_sha256, member_name
from .models import ImportedCourse, ImportedObject
from .package import PackageError, open_package

NEW = "new"
UNCHANGED = "unchanged"
UPSTREAM = "changed_upstream"
LOCAL = "changed_locally"
CONFLICT = "conflict"
REMOVED = "removed_upstream"
# Here already as part of other content (a question another course uses, a video of
# the media library): referred to, never written, and not claimed by this course.
IN_USE = "in_use_here"
STATUSES = [NEW, UNCHANGED, UPSTREAM, LOCAL, CONFLICT, REMOVED, IN_USE]
HEAD_BYTES = 64 * 1024
MAX_IMAGE_BYTES = 64 * 1024 * 1024
IMAGE_KINDS = {"wagtailimages.image"}
DOCUMENT_KINDS = {"wagtaildocs.document"}


BAD_STRUCTURE = _("The package's content.json does not have the expected structure.")
BAD_VERSION = _(
    "The package's content is in a format version this installation cannot read."
)


def refuse(code, template, **params):
    return PackageError(code, template, **params)


# --- The plan ----


@dataclass
class Item:
    uuid: str
    kind: str
    title: str
    status: str
    is_page: bool = False
    local_id: int | None = None


@dataclass
class Plan:
    """What importing a package would do (``as_dict()`` is stored by the admin's
    import job and read by its review screen)."""

    course: dict
    package_sha256: str
    source: dict
    license: dict
    attribution: str
    placeholders: list
    update: bool = False
    local_course: dict | None = None
    same_package: bool = False
    items: list[Item] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Item]:
        return [item for item in self.items if item.status == CONFLICT]

    def counts(self) -> dict:
        return {s: sum(1 for i in self.items if i.status == s) for s in STATUSES}

    def as_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = self.counts()
        data["conflicts"] = [item.uuid for item in self.conflicts]
        return data


@dataclass
class ImportResult:
    course: Page
    plan: Plan
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_local: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    files_written: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.unpublished)

    def as_dict(self) -> dict:
        return {
            "course_id": self.course.pk,
            "course_title": self.course.title,
            "created": self.created,
            "updated": self.updated,
            "kept_local": self.kept_local,
            "unpublished": self.unpublished,
            "files_written": self.files_written,
            "plan": self.plan.as_dict(),
        }


# --- Reading local content ----


class LocalRefs(serializing.Refs):
    """Serializes local objects as the package would carry them, to compare."""

    def __init__(self):
        self._members = {}

    def ref(self, model, pk):
        if pk in (None, ""):
            return None
        target = model._default_manager.filter(pk=pk).first()
        if target is None:
            return None
        return serializing.uuid_of(target, create=False)

    def file(self, fieldfile):
        if fieldfile.name not in self._members:
            try:
                sha = file_sha256(fieldfile)
            except OSError:
                sha = "0" * 64
            self._members[fieldfile.name] = member_name(fieldfile, sha)
        return self._members[fieldfile.name]


def latest(obj):
    """An object as its editors last saved it: the latest revision (a draft
    included) for pages and snippets with revisions."""
    obj = serializing.concrete(obj)
    if isinstance(obj, RevisionMixin) and obj.latest_revision_id:
        return obj.get_latest_revision_as_object()
    return obj


def local_form(obj, refs: LocalRefs, course_pk) -> dict:
    current = latest(obj)
    data = serializing.serialize(current, refs)
    if isinstance(obj, Page):
        data["parent"] = (
            None
            if obj.pk == course_pk
            else serializing.uuid_of(obj.get_parent(), create=False)
        )
    return data


def page_models():
    return [t.model for t in travel.registered() if issubclass(t.model, Page)]


def find_local(model, uuid):
    """The local object with this travelling uuid, for any model a reference may
    point at (Page: any registered page type)."""
    if model is Page or (
        issubclass(model, Page) and not serializing.has_own_uuid(model)
    ):
        for page_model in page_models():
            found = page_model.objects.filter(uuid=uuid).first()
            if found is not None:
                return found
        return None
    entry = travel.for_model(model)
    return serializing.find_local(entry.model if entry else model, uuid)


# --- Checking the package ----


def valid_uuid(value) -> bool:
    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


def title_of(data: dict) -> str:
    fields = data.get("fields", {})
    for name in ("title", "text", "caller_name"):
        if isinstance(fields.get(name), str) and fields[name]:
            return fields[name][:200]
    return data.get("uuid", "")


def check_structure(content, manifest) -> list[dict]:
    if not isinstance(content, dict) or not isinstance(content.get("objects"), list):
        raise refuse(
            "content_structure",
            BAD_STRUCTURE,
        )
    if content.get("format_version") != FORMAT_VERSION:
        raise refuse(
            "content_version",
            BAD_VERSION,
        )
    objects = content["objects"]
    seen = set()
    for data in objects:
        if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            raise refuse(
                "content_structure",
                BAD_STRUCTURE,
            )
        kind = data.get("kind")
        if not isinstance(kind, str) or travel.for_kind(kind) is None:
            raise refuse(
                "unknown_kind",
                _(
                    "The package contains content of a kind this installation does not "
                    "know (%(kind)s): it may come from a newer version of E-cirkel."
                ),
                kind=str(kind)[:100],
            )
        if not valid_uuid(data.get("uuid")) or data["uuid"] in seen:
            raise refuse(
                "bad_uuid",
                _("An object in the package has a missing or repeated identifier."),
            )
        seen.add(data["uuid"])
        for key in ("children", "tags"):
            if not isinstance(data.get(key, {}), dict):
                raise refuse(
                    "content_structure",
                    BAD_STRUCTURE,
                )
    course_uuid = manifest["course"]["uuid"]
    if content.get("course") != course_uuid or not objects:
        raise refuse(
            "course_missing",
            _("The package's content does not contain the course its manifest names."),
        )
    pages = [d for d in objects if issubclass(travel.model_for_kind(d["kind"]), Page)]
    if (
        not pages
        or pages[0]["uuid"] != course_uuid
        or pages[0].get("parent") is not None
    ):
        raise refuse(
            "course_missing",
            _("The package's content does not contain the course its manifest names."),
        )
    page_uuids = set()
    for data in pages:
        if data is not pages[0] and data.get("parent") not in page_uuids:
            raise refuse(
                "page_tree",
                _("The page “%(title)s” in the package has no parent page in it."),
                title=title_of(data),
            )
        page_uuids.add(data["uuid"])
    return objects


class Checker:
    """Resolves every reference in the package without writing anything."""

    def __init__(self, objects, package):
        self.index = {d["uuid"]: d["kind"] for d in objects}
        self.package = package
        self.members = set(package.files)
        self.files = {}  # member -> [(data, field name)]
        self.current = None

    def resolve(self, model, uuid):
        if not valid_uuid(uuid):
            self.unresolved()
        kind = self.index.get(str(uuid))
        if kind is not None:
            if issubclass(travel.model_for_kind(kind), model):
                return 0
            self.unresolved()
        if issubclass(model, Page):
            # A course's content refers to pages of the course, which travel with
            # it: a page outside the package (another course here) is not its to use.
            self.unresolved()
        if find_local(model, uuid) is None:
            self.unresolved()
        return 0

    def unresolved(self):
        raise refuse(
            "unresolved_reference",
            _(
                "“%(title)s” in the package refers to content that is neither in the "
                "package nor on this site."
            ),
            title=title_of(self.current),
        )

    def file_name(self, member, obj, field):
        if not isinstance(member, str) or member not in self.members:
            raise refuse(
                "missing_file",
                _("A file that “%(title)s” needs is missing from the package."),
                title=title_of(self.current),
            )
        self.files.setdefault(member, []).append((self.current, field.name))
        return member

    def check(self, data):
        self.current = data
        model = travel.model_for_kind(data["kind"])
        try:
            serializing.apply(model(), data, self.resolve, self.file_name)
        except PackageError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, LookupError) as error:
            raise refuse(
                "bad_content",
                _("The content of “%(title)s” in the package cannot be read."),
                title=title_of(data),
            ) from error
        except Exception as error:  # ValidationError from a field's to_python
            if error.__class__.__name__ == "ValidationError":
                raise refuse(
                    "bad_content",
                    _("The content of “%(title)s” in the package cannot be read."),
                    title=title_of(data),
                ) from error
            raise
        entry = travel.for_kind(data["kind"])
        if entry.check:
            problem = entry.check(data)
            if problem:
                raise refuse("bad_content", "%(problem)s", problem=str(problem))


def allowed_extensions(kind: str, field_name: str) -> set[str]:
    """The file types a file of ``kind`` may have here: what an editor could upload
    (images, documents and media each have their list in the settings)."""
    images = set(settings.WAGTAILIMAGES_EXTENSIONS)
    media = settings.WAGTAILMEDIA
    if kind in IMAGE_KINDS or field_name == "thumbnail":
        return images
    if kind == "wagtaildocs.document":
        return set(settings.WAGTAILDOCS_EXTENSIONS)
    return set(media["VIDEO_EXTENSIONS"]) | set(media["AUDIO_EXTENSIONS"])


def check_files(checker: Checker, package) -> None:
    for member, uses in sorted(checker.files.items()):
        for data, field_name in uses:
            kind = data["kind"]
            extension = member.rpartition("/")[2].partition(".")[2].lower()
            if extension not in allowed_extensions(kind, field_name):
                raise refuse(
                    "bad_file_type",
                    _(
                        "A file of “%(title)s” in the package is of a type E-cirkel "
                        "does not accept (.%(extension)s)."
                    ),
                    title=title_of(data),
                    extension=extension or "?",
                )
            if kind in IMAGE_KINDS and field_name == "file":
                check_image(package, member, data)
            with package.open(member) as stream:
                head = stream.read(HEAD_BYTES)
            for check in travel.file_checks(kind):
                problem = check(data, field_name, head)
                if problem:
                    raise refuse("bad_file", "%(problem)s", problem=str(problem))


def check_image(package, member, data) -> None:
    from PIL import Image, UnidentifiedImageError

    size = package.files[member]["size"]
    problem = refuse(
        "bad_image",
        _("The image “%(title)s” in the package is not an image E-cirkel can show."),
        title=title_of(data),
    )
    if size > MAX_IMAGE_BYTES:
        raise problem
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as copy:
        with package.open(member) as stream:
            while chunk := stream.read(CHUNK):
                copy.write(chunk)
        copy.seek(0)
        try:
            with Image.open(copy) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise problem from error
        except Image.DecompressionBombError as error:
            raise problem from error


def package_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Inspection:
    plan: Plan
    objects: list
    local: dict  # uuid -> local object
    local_hashes: dict  # uuid -> hash of local content
    package_hashes: dict  # uuid -> hash of the package's content
    imported: ImportedCourse | None
    local_course: Page | None
    file_members: dict  # stored file name -> member (local files)


def _inspect(package, path) -> Inspection:
    manifest = package.manifest
    package.verify()
    try:
        content = package.read_json(CONTENT)
    except KeyError as error:
        raise refuse(
            "content_missing", _("The package has no content.json.")
        ) from error
    objects = check_structure(content, manifest)
    checker = Checker(objects, package)
    for data in objects:
        checker.check(data)
    check_files(checker, package)

    course_uuid = manifest["course"]["uuid"]
    imported = ImportedCourse.objects.filter(course_uuid=course_uuid).first()
    if imported is not None and is_older(manifest["course"]["version"], imported):
        raise refuse(
            "older_version",
            _(
                "The package holds an older version of “%(title)s” than the one "
                "imported here: importing it would turn the course back."
            ),
            title=manifest["course"]["title"],
        )
    course_data = next(d for d in objects if d["uuid"] == course_uuid)
    course_model = travel.model_for_kind(course_data["kind"])
    local_course = serializing.find_local(course_model, course_uuid)
    if local_course is not None and not isinstance(local_course, Page):
        local_course = None
    if local_course is not None and imported is None:
        # Its own package: importing it would mark the original as from elsewhere.
        raise refuse(
            "made_here",
            _(
                "The course “%(title)s” was made here: its package cannot be "
                "imported into the installation it comes from."
            ),
            title=local_course.title,
        )
    bases = {}
    if imported is not None:
        bases = {str(o.uuid): o for o in imported.imported_objects.all()}
    sha = package_sha256(path)
    plan = Plan(
        course=manifest["course"],
        package_sha256=sha,
        source=manifest.get("source", {}),
        license=manifest.get("license", {}),
        attribution=manifest.get("attribution", ""),
        placeholders=manifest.get("placeholders", []),
        update=local_course is not None,
        local_course=(
            {
                "id": local_course.pk,
                "title": local_course.title,
                "version": imported.version if imported else None,
            }
            if local_course is not None
            else None
        ),
        same_package=bool(imported and imported.package_sha256 == sha),
    )
    refs = LocalRefs()
    local, local_hashes, package_hashes = {}, {}, {}
    for data in objects:
        model = travel.model_for_kind(data["kind"])
        uuid = data["uuid"]
        package_hashes[uuid] = serializing.content_hash(data)
        obj = serializing.find_local(model, uuid)
        is_page = issubclass(model, Page)
        if obj is None:
            status = NEW
        elif uuid not in bases and not is_page:
            status = IN_USE
        elif uuid not in bases and not (
            local_course is not None
            and obj.path.startswith(local_course.path)
            and imported is not None
        ):
            # A page of another course here, or of a course made here: a package
            # may update only the pages it brought itself.
            raise refuse(
                "foreign_page",
                _(
                    "The package contains “%(title)s”, which is already on this site "
                    "as part of other content. A package may only update the course "
                    "it brought."
                ),
                title=title_of(data),
            )
        else:
            local[uuid] = obj
            local_hashes[uuid] = serializing.content_hash(
                local_form(obj, refs, local_course.pk if local_course else None)
            )
            base = bases.get(uuid)
            base_hash = base.base_hash if base else None
            status = status_of(base_hash, local_hashes[uuid], package_hashes[uuid])
        plan.items.append(
            Item(
                uuid=uuid,
                kind=data["kind"],
                title=title_of(data),
                status=status,
                is_page=is_page,
                local_id=obj.pk if obj is not None else None,
            )
        )
    in_package = set(package_hashes)
    for uuid, base in sorted(bases.items()):
        if uuid not in in_package:
            model = (
                travel.model_for_kind(base.kind) if travel.for_kind(base.kind) else None
            )
            obj = serializing.find_local(model, uuid) if model else None
            if obj is None:
                continue
            local[uuid] = obj
            local_hashes[uuid] = serializing.content_hash(
                local_form(obj, refs, local_course.pk if local_course else None)
            )
            plan.items.append(
                Item(
                    uuid=uuid,
                    kind=base.kind,
                    title=getattr(obj, "title", str(obj))[:200],
                    status=REMOVED,
                    is_page=isinstance(obj, Page),
                    local_id=obj.pk,
                )
            )
    return Inspection(
        plan=plan,
        objects=objects,
        local=local,
        local_hashes=local_hashes,
        package_hashes=package_hashes,
        imported=imported,
        local_course=local_course,
        file_members=dict(refs._members),
    )


def is_older(version: str, imported: ImportedCourse) -> bool:
    """Whether ``version`` (RFC 3339) is before the version imported here."""
    try:
        offered = datetime.fromisoformat(version)
        here = datetime.fromisoformat(imported.version)
    except (TypeError, ValueError):
        return False  # a version from before versions were times
    return offered < here


def status_of(base_hash, local_hash, package_hash) -> str:
    if local_hash == package_hash:
        return UNCHANGED
    if base_hash is None:
        # Here already but never imported (the course came home, or was imported
        # before under another record): both sides may have changed.
        return CONFLICT
    local_changed = local_hash != base_hash
    upstream_changed = package_hash != base_hash
    if local_changed and upstream_changed:
        return CONFLICT
    if local_changed:
        return LOCAL
    if upstream_changed:
        return UPSTREAM
    return UNCHANGED


def inspect(path) -> Plan:
    """Check the whole package at ``path``; the plan of what importing it does."""
    with open_package(path) as package:
        return _inspect(package, path).plan


# --- Writing ----


class Writer:
    def __init__(self, package, inspection: Inspection, user):
        self.package = package
        self.inspection = inspection
        self.user = user
        self.pks = {}  # uuid -> pk of the object written or found here
        self.stored = []  # storage files written (removed if the import fails)
        self.stored_members = {}  # member -> stored name, within this import
        for uuid, obj in inspection.local.items():
            self.pks[uuid] = obj.pk

    def resolve(self, model, uuid):
        uuid = str(uuid)
        if uuid in self.pks:
            return self.pks[uuid]
        found = find_local(model, uuid)
        if found is None:
            raise serializing.Unresolved(model, uuid)
        self.pks[uuid] = found.pk
        return found.pk

    def resolve_soft(self, model, uuid):
        try:
            return self.resolve(model, uuid)
        except serializing.Unresolved:
            return None

    def file_name(self, member, obj, field):
        current = getattr(obj, field.attname)
        current_name = getattr(current, "name", current) or ""
        if current_name and self.inspection.file_members.get(current_name) == member:
            return current_name  # the same bytes are here already
        if member in self.stored_members:
            return self.stored_members[member]
        storage = field.storage
        basename = member.split("/", 1)[1]
        basename = basename[:16] + (
            "." + basename.rsplit(".", 1)[1] if "." in basename else ""
        )
        with self.package.open(member) as stream:
            name = storage.save(
                field.generate_filename(obj, basename), File(stream, basename)
            )
        self.stored.append((storage, name))
        self.stored_members[member] = name
        return name

    def remove_files(self):
        for storage, name in self.stored:
            try:
                storage.delete(name)
            except OSError:
                pass
        self.stored = []


def save_object(obj, data, writer: Writer, *, new: bool):
    """Save a non-page object and publish it if it has revisions."""
    entry = travel.for_model(type(obj))
    if entry.before_save:
        entry.before_save(obj)
    if isinstance(obj, DraftStateMixin):
        if new:
            obj.live = False
            obj.save()
        revision = obj.save_revision(user=writer.user)
        revision.publish(user=writer.user)
        obj = type(obj).objects.get(pk=obj.pk)
    elif isinstance(obj, RevisionMixin):
        obj.save()
        obj.save_revision(user=writer.user)
    else:
        obj.save()
    serializing.apply_plain_tags(obj, data)
    serializing.record_identity(obj, data["uuid"])
    if entry.after_save:
        entry.after_save(obj)
    return obj


def catalog_page(course_model):
    """Where a new course goes: the site's catalog page (the page type a course
    may be placed under)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    parents = [
        m
        for m in Page.clean_subpage_models()
        if course_model in m.clean_subpage_models()
    ]
    if site is not None:
        root = site.root_page.specific
        if type(root) in parents:
            return root
        for model in parents:
            found = model.objects.descendant_of(root).first()
            if found is not None:
                return found
    for model in parents:
        found = model.objects.first()
        if found is not None:
            return found
    raise refuse(
        "no_catalog",
        _("This site has no catalog page to put the course under."),
    )


def unique_slug(parent, slug, exclude_pk=None) -> str:
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def wanted(item: Item, decisions: dict) -> bool:
    """Whether the package's version of ``item`` is written."""
    if item.status in (NEW, UPSTREAM):
        return True
    if item.status in (CONFLICT, LOCAL):
        # A conflict keeps the local version unless the editor takes theirs; so
        # does an object changed only here (theirs: back to the package's).
        return decisions.get(item.uuid) == "theirs"
    return False


def write(package, inspection: Inspection, *, decisions, user, source_url, progress):
    plan = inspection.plan
    decisions = {str(k): v for k, v in (decisions or {}).items()}
    items = {item.uuid: item for item in plan.items}
    writer = Writer(package, inspection, user)
    result = ImportResult(course=inspection.local_course, plan=plan)
    objects = inspection.objects
    pages = [d for d in objects if issubclass(travel.model_for_kind(d["kind"]), Page)]
    page_order = travel.for_kind(pages[0]["kind"]).order
    before = [
        d
        for d in objects
        if d not in pages and travel.for_kind(d["kind"]).order <= page_order
    ]
    after = [d for d in objects if d not in pages and d not in before]
    total = len(objects) or 1
    done = 0

    def step(stage):
        nonlocal done
        done += 1
        if progress:
            progress(30 + int(65 * done / total), stage)

    def write_object(data):
        item = items[data["uuid"]]
        if not wanted(item, decisions):
            if item.status in (LOCAL, CONFLICT):
                result.kept_local.append(item.uuid)
            return
        model = travel.model_for_kind(data["kind"])
        new = item.status == NEW
        obj = model() if new else latest(inspection.local[data["uuid"]])
        if new and serializing.has_own_uuid(model):
            obj.uuid = data["uuid"]
        serializing.apply(obj, data, writer.resolve, writer.file_name)
        obj = save_object(obj, data, writer, new=new)
        writer.pks[data["uuid"]] = obj.pk
        (result.created if new else result.updated).append(item.uuid)

    try:
        with transaction.atomic():
            for data in before:
                write_object(data)
                step("content")
            write_pages(pages, items, decisions, writer, inspection, result)
            done += len(pages)
            for data in after:
                write_object(data)
                step("content")
            for item in plan.items:
                if item.status != REMOVED:
                    continue
                obj = serializing.concrete(inspection.local[item.uuid])
                if isinstance(obj, Page) and obj.live:
                    if inspection.local_hashes[item.uuid] == base_hash_of(
                        inspection, item.uuid
                    ):
                        obj.unpublish(user=user)
                        result.unpublished.append(item.uuid)
                    else:
                        result.kept_local.append(item.uuid)
            course = Page.objects.get(pk=writer.pks[pages[0]["uuid"]]).specific
            result.course = course
            record_import(inspection, course, user, source_url, result)
    except BaseException:
        writer.remove_files()
        raise
    result.files_written = len(writer.stored)
    if progress:
        progress(100, "done")
    return result


def base_hash_of(inspection, uuid):
    if inspection.imported is None:
        return None
    found = inspection.imported.imported_objects.filter(uuid=uuid).first()
    return found.base_hash if found else None


def write_pages(pages, items, decisions, writer, inspection, result):
    """Pages in two passes: first every new page is created (unpublished, without
    its content's references) in tree order, so every page exists; then each page
    written gets its full content and is published with a revision."""
    course_data = pages[0]
    for data in pages:
        item = items[data["uuid"]]
        if item.status != NEW:
            continue
        model = travel.model_for_kind(data["kind"])
        page = model()
        serializing.apply(
            page, data, writer.resolve_soft, writer.file_name, children=False
        )
        page.uuid = data["uuid"]
        page.live = False
        if data is course_data:
            parent = catalog_page(model)
        else:
            parent = Page.objects.get(pk=writer.pks[data["parent"]])
        page.slug = unique_slug(parent, page.slug)
        parent.add_child(instance=page)
        if data is course_data:
            # A new course is for signed-in users until an editor decides otherwise
            # (the page's privacy setting); an update never changes it.
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        writer.pks[data["uuid"]] = page.pk
    for data in pages:
        item = items[data["uuid"]]
        if not wanted(item, decisions):
            if item.status in (LOCAL, CONFLICT):
                result.kept_local.append(item.uuid)
            continue
        new = item.status == NEW
        page = Page.objects.get(pk=writer.pks[data["uuid"]]).specific
        parent_pk = None if data is course_data else writer.pks[data["parent"]]
        if not new and parent_pk and page.get_parent().pk != parent_pk:
            page.move(
                Page.objects.get(pk=parent_pk), pos="last-child", user=writer.user
            )
            page = Page.objects.get(pk=page.pk).specific
        page = latest(page)
        slug = page.slug
        serializing.apply(page, data, writer.resolve, writer.file_name)
        if not new:
            page.slug = unique_slug(page.get_parent(), page.slug, exclude_pk=page.pk)
        else:
            page.slug = slug
        entry = travel.for_model(type(page))
        if entry.before_save:
            entry.before_save(page)
        revision = page.save_revision(user=writer.user)
        revision.publish(user=writer.user)
        (result.created if new else result.updated).append(item.uuid)


def record_import(inspection, course, user, source_url, result):
    plan = inspection.plan
    imported = inspection.imported
    if imported is not None and plan.same_package and not result.changed:
        return  # the same package again: nothing to record
    defaults = {
        "course": course,
        "version": str(plan.course.get("version", "")),
        "package_sha256": plan.package_sha256,
        "source_organisation": plan.source.get("organisation", "")[:200],
        "source_url": web_address(plan.source.get("url", ""))[:500],
        "downloaded_from": (source_url or "")[:2000],
        "license_id": plan.license.get("id", "")[:64],
        "license_name": plan.license.get("name", "")[:200],
        "license_url": plan.license.get("url", "")[:500],
        "attribution": plan.attribution,
        "imported_at": timezone.now(),
        "imported_by": user if getattr(user, "pk", None) else None,
    }
    imported, _created = ImportedCourse.objects.update_or_create(
        course_uuid=plan.course["uuid"], defaults=defaults
    )
    in_use = {item.uuid for item in plan.items if item.status == IN_USE}
    in_package = set(inspection.package_hashes) - in_use
    for data in inspection.objects:
        if data["uuid"] in in_use:
            continue
        ImportedObject.objects.update_or_create(
            imported_course=imported,
            uuid=data["uuid"],
            defaults={
                "kind": data["kind"],
                "base_hash": inspection.package_hashes[data["uuid"]],
            },
        )
    imported.imported_objects.exclude(uuid__in=in_package).delete()


def web_address(url) -> str:
    """``url`` if it is an http(s) address, else empty."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def import_package(
    path, *, decisions=None, user=None, source_url="", progress=None
) -> ImportResult:
    """Import the package at ``path`` (see the module's docstring). Raises
    PackageError, with nothing written, when the package is refused."""
    if progress:
        progress(0, "checking")
    with open_package(path) as package:
        inspection = _inspect(package, path)
        check_permission(inspection, user)
        if progress:
            progress(30, "importing")
        return write(
            package,
            inspection,
            decisions=decisions,
            user=user,
            source_url=source_url,
            progress=progress,
        )


def check_permission(inspection: Inspection, user) -> None:
    """An editor imports only what they could publish by hand: a new course under
    the catalog page, an update of a course they may publish. (The command line
    without --user, run by whoever runs the server, is not asked.)"""
    if user is None or not getattr(user, "pk", None) or user.is_superuser:
        return
    course = inspection.local_course
    if course is not None:
        allowed = course.permissions_for_user(user).can_publish()
    else:
        model = travel.model_for_kind(
            next(
                d["kind"]
                for d in inspection.objects
                if d["uuid"] == inspection.plan.course["uuid"]
            )
        )
        parent = catalog_page(model)
        allowed = parent is not None and (
            parent.permissions_for_user(user).can_publish_subpage()
        )
    if not allowed:
        raise refuse(
            "not_allowed",
            _(
                "You may not publish “%(title)s” here, so you may not import it: "
                "ask an administrator."
            ),
            title=inspection.plan.course.get("title", ""),
        )


def work_dir() -> Path:
    path = Path(settings.SHARING_WORK_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
