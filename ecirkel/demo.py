"""The demo site, composed of the demo parts the apps register.

Each app keeps its own demo content beside its code (``courses/demo/``,
``lectures/demo/``, ``quizzes/demo/``, ``users/demo.py`` …) and registers the parts
that load it::

    register(DemoPart("quizzes", load))

``manage.py load_demo`` imports the ``demo`` module of every installed app (as Wagtail
does with ``wagtail_hooks``) and runs the parts in order: each after the parts it
names in ``after`` (a lecture after the course pages it is placed under, a circle
after the accounts in it), otherwise in the order the apps are installed.

Loading is idempotent, keyed by stable identifiers. Every demo object has a key
("topic:forstudie", "account:deltagare" …). ``DemoLoader.ensure`` makes an object
only if its key has never been recorded (a ``DemoRecord``), and records it with the
object's id. Running the loader again therefore creates nothing that exists and
changes nothing, and what an administrator renamed or deleted stays so: a recorded
object is found by its id whatever its name, and never made again.

A key that is not recorded yet is first looked for by its natural key (uuid,
username, title), so a database loaded before the records existed gets no
duplicates. On such a database (a part says its content is there, nothing is
recorded) the objects every earlier loader made with the course (``in_first_demo``)
were deleted by an administrator if they are missing: they are recorded as gone, not
made again.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

# Demo content has the same identity in every installation: uuid5 of its slug.
DEMO_NAMESPACE = uuid.UUID("6f1d3c52-8a7e-4c1b-9d2e-5b4a7c8e9f10")


def demo_uuid(slug: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, slug)


@dataclass(frozen=True)
class DemoPart:
    """One app's step of the demo.

    ``load(loader)`` makes the part's objects through ``loader.ensure``; ``after``
    names the parts that must have run first (names no installed app registers are
    skipped); ``loaded_before_records()`` tells whether the part's content is in the
    database from a loader that kept no records; ``summary(loader)`` gives lines that
    ``load_demo`` prints after every run.
    """

    name: str
    load: Callable[["DemoLoader"], None]
    after: tuple[str, ...] = ()
    loaded_before_records: Callable[[], bool] | None = None
    summary: Callable[["DemoLoader"], list[str]] | None = None


_parts: dict[str, DemoPart] = {}


def register(part: DemoPart) -> DemoPart:
    """Add ``part`` to the demo (again under the same name: replace it)."""
    _parts[part.name] = part
    return part


def registered_parts() -> list[DemoPart]:
    """Every part the installed apps register, in the order they run."""
    autodiscover_modules("demo")
    return in_order(_parts.values())


def in_order(parts: Iterable[DemoPart]) -> list[DemoPart]:
    """``parts`` with each after the parts it names in ``after``, otherwise as given."""
    waiting = list(parts)
    names = {part.name for part in waiting}
    done: list[DemoPart] = []
    ran: set[str] = set()
    while waiting:
        for part in waiting:
            if all(name in ran or name not in names for name in part.after):
                break
        else:
            cycle = ", ".join(part.name for part in waiting)
            raise ImproperlyConfigured(f"The demo parts {cycle} wait for each other.")
        waiting.remove(part)
        done.append(part)
        ran.add(part.name)
    return done


class DemoLoader:
    """Runs demo parts, recording each object it makes in ``record_model``: a model
    with a unique ``key`` and a nullable ``object_id`` (``courses.DemoRecord``)."""

    def __init__(self, record_model, log=None):
        self.record_model = record_model
        self.log = log or (lambda message: None)
        self.created = 0
        self.records: dict[str, int | None] = {}
        self.upgrading = False
        # What this run found or made, by key (None: gone), and the keys it made.
        self.objects: dict[str, object | None] = {}
        self.made: set[str] = set()

    @transaction.atomic
    def run(self, parts: list[DemoPart]) -> int:
        """Load ``parts`` in the order given; return how many objects were created."""
        self.records = dict(self.record_model.objects.values_list("key", "object_id"))
        self.upgrading = not self.records and any(
            part.loaded_before_records() for part in parts if part.loaded_before_records
        )
        for part in parts:
            part.load(self)
        return self.created

    def ensure(self, key: str, model, find, make, *, in_first_demo=False):
        """The demo object *key*, or None if it is gone or cannot be made.

        A recorded key is looked up by the recorded id only: the object may have been
        renamed, and if it was deleted it stays deleted. An unrecorded key is looked
        for with ``find`` (its natural key), else made with ``make`` (which returns
        None when what it needs is gone); either way it is recorded from then on.
        ``in_first_demo``: every earlier loader made the object with the course, so
        when upgrading a database loaded before the records, missing means deleted.
        """
        self.objects[key] = obj = self._ensure(key, model, find, make, in_first_demo)
        return obj

    def _ensure(self, key, model, find, make, in_first_demo):
        if key in self.records:
            pk = self.records[key]
            return None if pk is None else model.objects.filter(pk=pk).first()
        obj = find()
        if obj is None:
            if self.upgrading and in_first_demo:
                self.remember(key, None)
                return None
            obj = make()
            if obj is not None:
                self.made.add(key)
        if obj is not None:
            self.remember(key, obj.pk)
        return obj

    def counted(self, obj, message: str = "", *, count: int = 1):
        """``obj``, counted as created (with ``count`` - 1 objects made with it);
        ``message`` goes to the log."""
        self.created += count
        if message:
            self.log(message)
        return obj

    def remember(self, key: str, pk: int | None) -> None:
        self.record_model.objects.create(key=key, object_id=pk)
        self.records[key] = pk
