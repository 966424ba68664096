"""The kinds of activity the ledger records, registered by the content apps.

The ledger names no content: each content app says, from its ``AppConfig.ready``,
which kinds of activity it reports — a code (stored in ``Activity.kind``), a label,
the xAPI activity type, and either the page models whose pages are activities
themselves (a topic, a lecture) or that its content is *placed* on pages by a block,
with an activity per placement (a quiz, a practice call, H5P). A new content app adds
its kind here and edits nothing in ``progress``.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    xapi_type: str
    pages: tuple = field(default=())  # page models that are activities of this kind
    placed: bool = False  # placed on pages by a block: an activity per placement


_kinds: dict[str, Kind] = {}


def register(
    code: str, label, xapi_type: str, *, pages=(), placed: bool = False
) -> Kind:
    if len(code) > 20:
        raise ValueError(f"A kind's code has at most 20 characters: {code!r}.")
    kind = Kind(code, label, xapi_type, tuple(pages), placed)
    _kinds[code] = kind
    return kind


def unregister(code: str) -> None:
    _kinds.pop(code, None)


def get(code: str) -> Kind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(
            f"No content app registered the activity kind {code!r} "
            "(progress.kinds.register in its AppConfig.ready)."
        ) from None


def label(code: str) -> str:
    """The kind's name for people; the code itself if no app registers it (any more)."""
    kind = _kinds.get(code)
    return str(kind.label) if kind else code


def of_page(page) -> str:
    """The kind of the activity a page is (a topic, a lecture)."""
    for kind in _kinds.values():
        if kind.pages and isinstance(page.specific, kind.pages):
            return kind.code
    raise LookupError(f"No activity kind is registered for {type(page).__name__}.")


def placed_kinds() -> tuple[str, ...]:
    """Kinds placed on pages by a block, each placement an activity of its own."""
    return tuple(code for code, kind in _kinds.items() if kind.placed)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())
