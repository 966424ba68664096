"""The course page's mindmap: built once per content version, states merged per request.

What was slow (issue 14): every view loaded each topic's full row with its StreamField
body to read a title and a URL, laid the map out again, and rendered it through a
template that included itself once per node (61 % of the time at 300 topics).

Now the topics are read lean (id, title, path, depth, url_path and the types of the
body's blocks, extracted in the database), the layout (``courses.mindmap``) and its
markup are cached with ``ecirkel.caching.fragment`` (publishing, unpublishing, moving
or deleting a page moves the content version on), and the markup is written in one
flat loop. The cached markup is the same for everyone: where a signed-in learner's
state goes it holds a slot (``<!--slot:class:42-->``, see
``ecirkel.caching.SlottedMarkup``), which no escaped title or address can contain.
Per request, one query reads the learner's states of the map's topics
(``progress.states.states_for``) and ``MapMarkup.render`` puts them in the slots, so
no learner ever sees another's state.
"""

from dataclasses import dataclass

from django.db.models import Func, JSONField
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Site

from ecirkel import caching
from progress.states import ProgressState, states_for

from .mindmap import Mindmap, MindmapTopic, build_mindmap, content_kinds


class BlockTypes(Func):
    """The types of a StreamField's top-level blocks (a JSON list of strings), read
    in the database so that the bodies themselves never leave it."""

    output_field = JSONField()
    template = "%(expressions)s"  # other databases: the body; ``block_types`` reads it
    sqlite_template = (
        "(SELECT json_group_array(json_extract(value, '$.type')) "
        "FROM json_each(%(expressions)s))"
    )
    postgresql_template = (
        "(SELECT coalesce(jsonb_agg(block->>'type'), '[]'::jsonb) "
        "FROM jsonb_array_elements(%(expressions)s) AS block)"
    )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template=self.sqlite_template, **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template=self.postgresql_template, **extra_context
        )


def block_types(value) -> list[str]:
    """The block types ``BlockTypes`` read, whichever form the database gave."""
    return [item["type"] if isinstance(item, dict) else item for item in value or ()]


def layout(course, request) -> Mindmap:
    """The course's map for the request's site, cached: two lean queries on a miss."""

    def build() -> Mindmap:
        rows = (
            course.get_topics()
            .only("title", "path", "depth", "url_path")
            .annotate(block_types=BlockTypes("body"))
        )
        return build_mindmap(
            root_title=course.title,
            root_depth=course.depth,
            topics=[
                MindmapTopic(
                    id=topic.pk,
                    title=topic.title,
                    url=topic.get_url(request=request),
                    depth=topic.depth,
                    path=topic.path,
                    kinds=content_kinds(block_types(topic.block_types)),
                )
                for topic in rows
            ],
            related=list(course.get_cross_links()),
        )

    return caching.fragment("mindmap-layout", course.pk, _site_id(request), build=build)


@dataclass(frozen=True)
class MapMarkup:
    """The map's markup cut where each topic's state goes (slots ``class``, ``dot``
    and ``label``, keyed by the topic's id)."""

    markup: caching.SlottedMarkup
    node_ids: tuple[int, ...]
    language: str  # the course's content language, for the page's ``lang``

    @classmethod
    def from_html(cls, html: str, node_ids, language: str) -> "MapMarkup":
        return cls(caching.SlottedMarkup.cut(html), tuple(node_ids), language)

    def render(self, states: dict[int, ProgressState]) -> SafeString:
        """The markup with the learner's state of each topic in its slots."""
        fills = {
            state: {
                "class": state.value,
                "dot": f'<span class="state-dot state-dot--{state.value}" '
                'aria-hidden="true"></span>',
                "label": f'<span class="visually-hidden">'
                f"({escape(str(state.label).lower())})</span>",
            }
            for state in ProgressState
        }
        default = ProgressState.NOT_STARTED
        return self.markup.fill(
            lambda slot, node_id: fills[states.get(node_id, default)][slot]
        )


def markup(course, request, *, show_states: bool) -> MapMarkup:
    """The map's markup for everyone signed in (with markers) or for visitors
    (without states), in the current language, cached."""

    def build() -> MapMarkup:
        mindmap = layout(course, request)
        html = render_to_string(
            "courses/includes/mindmap.html",
            {"mindmap": mindmap, "show_states": show_states},
        )
        # The template's indentation is a third of its size: a browser collapses
        # runs of white space to one anyway (the map has no <pre>).
        return MapMarkup.from_html(
            caching.compact_html(html),
            [node.id for node in mindmap.nodes],
            course.locale.language_code,
        )

    return caching.fragment(
        "mindmap-markup",
        course.pk,
        _site_id(request),
        get_language(),
        show_states,
        build=build,
        keep_in_process=True,
    )


def course_map(course, request) -> tuple[SafeString, MapMarkup]:
    """The map's HTML for this request's learner, and its cached markup."""
    user = getattr(request, "user", None)
    show_states = bool(user and user.is_authenticated)
    cached = markup(course, request, show_states=show_states)
    states = states_for(user, cached.node_ids) if show_states else {}
    return cached.render(states), cached


def _site_id(request) -> int | None:
    site = Site.find_for_request(request)
    return site.pk if site else None
