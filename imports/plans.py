"""A checked package's plan (``sharing.importing.Plan.as_dict()``) as the review
screen shows it: its pages and snippets grouped by what the import does to them."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The engine's states, in the order the review shows them, each with its heading
# and what importing does to it.
STATES = {
    "conflict": (
        _("Changed both here and at the source"),
        _("Choose for each one: keep our version or take theirs."),
    ),
    "theirs": (
        _("Changed at the source"),
        _("Updated to the new version."),
    ),
    "new": (
        _("New in this version"),
        _("Added."),
    ),
    "removed": (
        _("Removed at the source"),
        _("Removed from the course, as at the source."),
    ),
    "local": (
        _("Changed here only"),
        _("Our changes are kept."),
    ),
    "unchanged": (
        _("Unchanged"),
        _("Nothing to do."),
    ),
    "in_use": (
        _("Already here as other content"),
        _("Used as it is here; the package does not change it."),
    ),
}


# The engine's names for the states (sharing.importing), as the review names them.
ENGINE_STATES = {
    "changed_upstream": "theirs",
    "changed_locally": "local",
    "removed_upstream": "removed",
    "in_use_here": "in_use",
}


def items(plan: dict) -> list[dict]:
    """Every page and snippet of the plan, each a dict with at least uuid, kind,
    title and ``state`` (one of STATES)."""
    found = []
    for item in plan.get("items") or []:
        if isinstance(item, dict):
            state = item.get("state") or item.get("status")
            found.append({**item, "state": ENGINE_STATES.get(state, state)})
    return found


def kind_label(kind: str) -> str:
    """ "courses.topicpage" as its model's name ("Ämne")."""
    try:
        return capfirst(str(apps.get_model(kind)._meta.verbose_name))
    except (LookupError, ValueError):
        return kind


def edit_url(item: dict) -> str:
    """The admin address of the local copy, if the plan says which one it is."""
    if item.get("edit_url"):
        return item["edit_url"]
    page_id = item.get("page_id") or item.get("local_id")
    if page_id and item.get("is_page", str(item.get("kind", "")).endswith("page")):
        try:
            return reverse("wagtailadmin_pages:edit", args=[page_id])
        except NoReverseMatch:
            return ""
    return ""


def changes(item: dict) -> list[str]:
    """What changed, in a few words, if the plan says."""
    value = item.get("changes") or item.get("summary") or item.get("diff") or []
    if isinstance(value, str):
        return [value]
    return [str(line) for line in value][:10]


def decorate(item: dict) -> dict:
    return {
        **item,
        "kind_label": kind_label(str(item.get("kind", ""))),
        "edit_url": edit_url(item),
        "view_url": item.get("url") or item.get("view_url") or "",
        "changes": changes(item),
    }


def conflicts(plan: dict) -> list[dict]:
    return [decorate(i) for i in items(plan) if i.get("state") == "conflict"]


def groups(plan: dict) -> list[dict]:
    """The review's sections, in STATES' order, leaving out empty ones."""
    result = []
    for state, (heading, effect) in STATES.items():
        members = [decorate(i) for i in items(plan) if i.get("state") == state]
        if members:
            result.append(
                {"state": state, "heading": heading, "effect": effect, "items": members}
            )
    return result


def counts(plan: dict) -> dict[str, int]:
    total = dict.fromkeys(STATES, 0)
    for item in items(plan):
        if item.get("state") in total:
            total[item["state"]] += 1
    return total


def course_title(plan: dict, default: str = "") -> str:
    course = plan.get("course")
    if isinstance(course, dict):
        return str(course.get("title") or default)
    return str(plan.get("title") or default)
