"""What the browser may report, and how much of it.

Grades, completions and time are decided on the server from evidence it saw: quizzes
and role-plays by the code that grades them, topics when the learner marks them done,
lectures by their timed viewing sessions. Only content that is itself graded in the
browser (H5P) reports statements from there, and only with the verbs its kind may send.
Content apps register such kinds here; none is registered until H5P arrives, so the
browser endpoint refuses every statement today.
"""

import json

# Activity kind → the verbs the browser may send for it.
BROWSER_VERBS: dict[str, frozenset[str]] = {}

MAX_BODY_BYTES = 16 * 1024
MAX_CONTEXT_BYTES = 4 * 1024
MAX_CONTEXT_DEPTH = 5
RATE = "120/m"  # statements per learner per minute


def allow_browser_reports(kind: str, verbs) -> None:
    """Let the browser report ``verbs`` for activities of ``kind`` (from an app's
    ``AppConfig.ready``)."""
    BROWSER_VERBS[kind] = frozenset(verbs)


def depth(value, limit: int) -> int:
    """How deeply ``value`` nests, counting no further than ``limit + 1``."""
    if limit < 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((depth(child, limit - 1) for child in children), default=0)


def context_problem(context) -> str | None:
    """Why a statement's context is refused, or None."""
    if depth(context, MAX_CONTEXT_DEPTH) > MAX_CONTEXT_DEPTH:
        return "depth"
    if len(json.dumps(context, ensure_ascii=False).encode()) > MAX_CONTEXT_BYTES:
        return "size"
    return None
