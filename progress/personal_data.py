"""A person's data: export everything (GDPR art. 15 and 20), or anonymise them.

"Everything" is found, not listed: every table in the project with a foreign key to the
user model, Wagtail's included, so a table added later is exported without a change
here. Each row is written for a person to read: a foreign key becomes the title of what
it points at (the quiz, the page, the course), a choice its label, and no foreign key
to another person is written at all.

A few tables need more than that, and have a presenter below (``PRESENTERS``):

- rows the person owns through a parent row (``OWNED_THROUGH``: the answers of their
  quiz attempts) are written inside the parent's row;
- a row found through the person may be about someone else (a circle leader's
  observation of a learner, the members of a circle they lead): only the person's own
  part of it is written;
- an answer key is written only once the learner may see it: a quiz attempt's layout
  never (for ordering and matching questions it is the answer key), the right answers
  only for a submitted attempt whose quiz's review policy allows it, a practice
  call's scores only once the call has ended.

The presenters of other apps' tables live here for now; a later change turns them into
declarations each app registers (as Moodle's privacy providers).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields import AutoFieldMixin
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

# Fields that are secrets, not personal data to hand out.
SECRET_FIELDS = {
    "users.user": {"password"},
    "wagtailcore.apitoken": {"key_hash"},
}
ANONYMOUS_NAME = "Raderad användare"

# The export follows foreign keys to the user only, so a table that hangs off a
# person's row instead must be declared in one of these two (a test checks it):
# rows that belong to the person through a parent row of theirs (model → its foreign
# key to the parent), written inside the parent's row by the parent's presenter;
OWNED_THROUGH = {"quizzes.attemptanswer": "attempt"}
# and rows that point at a row of the person's but are about someone else (model →
# that foreign key), never written.
ABOUT_OTHERS = {"circles.circlemembership": "circle"}  # the members of a circle led


def user_tables() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field name) for every concrete foreign key or one-to-one to the user.

    A field is listed once, on the model that declares it: the rows of a page type
    (multi-table inheritance) or a proxy are the rows of the table it extends.
    """
    User = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model is User
                and field.model is model
            ):
                yield model, field.name


# --- Presenting a row ----------------------------------------------------------------


@dataclass(frozen=True)
class Presenter:
    """How to present the rows of one table: ``present(obj, person)`` returns the
    row as a dict, or None to leave the row out."""

    present: Callable[[models.Model, models.Model], dict | None]
    title: str | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


PRESENTERS: dict[str, Presenter] = {}


def presents(label: str, *, title=None, select_related=(), prefetch_related=()):
    """Register the presenter of the table ``app_label.modelname``."""

    def register(function):
        PRESENTERS[label] = Presenter(
            function, title, tuple(select_related), tuple(prefetch_related)
        )
        return function

    return register


def readable(obj) -> str | None:
    """What a person calls the thing a foreign key points at: a page's or quiz's
    title, a circle's name, a question's text."""
    if obj is None:
        return None
    title = getattr(obj, "title", None)
    return str(title) if title else str(obj)


def plain_row(obj, person, *, skip=()) -> dict:
    """Every concrete field of the row, readable: foreign keys as titles, choices as
    labels, files as names; the person's own user keys, other people, secrets and
    automatic row numbers left out."""
    User = get_user_model()
    secret = SECRET_FIELDS.get(obj._meta.label_lower, set())
    row: dict = {}
    roles = []
    for field in obj._meta.concrete_fields:
        if field.name in secret or field.name in skip:
            continue
        if isinstance(field, AutoFieldMixin):
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


def rows_for(model, fields: list[str], person) -> list[dict]:
    label = model._meta.label_lower
    presenter = PRESENTERS.get(label)
    condition = Q()
    for field in fields:
        condition |= Q(**{field: person})
    rows = model._base_manager.filter(condition).order_by("pk")
    User = get_user_model()
    related = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is not User
    ]
    if presenter:
        rows = rows.select_related(*presenter.select_related).prefetch_related(
            *presenter.prefetch_related
        )
        presented = (presenter.present(obj, person) for obj in rows)
    else:
        rows = rows.select_related(*related)
        presented = (plain_row(obj, person) for obj in rows)
    return [row for row in presented if row is not None]


def table_title(model) -> str:
    presenter = PRESENTERS.get(model._meta.label_lower)
    if presenter and presenter.title:
        return str(presenter.title)
    return str(model._meta.verbose_name_plural)


def export(user) -> dict:
    """Everything kept about ``user``, as plain JSON data: their profile, and per
    table (keyed ``app_label.modelname``) a readable title and the rows."""
    profile = plain_row(user, user)
    profile["groups"] = sorted(user.groups.values_list("name", flat=True))
    profile["permissions"] = sorted(
        user.user_permissions.values_list("name", flat=True)
    )
    fields_by_model: dict = {}
    for model, field in user_tables():
        fields_by_model.setdefault(model, []).append(field)
    tables = {}
    for model, fields in fields_by_model.items():
        rows = rows_for(model, fields, user)
        if rows:
            tables[model._meta.label_lower] = {
                "title": table_title(model),
                "rows": rows,
            }
    data = {"user": profile, "tables": tables}
    # Round-trip through JSON so dates, UUIDs and decimals come out as strings.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# --- Progress ------------------------------------------------------------------------


def activity_fields(activity) -> dict:
    return {
        "activity": activity.title,
        "activity_kind": str(activity.get_kind_display()),
        "course": readable(activity.course),
    }


@presents(
    "progress.activityprogress",
    title=_("Progress per activity"),
    select_related=["activity__course"],
)
def present_progress(progress, person) -> dict:
    return {
        **activity_fields(progress.activity),
        **plain_row(progress, person, skip={"activity"}),
    }


@presents(
    "progress.statement",
    title=_("Everything you did (statements)"),
    select_related=["activity__course"],
)
def present_statement(statement, person) -> dict:
    row = {
        **activity_fields(statement.activity),
        **plain_row(statement, person, skip={"activity"}),
    }
    context = dict(statement.context or {})
    # Ids that mean nothing to the person, or point at someone else (the observer).
    context.pop("observed_by", None)
    context.pop("session", None)
    if isinstance(context.get("path"), list):
        choices = apps.get_model("roleplays", "ScenarioChoice")._base_manager.in_bulk(
            [e.get("choice") for e in context["path"] if isinstance(e, dict)]
        )
        context["path"] = [
            readable(choices.get(e.get("choice")) if isinstance(e, dict) else None)
            for e in context["path"]
        ]
    row["context"] = context
    return row


# --- Quizzes -------------------------------------------------------------------------


def choice_texts(ids, choices: dict) -> list[str]:
    return [choices[str(pk)].text for pk in ids or [] if str(pk) in choices]


def readable_response(question, response, choices: dict):
    """The learner's own answer in words: options by their text, never by id."""
    if response in (None, "", [], {}):
        return None
    kind = question.type
    if kind in ("single", "true_false"):
        choice = choices.get(str(response))
        return choice.text if choice else None
    if kind in ("multiple", "ordering"):
        return choice_texts(response if isinstance(response, list) else [], choices)
    if kind == "matching":
        if not isinstance(response, dict):
            return None
        return [
            {"item": choices[left].text, "matched_with": choices[right].match}
            for left, right in response.items()
            if left in choices and right in choices
        ]
    return str(response)


def right_answer(question, choices: dict):
    kind = question.type
    ordered = sorted(choices.values(), key=lambda c: (c.sort_order or 0, c.pk))
    if kind == "matching":
        return [{"item": c.text, "matched_with": c.match} for c in ordered]
    if kind == "ordering":
        return [c.text for c in ordered]
    if kind == "short_text":
        return question.accepted()
    if kind == "numeric":
        return {"number": question.number, "tolerance": question.tolerance}
    return [c.text for c in ordered if c.is_correct]


def present_answer(question, answer, reviewable: bool) -> dict:
    choices = {str(c.pk): c for c in question.choices.all()}
    response = answer.response if answer else None
    row = {
        "question": question.text,
        "type": str(question.get_type_display()),
        "your_answer": readable_response(question, response, choices),
    }
    if reviewable:
        picked = {str(r) for r in (response if isinstance(response, list) else [])}
        if isinstance(response, str):
            picked = {response}
        row.update(
            correct=answer.correct if answer else False,
            score=answer.score if answer else 0,
            right_answer=right_answer(question, choices),
            feedback=[
                c.feedback for pk, c in choices.items() if pk in picked and c.feedback
            ],
            explanation=question.explanation,
        )
    return row


@presents(
    "quizzes.attempt",
    title=_("Quiz attempts and your answers"),
    select_related=["quiz", "page"],
    prefetch_related=["answers"],
)
def present_quiz_attempt(attempt, person) -> dict:
    """The attempt and its answers in words. The layout (the order the options were
    shown in) is left out: for ordering and matching questions it is the answer key.
    Right answers, per-question scores and feedback only once the attempt is
    submitted and the quiz's review policy allows them."""
    from quizzes.attempts import may_review  # the quizzes' rule; see the docstring

    reviewable = not attempt.is_open and may_review(attempt)
    answers = {a.question_id: a for a in attempt.answers.all()}
    order = [e.get("question") for e in attempt.layout if isinstance(e, dict)]
    order += [pk for pk in answers if pk not in order]
    Question = apps.get_model("quizzes", "Question")
    questions = Question._base_manager.prefetch_related("choices").in_bulk(order)
    return {
        "uuid": attempt.uuid,
        "quiz": attempt.quiz.title,
        "page": readable(attempt.page),
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
        "answers": [
            present_answer(questions[pk], answers.get(pk), reviewable)
            for pk in order
            if pk in questions
        ],
    }


# --- Role-plays ----------------------------------------------------------------------


@presents(
    "roleplays.roleplayattempt",
    title=_("Practice calls"),
    select_related=["scenario", "page"],
    prefetch_related=["scenario__steps", "scenario__choices"],
)
def present_roleplay_attempt(attempt, person) -> dict:
    """The call as the learner saw it: the caller's lines and their answers with the
    feedback each got. Not the script (the steps and choices not taken); whether a
    choice broke a rule and the scores only once the call has ended, as on the page."""
    scenario = attempt.scenario
    steps = {step.key: step for step in scenario.steps.all()}
    choices = {choice.pk: choice for choice in scenario.choices.all()}
    call = []
    for entry in attempt.path:
        step = steps.get(entry.get("step")) if isinstance(entry, dict) else None
        choice = choices.get(entry.get("choice")) if isinstance(entry, dict) else None
        line = {
            "caller_said": step.caller_says if step else None,
            "you_answered": choice.text if choice else None,
            "feedback": choice.feedback if choice else None,
        }
        if attempt.finished:
            line["broke_a_rule"] = bool(choice and choice.breaks_rule)
        call.append(line)
    current = steps.get(attempt.current_step)
    row = {
        "uuid": attempt.uuid,
        "scenario": scenario.title,
        "page": readable(attempt.page),
        "started_at": attempt.started_at,
        "finished_at": attempt.finished_at,
        "call": call,
    }
    if attempt.finished:
        labels = dict(apps.get_app_config("roleplays").models_module.DIMENSIONS)
        row.update(
            outcome=current.outcome if current else None,
            passed=not attempt.broke_rule,
            scores={
                str(labels.get(name, name)): points
                for name, points in attempt.scores.items()
            },
        )
    else:
        row["caller_now_says"] = current.caller_says if current else None
    return row


@presents(
    "roleplays.observedsession",
    title=_("Observed pair sessions"),
    select_related=["scenario", "observer"],
)
def present_observed_session(session, person) -> dict:
    """A learner gets the whole observation about them, with who made it (its
    source, GDPR art. 15(1)(g)). The observer gets only that they observed a session
    of the scenario: the learner, the scores and the notes are about someone else."""
    if session.learner_id == person.pk:
        observer = session.observer
        return {
            "scenario": session.scenario.title,
            "observed_by": (observer.get_full_name() or observer.get_username())
            if observer
            else None,
            "empathy": session.empathy,
            "correctness": session.correctness,
            "routing": session.routing,
            "notes": session.notes,
            "created_at": session.created_at,
        }
    return {
        "scenario": session.scenario.title,
        "your_role": str(_("observer")),
        "created_at": session.created_at,
    }


# --- Study circles -------------------------------------------------------------------


@presents(
    "circles.studycircle",
    title=_("Study circles you lead"),
    prefetch_related=["courses"],
)
def present_led_circle(circle, person) -> dict:
    """The leader's own data is the circle, not its members' data."""
    return {
        "name": circle.name,
        "courses": [course.title for course in circle.courses.all()],
        "created_at": circle.created_at,
    }


@presents(
    "circles.circlemembership",
    title=_("Study circles you take part in"),
    select_related=["circle"],
)
def present_membership(membership, person) -> dict:
    return {"circle": membership.circle.name, "joined_at": membership.joined_at}


# --- Forgetting ----------------------------------------------------------------------


@transaction.atomic
def anonymise(user) -> None:
    """Remove what identifies the person; keep their progress for statistics."""
    from certificates.models import Certificate
    from progress.models import Statement

    user.username = f"raderad-{user.pk}"
    user.first_name = ""
    user.last_name = ANONYMOUS_NAME
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # A certificate is a named proof for one person: it goes.
    Certificate.objects.filter(user=user).delete()
    # Free text from clients may hold anything; scores, verbs and times stay.
    Statement.objects.filter(actor=user).exclude(context={}).update(context={})
    # The circle leader's notes on a pair session are free text about the person.
    apps.get_model("roleplays", "ObservedSession").objects.filter(learner=user).update(
        notes=""
    )
    profile_model = apps.get_model("wagtailusers", "UserProfile")
    profile_model.objects.filter(user=user).delete()
