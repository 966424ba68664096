"""How models travel in a sharing package: the registry content apps declare into.

Each content app says in its own ``<app>/travel.py`` (autodiscovered by
``SharingConfig.ready``) which of its models travel and what else they pull in::

    from sharing import travel

    travel.register(
        Quiz,
        exclude=["locked", "locked_at", "locked_by"],
        dependencies=lambda quiz: Question.objects.filter(...),
    )
    travel.attach("courses.CoursePage", lambda course: course.evaluations.all())

Everything else is found by introspection (see ``sharing.serializing``): concrete
fields, foreign keys (written as the target's uuid), ParentalKey child rows, tags by
name, files (as package members), StreamField and rich text references. A model
with a ``uuid`` field is identified by it; others get one from ``SharedIdentity``.
Sharing imports no content app: all it knows of them is declared here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

# Fields no model carries across: per-installation state, counters, owners, locks.
ALWAYS_EXCLUDED = {
    "id",
    "pk",
    "uuid",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "content_type",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "translation_key",
    "locale",
    "alias_of",
    "sort_order",
    "collection",
    "uploaded_by_user",
    "created_at",
    "file_size",
    "file_hash",
}


@dataclass
class Travel:
    """How one model travels."""

    model: type[models.Model]
    # The kind written in the package: "app_label.modelname".
    kind: str
    # Field names left out (besides ALWAYS_EXCLUDED), e.g. per-installation data;
    # "relation.field" for a field of the child rows of a relation.
    exclude: set[str] = field(default_factory=set)
    # Child relations (ParentalKey related names) left out.
    exclude_children: set[str] = field(default_factory=set)
    # What an object pulls into the package besides what its fields reference.
    dependencies: Callable[[models.Model], Iterable[models.Model]] | None = None
    # A page whose descendants travel with it (a course).
    descendants: bool = False
    # Called on an imported object just before it is saved (e.g. to recompute
    # derived data such as caption cues).
    before_save: Callable[[models.Model], None] | None = None
    # Called after an imported object and its child rows are saved.
    after_save: Callable[[models.Model], None] | None = None
    # A check of an object's travelling form on import: (data) -> error or None.
    check: Callable[[dict], str | None] | None = None
    # Rank in the import order: lower first (files, then snippets, then pages).
    order: int = 50

    def __post_init__(self):
        self.exclude = set(self.exclude) | ALWAYS_EXCLUDED


_registry: dict[str, Travel] = {}
_attached: dict[str, list[Callable]] = {}
_file_checks: dict[str, list[Callable]] = {}


def kind_of(model) -> str:
    return model._meta.label_lower


def register(model, **options) -> Travel:
    """Declare that ``model`` travels (see ``Travel`` for the options)."""
    entry = Travel(model=model, kind=kind_of(model), **options)
    _registry[entry.kind] = entry
    return entry


def attach(model_label: str, dependencies: Callable) -> None:
    """More dependencies of another app's model, declared by the app that knows
    them (evaluations attach the course's evaluation to the course page)."""
    _attached.setdefault(model_label.lower(), []).append(dependencies)


def check_files(model_label: str, check: Callable) -> None:
    """A check of the files an imported object of ``model_label`` brings:
    ``check(data, field_name, head) -> error message or None``, where ``data`` is the
    object's travelling form and ``head`` the file's first bytes (64 KB). Declared
    by the app that knows the files (lectures sniffs video and audio)."""
    _file_checks.setdefault(model_label.lower(), []).append(check)


def file_checks(kind: str) -> list[Callable]:
    return _file_checks.get(kind, [])


def child_exclusions(entry: "Travel | None", relation: str) -> set[str]:
    if entry is None:
        return set()
    prefix = relation + "."
    return {name[len(prefix) :] for name in entry.exclude if name.startswith(prefix)}


def for_model(model) -> Travel | None:
    """The declaration for ``model`` or its nearest registered parent class
    (a specific page is found through its concrete class)."""
    for klass in model.__mro__ if isinstance(model, type) else type(model).__mro__:
        if hasattr(klass, "_meta") and not klass._meta.abstract:
            entry = _registry.get(kind_of(klass))
            if entry:
                return entry
    return None


def for_kind(kind: str) -> Travel | None:
    return _registry.get(kind)


def registered() -> list[Travel]:
    return sorted(_registry.values(), key=lambda t: (t.order, t.kind))


def extra_dependencies(obj) -> list:
    found = []
    for fn in _attached.get(kind_of(type(obj)), []):
        found.extend(fn(obj))
    entry = for_model(obj)
    if entry and entry.dependencies:
        found.extend(entry.dependencies(obj))
    return found


def model_for_kind(kind: str):
    return apps.get_model(kind)


def register_wagtail_models() -> None:
    """Images, documents and media travel as files with their metadata; they have
    no uuid field, so they get one from SharedIdentity."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    register(get_image_model(), order=10, before_save=_image_metadata)
    register(get_document_model(), order=10, before_save=_document_metadata)
    register(get_media_model(), order=10)


def _image_metadata(image) -> None:
    image._set_image_file_metadata()


def _document_metadata(document) -> None:
    document._set_document_file_metadata()
