"""The requirement tables on Min utveckling: the rows are the same for everyone and
cached; each learner's state and score go into them per request.

What was slow (issue 14): the template rendered every requirement's row (a link
looked up by id, a badge, a translated state, a score) on every request: for a
learner in a circle that follows 300-topic courses, 38 of the page's 55 ms of CPU.

Now a course's table is rendered once per content version, site and language, with
a slot (``<!--slot:cells:7-->``, ``ecirkel.caching.SlottedMarkup``) where a row's
two per-learner cells go; no escaped title or address can contain one. Per request
``RequirementsTable.render`` puts the learner's cells in the slots, built from a few
fixed pieces of markup, so no learner ever sees another's state.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from ecirkel import caching
from progress.completion import CourseProgress, Mark
from progress.states import ProgressState


@dataclass(frozen=True)
class RequirementsTable:
    """A course's requirements table cut where each row's two cells go (slot
    ``cells``, keyed by the row's index), and the requirements' addresses (for the
    "Next" link)."""

    markup: caching.SlottedMarkup
    urls: dict[int, str]

    @classmethod
    def from_html(cls, html: str, urls: dict[int, str]) -> "RequirementsTable":
        return cls(caching.SlottedMarkup.cut(html), urls)

    def render(self, progress: CourseProgress) -> SafeString:
        """The table with the learner's state and best score in each row."""
        if len(self.markup.slots) != len(progress.items):
            raise ValueError("the cached table has other rows than the requirements")
        # Outside the f-string: gettext's extraction does not look inside one.
        met_label = escape(_("(requirement met)"))
        met_note = f' <span class="visually-hidden">{met_label}</span>✓'
        states = {
            (state, met): (
                f'<td><span class="state-dot state-dot--{state.value}" '
                f'aria-hidden="true"></span>{escape(state.label)}'
                f"{met_note if met else ''}</td>"
            )
            for state in ProgressState
            for met in (False, True)
        }

        def cells(_slot: str, row: int) -> str:
            _requirement, mark, met = progress.items[row]
            return f"{states[mark.state, met]}<td>{_score(mark)}</td>"

        return self.markup.fill(cells)


def _score(mark: Mark) -> str:
    # As {% widthratio score 1 100 %} wrote it: a whole per cent.
    return "–" if mark.score is None else f"{round(float(mark.score) * 100)} %"


def table_for(progress: CourseProgress, request) -> RequirementsTable:
    """The course's cached table for the request's host and language."""
    course = progress.course
    requirements = [req for req, _mark, _met in progress.items]

    def build() -> RequirementsTable:
        page_ids = [req.page_id for req in requirements]
        urls = {
            page.pk: page.get_url(request)
            for page in Page.objects.filter(pk__in=page_ids)
        }
        html = render_to_string(
            "dashboard/includes/requirements.html",
            {"course": course, "requirements": requirements, "urls": urls},
        )
        return RequirementsTable.from_html(caching.compact_html(html), urls)

    return caching.fragment(
        "requirements-table",
        course.pk,
        request.get_host(),
        get_language(),
        # The rows themselves are in the key: a table built from requirements read
        # just before a publish committed can never be paired with newer ones.
        *(f"{req.page_id}:{req.must_pass:d}:{req.title}" for req in requirements),
        build=build,
        keep_in_process=True,
    )
