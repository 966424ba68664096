"""The requirement tables on Min utveckling: the rows are the same for everyone and
cached; each learner's state and score go into them per request.

What was slow (issue 14): the template rendered every requirement's row (a link
looked up by id, a badge, a translated state, a score) on every request: for a
learner in a circle that follows 300-topic courses, 38 of the page's 55 ms of CPU.

Now a course's table is rendered once per content version, site and language, with
a marker (``<!--mark:7-->``) where a row's two per-learner cells go; no escaped
title or address can contain one. Per request ``RequirementsTable.render`` puts the
learner's cells in place of the markers, built from a few fixed pieces of markup,
so no learner ever sees another's state.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from ecirkel import caching
from progress.completion import CourseProgress, Mark
from progress.states import ProgressState

MARKER = re.compile(r"<!--mark:(\d+)-->")


@dataclass(frozen=True)
class RequirementsTable:
    """A course's requirements table cut at its markers, and the requirements'
    addresses (for the "Next" link)."""

    pieces: tuple[str, ...]  # text, then the text after each row's marker
    urls: dict[int, str]

    @classmethod
    def from_html(cls, html: str, urls: dict[int, str]) -> "RequirementsTable":
        # split() gives text, index, text, index, …: the indices are the rows' own
        # order, so only the texts are kept.
        return cls(tuple(MARKER.split(html)[::2]), urls)

    def render(self, progress: CourseProgress) -> SafeString:
        """The table with the learner's state and best score in each row."""
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
        parts = [self.pieces[0]]
        for (_req, mark, met), text in zip(
            progress.items, self.pieces[1:], strict=True
        ):
            parts.append(states[mark.state, met])
            parts.append(f"<td>{_score(mark)}</td>")
            parts.append(text)
        # Safe: the cached rows were rendered with autoescape; the cells are fixed
        # markup with escaped labels and whole numbers.
        return mark_safe("".join(parts))  # noqa: S308


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
