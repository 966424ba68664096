from django.utils.safestring import mark_safe

from ecirkel.admin_menu import ReportIndexView, ReportView

from .diagram import svg
from .graph import problems
from .models import Scenario
from .statistics import by_department, scenario_statistics


class DiagramView(ReportView):
    """The script as a diagram, with its problems: of the latest draft, so editors
    check what they are about to publish."""

    model = Scenario
    template_name = "roleplays/admin/diagram.html"

    def get_context_data(self, **kwargs):
        scenario = self.object
        latest = (
            scenario.get_latest_revision_as_object()
            if scenario.latest_revision_id
            else scenario
        )
        steps = [(s.key, s.is_end) for s in latest.steps.all()]
        choices = [(c.step_key, c.leads_to, c.text) for c in latest.choices.all()]
        return super().get_context_data(
            # Safe: every text in it is escaped by diagram.svg.
            svg=mark_safe(svg(steps, choices)),  # noqa: S308
            problems=problems(steps, [(s, t) for s, t, _x in choices]),
            **kwargs,
        )


class StatisticsIndexView(ReportIndexView):
    model = Scenario
    template_name = "roleplays/admin/statistics_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(departments=by_department(), **kwargs)


class StatisticsView(ReportView):
    model = Scenario
    template_name = "roleplays/admin/statistics.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stats=scenario_statistics(self.object), **kwargs
        )
