from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from .diagram import svg
from .graph import problems
from .models import Scenario
from .statistics import by_department, scenario_statistics


def diagram(request, pk):
    if not request.user.has_perm("roleplays.change_scenario"):
        raise PermissionDenied
    scenario = get_object_or_404(Scenario, pk=pk)
    # The latest draft, so editors check what they are about to publish.
    latest = (
        scenario.get_latest_revision_as_object()
        if scenario.latest_revision_id
        else scenario
    )
    steps = [(s.key, s.is_end) for s in latest.steps.all()]
    choices = [(c.step_key, c.leads_to, c.text) for c in latest.choices.all()]
    return render(
        request,
        "roleplays/admin/diagram.html",
        {
            "scenario": scenario,
            # Safe: every text in it is escaped by diagram.svg.
            "svg": mark_safe(svg(steps, choices)),  # noqa: S308
            "problems": problems(steps, [(s, t) for s, t, _x in choices]),
        },
    )


def statistics_index(request):
    if not request.user.has_perm("roleplays.change_scenario"):
        raise PermissionDenied
    return render(
        request,
        "roleplays/admin/statistics_index.html",
        {"departments": by_department()},
    )


def statistics_view(request, pk):
    if not request.user.has_perm("roleplays.change_scenario"):
        raise PermissionDenied
    scenario = get_object_or_404(Scenario, pk=pk)
    return render(
        request,
        "roleplays/admin/statistics.html",
        {"scenario": scenario, "stats": scenario_statistics(scenario)},
    )
