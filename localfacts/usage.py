"""Which placeholders a course uses, found generically (this app imports no
content app).

A course is a page at the top of a site's tree (a child of a site's root page) and
everything below it. Its content is read from:

- every page below it, as published and as its latest draft;
- the snippets its pages refer to (Wagtail's reference index: quizzes, practice
  calls, the questions a quiz names) and the snippets that refer to its pages (by
  the index or by a foreign key to a page: the course's evaluation), followed
  further through their own references;
- each object's inline rows (modelcluster child relations: a call's steps and
  choices, a question's options, an evaluation's questions);
- whatever a content app adds with the Wagtail hook ``localfacts_related_content``
  (``fn(obj) -> iterable of objects shown with obj``, e.g. the questions a quiz
  may draw at random by tag, which no reference names).

From each, every text field (``CharField``/``TextField`` and subclasses, rich text
included) and StreamField's raw JSON is searched with ``placeholders.find``. Titles,
slugs and other addresses are left out: they are not rendered with local facts.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail import hooks
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, ReferenceIndex, Site
from wagtail.snippets.models import get_snippet_models

from .facts import Facts, current
from .placeholders import find

RELATED_CONTENT_HOOK = "localfacts_related_content"
# Fields never rendered with local facts (or not text a reader sees).
SKIPPED_FIELDS = frozenset(
    {
        "title",
        "draft_title",
        "slug",
        "url_path",
        "seo_title",
        "search_description",
        "path",
        "latest_revision_created_at",
        "translation_key",
        "uuid",
    }
)
# Objects are followed at most this deep from a page (page → quiz → question).
MAX_DEPTH = 4


@dataclass
class Usage:
    """The placeholders used in a course: name → the titles of the pages and
    snippets that use it."""

    course: Page
    where: dict[str, set[str]] = field(default_factory=dict)

    def add(self, names: Iterable[str], source: str) -> None:
        for name in names:
            self.where.setdefault(name, set()).add(source)

    @property
    def names(self) -> list[str]:
        return sorted(self.where)

    def unfilled(self, facts: Facts) -> list[str]:
        return [name for name in self.names if not facts.get(name)]

    def rows(self, facts: Facts) -> list[dict]:
        """One row per placeholder for a report: its name, value (or None), whether
        the installation knows the fact at all, and where it is used."""
        return [
            {
                "name": name,
                "value": facts.get(name),
                "known": name in facts.defined,
                "where": sorted(self.where[name]),
            }
            for name in self.names
        ]


def text_of(obj: models.Model) -> Iterator[str]:
    """The text fields' values of one object (StreamField as its raw JSON)."""
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SKIPPED_FIELDS:
            continue
        if isinstance(model_field, StreamField):
            value = getattr(obj, model_field.attname)
            raw = getattr(value, "raw_data", value)
            yield json.dumps(list(raw) if raw is not None else [], default=str)
        elif isinstance(model_field, models.CharField | models.TextField):
            value = getattr(obj, model_field.attname)
            if value:
                yield str(value)


def versions(obj: models.Model) -> list[models.Model]:
    """The object as published and, if it has one, as its latest draft."""
    found = [obj]
    if isinstance(obj, DraftStateMixin) and obj.has_unpublished_changes:
        revision = obj.latest_revision
        if revision is not None:
            found.append(revision.as_object())
    return found


def names_in(obj: models.Model) -> set[str]:
    """The placeholders an object uses, its inline rows included."""
    names: set[str] = set()
    for version in versions(obj):
        for text in text_of(version):
            names |= find(text)
        for relation in get_all_child_relations(version):
            manager = getattr(version, relation.get_accessor_name(), None)
            for child in manager.all() if manager is not None else ():
                names |= names_in(child)
    return names


def referenced(obj: models.Model) -> Iterator[models.Model]:
    """Snippets and pages ``obj`` refers to, and what content apps say is shown
    with it."""
    snippet_models = set(get_snippet_models())
    for reference in ReferenceIndex.get_references_for_object(obj):
        model = reference.to_content_type.model_class()
        if model is None:
            continue
        if issubclass(model, Page) or model in snippet_models:
            target = model._default_manager.filter(pk=reference.to_object_id).first()
            if target is not None:
                yield target.specific if isinstance(target, Page) else target
    for hook in hooks.get_hooks(RELATED_CONTENT_HOOK):
        yield from hook(obj) or ()


def referring_snippets(pages: list[Page]) -> Iterator[models.Model]:
    """Snippets that refer to one of ``pages`` (a course's evaluation): through
    Wagtail's reference index, and through a foreign key or one-to-one field to a
    page, which the index leaves out when it is the only reference a model has."""
    snippet_models = set(get_snippet_models())
    page_ids = [page.pk for page in pages]
    for reference in ReferenceIndex.get_references_to_in_bulk(pages):
        model = reference.base_content_type.model_class()
        if model is not None and model in snippet_models:
            found = model._default_manager.filter(pk=reference.object_id).first()
            if found is not None:
                yield found
    for model in snippet_models:
        for model_field in model._meta.concrete_fields:
            related = model_field.related_model
            if (
                model_field.is_relation
                and (model_field.many_to_one or model_field.one_to_one)
                and isinstance(related, type)
                and issubclass(related, Page)
            ):
                lookup = {f"{model_field.name}__in": page_ids}
                yield from model._default_manager.filter(**lookup)


def label_of(obj: models.Model) -> str:
    name = getattr(obj, "title", None) or str(obj)
    if isinstance(obj, Page):
        return name
    return f"{obj._meta.verbose_name.capitalize()}: {name}"


def course_usage(course: Page) -> Usage:
    """The placeholders ``course`` uses and where."""
    usage = Usage(course=course)
    seen: set[tuple[type, int]] = set()
    pages = list(Page.objects.descendant_of(course, inclusive=True).specific())
    pending: list[tuple[models.Model, int]] = [(page, 0) for page in pages]
    pending += [(snippet, 1) for snippet in referring_snippets(pages)]
    while pending:
        obj, depth = pending.pop(0)
        key = (type(obj)._meta.concrete_model, obj.pk)
        if key in seen:
            continue
        seen.add(key)
        usage.add(names_in(obj), label_of(obj))
        if depth < MAX_DEPTH:
            pending += [(target, depth + 1) for target in referenced(obj)]
    return usage


def courses() -> list[Page]:
    """Every course: the pages just below each site's root page."""
    found = []
    for site in Site.objects.select_related("root_page").order_by("hostname"):
        found += list(site.root_page.get_children().specific().order_by("path"))
    return found


def course_of(page: Page) -> Page | None:
    """The course a page belongs to (itself if it is one), or None."""
    for site in Site.objects.select_related("root_page"):
        root = site.root_page
        if page.depth > root.depth and page.path.startswith(root.path):
            ancestors = page.get_ancestors(inclusive=True)
            return ancestors.filter(depth=root.depth + 1).first()
    return None


def report(site_or_request=None) -> list[tuple[Page, list[dict]]]:
    """For each course, its placeholder rows (``Usage.rows``) with the facts of the
    course's own site."""
    rows = []
    for course in courses():
        facts = current(course.get_site() or site_or_request)
        rows.append((course, course_usage(course).rows(facts)))
    return rows
