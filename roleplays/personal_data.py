"""What the role-plays keep about a person: their practice calls and the pair
sessions observed about them, or that they observed (the registry:
``ecirkel.personal_data``).

A practice call is written as the learner saw it: the caller's lines and their
answers with the feedback each got, not the script (the steps and choices not
taken); whether a choice broke a rule and the scores only once the call has ended.
"""

from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise, Keep, readable
from progress.personal_data import STATISTICS, hide_context, present_context

from .models import DIMENSIONS, ScenarioChoice
from .playing import has_passed

# A pair session's statement names the observer and the session: someone else, and
# an id that means nothing to the learner.
hide_context("observed_by", "session")


@present_context("path")
def readable_path(path):
    """A practice call's path: the answers chosen, by their text."""
    if not isinstance(path, list):
        return path
    choices = ScenarioChoice._base_manager.in_bulk(
        [e.get("choice") for e in path if isinstance(e, dict)]
    )
    return [
        readable(choices.get(e.get("choice")) if isinstance(e, dict) else None)
        for e in path
    ]


def present_attempt(attempt, person) -> dict:
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
        labels = dict(DIMENSIONS)
        row.update(
            outcome=current.outcome if current else None,
            passed=has_passed(attempt),
            scores={
                str(labels.get(name, name)): points
                for name, points in attempt.scores.items()
            },
        )
    else:
        row["caller_now_says"] = current.caller_says if current else None
    return row


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


personal_data.register(
    "roleplays.roleplayattempt",
    ["user"],
    title=_("Practice calls"),
    present=present_attempt,
    select_related=["scenario", "page"],
    prefetch_related=["scenario__steps", "scenario__choices"],
    erase=Keep(STATISTICS),
)
personal_data.register(
    "roleplays.observedsession",
    ["learner", "observer"],
    title=_("Observed pair sessions"),
    present=present_observed_session,
    select_related=["scenario", "observer"],
    erase={
        # The leader's notes are free text about the learner; the scores stay.
        "learner": Anonymise(notes=""),
        "observer": Keep(
            "The observation is about the learner; the observer's name goes with "
            "their account."
        ),
    },
)
