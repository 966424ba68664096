from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from . import playing
from .models import DIMENSIONS, RoleplayAttempt, Scenario


def live_scenario(uuid) -> Scenario:
    return get_object_or_404(Scenario.objects.filter(live=True), uuid=uuid)


@login_required
@require_POST
def start(request, uuid):
    scenario = live_scenario(uuid)
    page = Page.objects.filter(pk=request.POST.get("page") or 0).first()
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
        playing.choose(attempt, position)
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
        "options": []
        if attempt.finished
        else scenario.choices_from(attempt.current_step),
    }
    if attempt.finished:
        context["dimensions"] = [
            (label, attempt.scores.get(name, 0), 2 * len(lines))
            for name, label in DIMENSIONS
        ]
        context["passed"] = not attempt.broke_rule
    return render(request, "roleplays/attempt.html", context)


@login_required
def cards(request, uuid):
    """Print-ready cards for pair practice: caller, handler, observer."""
    scenario = live_scenario(uuid)
    return render(
        request,
        "roleplays/cards.html",
        {"scenario": scenario, "dimensions": DIMENSIONS},
    )
