"""What E-cirkel keeps about a person, declared by each app (GDPR art. 15, 17, 20).

Each app that keeps something about a person says so in a ``personal_data`` module
of its own, found at first use as Wagtail finds ``wagtail_hooks`` (Moodle's privacy
providers are the model). Per table it declares which fields point at the person,
how a row is written for the person to read and what forgetting them does to it.
The "Download my data" file (``export``) and ``manage.py forget_person``
(``forget``) go through these declarations only, so nothing below an app needs to
know it. A test (tests/test_personal_data_registry.py) fails for a table with a key
to the user that no app declared, Django's and Wagtail's included, so both stay
complete as apps are added.

The declarations:

- ``register(model, fields, erase=…)``: rows about the person, found through
  ``fields`` (keys to the user; ``"pk"`` for the user's own row) or ``match`` (a
  ``Q`` for tables that name the person without a key, as django-axes does by
  username). They are exported as a readable row (``plain_row``) unless ``present``
  writes them itself. ``erase`` is what anonymising the person does: ``Delete()``,
  ``Anonymise(field=value, …)``, ``Keep(reason)``, ``Refuse(message)`` (nobody with
  such rows can be forgotten yet), a function ``(rows, person)``, or a dict of those
  per field. ``forget_person --delete`` deletes the user instead, and each key's
  ``on_delete`` decides the rest; rows found by ``match`` are deleted with them.
- ``part_of(model, field)``: rows that belong to the person through a parent row
  of theirs (the answers of a quiz attempt): written inside the parent's row by its
  presenter, erased with it.
- ``about_others(model, field, reason)``: rows that point at a person's row but are
  someone else's data (the members of a circle the person leads): never written.
- ``not_personal(model, fields, reason)``: a key to the user that is not personal
  data: neither exported nor erased.
"""

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields import AutoFieldMixin
from django.db.models.fields.files import FieldFile
from django.utils.module_loading import autodiscover_modules

# --- What forgetting a person does to a row ------------------------------------------


class ErasureRefused(Exception):
    """The person cannot be forgotten yet; the message says what to do first."""


@dataclass(frozen=True)
class Delete:
    """The rows go."""

    def __call__(self, rows: models.QuerySet, person) -> None:
        rows.delete()


class Anonymise:
    """The rows stay; the named fields are overwritten (``Anonymise(notes="")``)."""

    def __init__(self, **values: Any):
        self.values = values

    def __call__(self, rows: models.QuerySet, person) -> None:
        rows.update(**self.values)

    def __repr__(self) -> str:
        return f"Anonymise({self.values!r})"


@dataclass(frozen=True)
class Keep:
    """The rows stay as they are, for ``reason`` (usually: anonymous statistics,
    once the name has gone from the account)."""

    reason: str

    def __call__(self, rows: models.QuerySet, person) -> None:
        pass


@dataclass(frozen=True)
class Refuse:
    """Nobody with such rows can be forgotten until they are dealt with: ``message``
    (with ``%(person)s`` for the username) says how."""

    message: str

    def __call__(self, rows: models.QuerySet, person) -> None:
        if rows.exists():
            raise ErasureRefused(self.message % {"person": person.get_username()})


Erasure = Callable[[models.QuerySet, models.Model], None]


# --- Writing a row for a person to read ----------------------------------------------


def readable(obj) -> str | None:
    """What a person calls the thing a foreign key points at: a page's or quiz's
    title, a circle's name, a question's text."""
    if obj is None:
        return None
    title = getattr(obj, "title", None)
    return str(title) if title else str(obj)


def plain_row(obj, person, *, skip: Iterable[str] = ()) -> dict:
    """Every concrete field of the row, readable: foreign keys as titles, choices as
    labels, files as names; the person's own user keys, other people, the fields in
    ``skip`` and automatic row numbers left out. A row with more than one key to the
    user says which of them are the person (``your_role``)."""
    User = get_user_model()
    skip = set(skip)
    row: dict = {}
    roles = []
    for field in obj._meta.concrete_fields:
        if field.name in skip or isinstance(field, AutoFieldMixin):
            continue
        if field.is_relation:
            if field.related_model is User:
                if getattr(obj, field.attname) == person.pk:
                    roles.append(str(field.verbose_name))
                continue  # the person is implied; anyone else is not theirs to see
            row[field.name] = readable(getattr(obj, field.name))
        elif field.choices:
            row[field.name] = str(getattr(obj, f"get_{field.name}_display")())
        else:
            value = field.value_from_object(obj)
            if isinstance(value, FieldFile):
                value = value.name or None
            row[field.name] = value
    if len([f for f in obj._meta.concrete_fields if f.related_model is User]) > 1:
        row["your_role"] = roles
    return row


# --- Declarations ---------------------------------------------------------------------


def user_keys(model) -> Iterator[str]:
    """The fields of ``model`` that point at the user: concrete foreign keys and
    one-to-ones declared on the model itself (a page type's rows are the rows of the
    table it extends), and many-to-manys."""
    User = get_user_model()
    for field in model._meta.get_fields():
        if (
            field.is_relation
            and field.related_model is User
            and field.model is model
            and not field.auto_created
            and (field.concrete or field.many_to_many)
        ):
            yield field.name


def _model(model) -> type[models.Model]:
    return apps.get_model(model) if isinstance(model, str) else model


@dataclass(frozen=True)
class Table:
    """A table with rows about the person (see ``Registry.register``)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    erase: Erasure | Mapping[str, Erasure]
    match: Callable[[models.Model], Q] | None = None
    title: Any = None
    present: Callable[[models.Model, models.Model], dict | None] | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    leave_out: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows(self, person, fields: Iterable[str] | None = None) -> models.QuerySet:
        """The rows about ``person``: through ``fields`` only, or through every
        field and ``match``."""
        condition = Q(pk__in=[])
        for name in self.fields if fields is None else fields:
            condition |= Q(**{name: person.pk})
        if self.match and fields is None:
            condition |= self.match(person)
        rows = self.model._base_manager.filter(condition)
        meta = self.model._meta
        if any(meta.get_field(n).many_to_many for n in self.fields if n != "pk"):
            rows = rows.distinct()
        return rows.order_by("pk")

    def export(self, person) -> list[dict]:
        rows = self.rows(person)
        if self.present:
            rows = rows.select_related(*self.select_related).prefetch_related(
                *self.prefetch_related
            )
            presented = (self.present(obj, person) for obj in rows)
        else:
            User = get_user_model()
            related = [
                f.name
                for f in self.model._meta.concrete_fields
                if f.is_relation and f.related_model is not User
            ]
            rows = rows.select_related(*related)
            presented = (plain_row(obj, person, skip=self.leave_out) for obj in rows)
        return [row for row in presented if row is not None]

    def erasures(self, person) -> Iterator[tuple[models.QuerySet, Erasure]]:
        """(rows, what anonymising does to them), per field where it differs."""
        if isinstance(self.erase, Mapping):
            for name, erase in self.erase.items():
                yield self.rows(person, [name]), erase
        else:
            yield self.rows(person), self.erase


@dataclass(frozen=True)
class Link:
    """A key that is declared but is not a table about the person: a row that is
    ``part_of`` a person's row, ``about_others``, or ``not_personal``."""

    kind: str
    model: type[models.Model]
    field: str
    reason: str


class Registry:
    """The declarations of every app; ``discover`` imports each installed app's
    ``personal_data`` module at first use."""

    def __init__(self, *, discover: bool = True):
        self._tables: dict[type[models.Model], Table] = {}
        self._links: dict[tuple[type[models.Model], str], Link] = {}
        self._discover = discover
        self._lock = threading.Lock()

    def _discovered(self) -> None:
        # Under a lock: another thread must not read a half-filled registry.
        if self._discover:
            with self._lock:
                if self._discover:
                    autodiscover_modules("personal_data")
                    self._discover = False

    # Declaring

    def register(
        self,
        model,
        fields: Iterable[str] = (),
        *,
        erase: Erasure | Mapping[str, Erasure],
        match: Callable[[models.Model], Q] | None = None,
        title=None,
        present: Callable[[models.Model, models.Model], dict | None] | None = None,
        select_related: Iterable[str] = (),
        prefetch_related: Iterable[str] = (),
        leave_out: Iterable[str] = (),
    ) -> Table:
        """Declare that ``model`` has rows about a person: those whose ``fields``
        point at them, or that ``match(person)`` finds. ``title`` heads them in the
        download (the model's plural name otherwise); ``present(obj, person)``
        writes a row (a dict, or None to leave it out) instead of ``plain_row``,
        which leaves out the fields in ``leave_out`` (secrets)."""
        model = _model(model)
        fields = tuple(fields)
        if model in self._tables:
            raise ImproperlyConfigured(f"{model._meta.label} is declared twice.")
        if not fields and match is None:
            raise ImproperlyConfigured(
                f"{model._meta.label}: say which fields point at the person, or how "
                "to match them."
            )
        if isinstance(erase, Mapping) and (set(erase) != set(fields) or match):
            raise ImproperlyConfigured(
                f"{model._meta.label}: a dict of erasures needs one per field "
                f"({', '.join(fields)}) and no match."
            )
        table = Table(
            model,
            fields,
            erase,
            match,
            title,
            present,
            tuple(select_related),
            tuple(prefetch_related),
            tuple(leave_out),
        )
        self._tables[model] = table
        return table

    def _link(self, kind: str, model, field: str, reason: str) -> None:
        model = _model(model)
        if (model, field) in self._links:
            raise ImproperlyConfigured(
                f"{model._meta.label}.{field} is declared twice."
            )
        self._links[model, field] = Link(kind, model, field, reason)

    def part_of(self, model, field: str, reason: str = "") -> None:
        """Rows of ``model`` belong to the person through ``field``, a key to a row
        of theirs, and are written inside that row by its presenter."""
        self._link("part_of", model, field, reason)

    def about_others(self, model, field: str, reason: str) -> None:
        """Rows of ``model`` point through ``field`` at a row of the person's but
        are someone else's data: never written in the person's download."""
        self._link("about_others", model, field, reason)

    def not_personal(self, model, fields: Iterable[str], reason: str) -> None:
        """Keys to the user that are not personal data: not exported, not erased."""
        for field in fields:
            self._link("not_personal", model, field, reason)

    # Reading the declarations

    def tables(self) -> list[Table]:
        """The declared tables, in the order of the installed apps and models."""
        self._discovered()
        order = {model: i for i, model in enumerate(apps.get_models())}
        return sorted(self._tables.values(), key=lambda t: order.get(t.model, -1))

    def table(self, model) -> Table | None:
        self._discovered()
        return self._tables.get(_model(model))

    def link(self, model, field: str) -> Link | None:
        self._discovered()
        return self._links.get((_model(model), field))

    def links(self) -> list[Link]:
        self._discovered()
        return list(self._links.values())

    def declares(self, model, field: str) -> bool:
        """Whether the key ``field`` of ``model`` to the user is declared, as a way
        to find a person's rows or as not personal data."""
        table = self.table(model)
        link = self.link(model, field)
        return bool(table and field in table.fields) or bool(
            link and link.kind == "not_personal"
        )

    def undeclared(self) -> list[str]:
        """``app_label.model.field`` for every key to the user that no app
        declared, and the user model if it is not declared."""
        User = get_user_model()
        missing = [] if self.table(User) else [User._meta.label_lower]
        for model in apps.get_models():
            for field in user_keys(model):
                if not self.declares(model, field):
                    missing.append(f"{model._meta.label_lower}.{field}")
        return missing

    # Using them

    def export(self, person) -> dict:
        """Everything kept about ``person``, as plain JSON data: their own row
        (``user``) and per table, keyed ``app_label.modelname``, a readable title
        and the rows."""
        User = get_user_model()
        data: dict = {"user": {}, "tables": {}}
        for table in self.tables():
            rows = table.export(person)
            if table.model is User:
                data["user"] = rows[0] if rows else {}
            elif rows:
                title = table.title or table.model._meta.verbose_name_plural
                data["tables"][table.label] = {"title": str(title), "rows": rows}
        # Round-trip through JSON so dates, UUIDs and decimals come out as strings.
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))

    @transaction.atomic
    def forget(self, person, *, delete: bool = False) -> None:
        """Anonymise ``person`` as the declarations say, or with ``delete`` delete
        them (and everything their keys cascade to, and the rows ``match`` finds).
        Raises ``ErasureRefused`` before changing anything if a ``Refuse`` applies."""
        User = get_user_model()
        tables = self.tables()
        for table in tables:
            for rows, erase in table.erasures(person):
                if isinstance(erase, Refuse):
                    erase(rows, person)
        if delete:
            for table in tables:
                if table.match:
                    table.model._base_manager.filter(table.match(person)).delete()
            person.delete()
            return
        # The person's own row last: the other erasures find rows by its key.
        for table in sorted(tables, key=lambda t: t.model is User):
            for rows, erase in table.erasures(person):
                erase(rows, person)


registry = Registry()
register = registry.register
part_of = registry.part_of
about_others = registry.about_others
not_personal = registry.not_personal
export = registry.export
forget = registry.forget
