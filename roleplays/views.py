from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecirkel import learners
from ecirkel.placements import placement_page
from progress.activities import activity_for_placement
from progress.recording import Result, record

from . import playing
from .forms import ObservationForm
from .models import ObservedSession, RoleplayAttempt, Scenario
from .scoring import DIMENSIONS, SCORE_RANGE


def live_scenario(uuid) -> Scenario:
    return get_object_or_404(Scenario.objects.filter(live=True), uuid=uuid)


@login_required
@require_POST
def start(request, uuid):
    scenario = live_scenario(uuid)
    page = placement_page(
        request, request.POST.get("page"), "roleplay", "scenario", scenario.pk
    )
    attempt = playing.start(scenario, request.user, page)
    return HttpResponseRedirect(reverse("roleplays:attempt", args=[attempt.uuid]))


@login_required
@require_http_methods(["GET", "POST"])
def attempt_view(request, uuid):
    attempt = get_object_or_404(
        RoleplayAttempt.objects.select_related("scenario"), uuid=uuid, user=request.user
    )
    if request.method == "POST":
        try:
            position = int(request.POST.get("choice", ""))
        except ValueError:
            position = -1
        try:
            playing.choose(attempt, position, request.POST.get("step", ""))
        except playing.StaleChoice:
            messages.warning(
                request,
                _(
                    "That answer was for an earlier moment of the call and was not "
                    "counted. Answer what the caller says now."
                ),
            )
        return HttpResponseRedirect(reverse("roleplays:attempt", args=[attempt.uuid]))
    scenario = attempt.scenario
    lines = playing.transcript(attempt)
    step = scenario.step_map().get(attempt.current_step)
    context = {
        "attempt": attempt,
        "scenario": scenario,
        "step": step,
        "lines": lines,
        "last": lines[-1] if lines else None,
        "options": [] if attempt.finished else playing.options(attempt),
        # What "Ge synpunkter" in the base template is about: the call, on its page.
        "feedback_page": attempt.page,
        "feedback_subject": scenario,
    }
    if attempt.finished:
        best = playing.best_possible(scenario)
        context["dimensions"] = [
            (label, attempt.scores.get(name, 0), best[name])
            for name, label in DIMENSIONS
        ]
        context["passed"] = playing.has_passed(attempt)
        context["percent"] = round(
            playing.scaled(attempt.scores, len(attempt.path)) * 100
        )
    return render(request, "roleplays/attempt.html", context)


@login_required
def cards(request, uuid):
    """Print-ready cards for pair practice: caller, handler, observer."""
    scenario = live_scenario(uuid)
    page = placement_page(
        request, request.GET.get("page"), "roleplay", "scenario", scenario.pk
    )
    return render(
        request,
        "roleplays/cards.html",
        {
            "scenario": scenario,
            "dimensions": DIMENSIONS,
            "score_range": SCORE_RANGE,
            "page": page,
            "feedback_page": page,
            "feedback_subject": scenario,
            "can_observe": observable_learners(
                request.user, page.specific.get_course()
            ).exists(),
        },
    )


def observable_learners(user, course):
    """Learners whose pair sessions this user may score on a call in ``course``:
    those in their charge (the circles they lead that follow the course; for
    editors, every circle that does), as ``ecirkel.learners`` is told."""
    return learners.in_charge_of(user, course)


@login_required
@require_http_methods(["GET", "POST"])
def observe(request, uuid):
    """A circle leader records the scores of an observed pair session for a learner,
    for the placement of the call (the page it is on) named in ``page``."""
    scenario = live_scenario(uuid)
    page = placement_page(
        request,
        request.POST.get("page") or request.GET.get("page"),
        "roleplay",
        "scenario",
        scenario.pk,
    )
    learners = observable_learners(request.user, page.specific.get_course())
    if not learners.exists():
        raise PermissionDenied
    form = ObservationForm(request.POST or None, learners=learners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = ObservedSession.objects.create(
            scenario=scenario,
            learner=data["learner"],
            observer=request.user,
            page=page,
            empathy=data["empathy"],
            correctness=data["correctness"],
            routing=data["routing"],
            notes=data["notes"],
        )
        scores = {
            "empathy": session.empathy,
            "correctness": session.correctness,
            "routing": session.routing,
        }
        record(
            data["learner"],
            activity_for_placement(scenario, "roleplay", page),
            "completed",
            # No score: the best result of a call is what the learner scored playing
            # it; the observer's points stay with the session (and in its context).
            result=Result(completion=True),
            context={
                "observed_by": request.user.pk,
                "session": session.pk,
                "observed_score": str(playing.scaled(scores, 1)),
            },
        )
        messages.success(
            request,
            _("The session is recorded for %(name)s.")
            % {"name": data["learner"].get_full_name() or data["learner"]},
        )
        return HttpResponseRedirect(
            reverse("roleplays:observe", args=[scenario.uuid]) + f"?page={page.pk}"
        )
    return render(
        request,
        "roleplays/observe.html",
        {"scenario": scenario, "form": form, "page": page},
    )
