"""Statements as xAPI 1.0.3 JSON, for organisations that keep a Learning Record Store.

Actors are pseudonymous: an account on this installation named by the user's id, never
an e-mail address or a name.
"""

import json

from django.conf import settings

from . import kinds
from .models import Statement

VERB_IRI = "http://adlnet.gov/expapi/verbs/"
# For a kind no app registers any more (its app was removed): xAPI's generic type.
UNKNOWN_TYPE = "http://adlnet.gov/expapi/activities/interaction"


def activity_type(code: str) -> str:
    try:
        return kinds.get(code).xapi_type
    except LookupError:
        return UNKNOWN_TYPE


def home_page() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def statements_queryset():
    return Statement.objects.select_related("activity").order_by("timestamp", "pk")


def to_xapi(statement: Statement) -> dict:
    base = home_page()
    activity = statement.activity
    data = {
        "id": str(statement.pk),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": base, "name": str(statement.actor_id)},
        },
        "verb": {
            "id": VERB_IRI + statement.verb,
            "display": {"en-US": statement.verb},
        },
        "object": {
            "objectType": "Activity",
            "id": f"{base}/activities/{activity.uuid}",
            "definition": {
                "name": {"sv-SE": activity.title},
                "type": activity_type(activity.kind),
            },
        },
        "timestamp": statement.timestamp.isoformat(),
        "stored": statement.stored.isoformat(),
        "version": "1.0.3",
    }
    result = {}
    if statement.score is not None:
        result["score"] = {"scaled": float(statement.score)}
    if statement.success is not None:
        result["success"] = statement.success
    if statement.completion is not None:
        result["completion"] = statement.completion
    if statement.duration:
        result["duration"] = f"PT{statement.duration}S"
    if result:
        data["result"] = result
    if statement.context:
        data["context"] = {"extensions": {f"{base}/context": statement.context}}
    return data


def stream_json(queryset, request=None):
    """The statements as one JSON array, produced piece by piece (constant memory)."""
    yield "["
    first = True
    for statement in queryset.iterator(chunk_size=2000):
        yield ("" if first else ",") + json.dumps(
            to_xapi(statement), ensure_ascii=False
        )
        first = False
    yield "]"
