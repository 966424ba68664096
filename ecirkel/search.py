"""Site search: everything a learner may read, with the matching words in context.

What is searched, always only where the visitor may look (Wagtail's privacy
settings: public, login-only, group-only and password pages):

- pages: titles, summaries, introductions and topic text;
- quizzes and practice calls, which are snippets placed on topic pages: a quiz's
  title and introduction, a call's title, summary and what the caller says. A hit
  links to each live topic that places it and that the visitor may view (found
  through Wagtail's reference index, then checked against the live page). Questions,
  options, the handler's answers and feedback are never searched: they could tell
  which answer is right;
- what is said in lectures: a transcript hit links to that moment (``?t=SECONDS``).

Wagtail's search backend: the database backend by default (SQLite: full text, whole
words), PostgreSQL full text with the Swedish configuration (stemming). Each search
also asks the backend's autocomplete, so a word finds the longer words it begins:
"hemtjänst" finds "hemtjänsten" on SQLite too. Each hit shows a snippet of its text
with the matching words in <mark>; the snippet is built here, escaped, the same on
both databases.
"""

import html
import re

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.search.backends import get_search_backend

from ecirkel import caching, locales
from ecirkel.placements import holds_block
from lectures.models import CaptionTrack, Cue, LecturePage
from localfacts.facts import current as local_facts
from localfacts.facts import signature
from localfacts.placeholders import render as with_local_facts
from quizzes.models import Quiz
from roleplays.models import Scenario

MAX_RESULTS = 20
# How long what a query found is kept (plain data: addresses, titles, snippets).
SEARCH_SECONDS = 600
MAX_QUERY = 200
SNIPPET_CHARS = 200
# Page fields whose text is shown in a snippet (what the page shows a reader).
TEXT_FIELDS = ("summary", "intro", "audience", "description", "body")
WORD = re.compile(r"\w+")


# --- Matching words in context -----------------------------------------------------


def query_terms(query: str) -> list[str]:
    """The words of a query, at most ten, each at least two letters."""
    return [t.casefold() for t in WORD.findall(query) if len(t) >= 2][:10]


def stem(term: str) -> str:
    """A word's start, to mark the forms the search finds: "hemtjänst" marks
    "hemtjänsten", "samtalen" marks "samtal" (PostgreSQL stems Swedish)."""
    return term if len(term) <= 5 else term[: max(5, len(term) - 2)]


def term_pattern(query: str) -> re.Pattern | None:
    stems = sorted({stem(t) for t in query_terms(query)}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE
    )


def plain(text: str, rich: bool = False) -> str:
    """Text as one line; rich text (HTML) without its tags and entities. Plain
    text keeps whatever it says, "<" included: it is escaped when shown."""
    text = text or ""
    if rich:
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def marked(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` escaped, with the matching words in <mark>."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def snippet(text: str, pattern: re.Pattern | None, width: int = SNIPPET_CHARS):
    """Up to ``width`` characters of plain ``text`` around its first matching word,
    cut at word boundaries, with "…" where text was left out, the matches marked."""
    text = plain(text)
    if not text:
        return ""
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.end() > width * 2 // 3:
        start = max(0, match.start() - width // 3)
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (match.end() if match else start) else end
    piece = marked(text[start:end], pattern)
    return format_html(
        "{}{}{}", "… " if start else "", piece, " …" if end < len(text) else ""
    )


# --- What the visitor may see ------------------------------------------------------


def refused_paths(request) -> list[str]:
    """The paths of the pages whose view restriction the visitor does not pass."""
    return sorted(
        restriction.page.path
        for restriction in PageViewRestriction.objects.select_related("page")
        if not restriction.accept_request(request)
    )


def visible_pages(request, refused=None):
    """Live pages the visitor may view by Wagtail's privacy settings."""
    pages = Page.objects.live()
    for path in refused_paths(request) if refused is None else refused:
        pages = pages.exclude(path__startswith=path)
    return pages


def search_with_prefixes(queryset, query: str, limit: int = MAX_RESULTS) -> list:
    """Full-text hits first, then those found only as the start of a longer word."""
    backend = get_search_backend()
    found = list(backend.search(query, queryset)[:limit])
    seen = {item.pk for item in found}
    for item in backend.autocomplete(query, queryset)[:limit]:
        if item.pk not in seen and len(found) < limit:
            found.append(item)
            seen.add(item.pk)
    return found


def block_text(block, value) -> list[str]:
    """The text a block shows a reader; a choice's label (a heading's level, say)
    is not text of the page."""
    if value is None or isinstance(block, blocks.ChoiceBlock):
        return []
    if isinstance(block, blocks.RichTextBlock):
        return [plain(value.source, rich=True)]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in block_text(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        items = [(block.child_block, item) for item in value]
    elif isinstance(block, blocks.StreamBlock):
        items = [(child.block, child.value) for child in value]
    else:
        return [str(text) for text in block.get_searchable_content(value)]
    return [text for child, item in items for text in block_text(child, item)]


def page_text(page) -> str:
    parts = []
    for name in TEXT_FIELDS:
        value = getattr(page, name, None)
        if not value:
            continue
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            parts += [plain(text) for text in block_text(field.stream_block, value)]
        else:
            parts.append(plain(str(value), rich=isinstance(field, RichTextField)))
    return " ".join(part for part in parts if part)


def placements(objects, block_type: str, field: str, visible) -> dict[int, list]:
    """For each object's pk, the live pages the visitor may view whose body places
    it (reference index, then the live page's own blocks)."""
    if not objects:
        return {}
    page_type = ContentType.objects.get_for_model(Page)
    refs = ReferenceIndex.get_references_to_in_bulk(objects).filter(
        base_content_type=page_type
    )
    wanted: dict[int, set[int]] = {}
    for to_id, page_id in refs.values_list("to_object_id", "object_id"):
        wanted.setdefault(int(page_id), set()).add(int(to_id))
    pages = visible.filter(pk__in=wanted).specific().order_by("path")
    found: dict[int, list] = {}
    for page in pages:
        for pk in sorted(wanted[page.pk]):
            if holds_block(page, block_type, field, pk):
                found.setdefault(pk, []).append(page)
    return found


# --- The view ----------------------------------------------------------------------


def exercise_hits(request, words, pattern, visible) -> list[dict]:
    """Quizzes and practice calls the query finds, one hit per visible placement."""
    facts = local_facts(request)
    hits = []
    kinds = [
        (Quiz, "quiz", "quiz", "quiz"),
        (Scenario, "roleplay", "scenario", "roleplay"),
    ]
    for model, block_type, field, anchor in kinds:
        found = search_with_prefixes(model.objects.filter(live=True), words)
        where = placements(found, block_type, field, visible)
        for item in found:
            if block_type == "quiz":
                text = item.intro
            else:
                # The summary and the caller's opening line: later lines (the
                # endings above all) would give away how the call can turn out.
                opening = next(iter(item.steps.all()), None)
                says = [opening.caller_says] if opening else []
                text = " ".join([item.summary, *says])
            for page in where.get(item.pk, []):
                hits.append(
                    {
                        "kind": block_type,
                        "title": marked(item.title, pattern),
                        "page": {"title": page.title},
                        "url": f"{page.get_url(request)}#{anchor}-{item.pk}",
                        "snippet": snippet(with_local_facts(text, facts), pattern),
                    }
                )
    return hits[:MAX_RESULTS]


def find(request, words, pattern, facts, refused) -> tuple[list, list, list]:
    """(pages, quizzes and practice calls, lecture moments) the words find.

    Snippets show this installation's local facts where the text has a placeholder
    ([[telefon]]), as the page itself does."""
    pages, exercises, moments = [], [], []
    visible = visible_pages(request, refused)
    found = locales.attach(search_with_prefixes(visible.specific(), words))
    for page in found:
        pages.append(
            {
                "url": page.get_url(request),
                "language": page.locale.language_code,
                "title": marked(page.title, pattern),
                "snippet": snippet(with_local_facts(page_text(page), facts), pattern),
            }
        )
    exercises = exercise_hits(request, words, pattern, visible)
    lectures = LecturePage.objects.filter(pk__in=visible.values("pk"))
    tracks = CaptionTrack.objects.filter(page__in=lectures).values_list("pk", flat=True)
    cues = Cue.objects.filter(track_id__in=list(tracks)).select_related("track__page")
    for cue in get_search_backend().search(words, cues)[:MAX_RESULTS]:
        lecture = cue.track.page
        minutes, seconds = divmod(int(cue.start), 60)
        moments.append(
            {
                "lecture": {"title": lecture.title},
                "url": f"{lecture.get_url(request)}?t={int(cue.start)}",
                "time": f"{minutes:02d}:{seconds:02d}",
                "text": marked(with_local_facts(cue.text, facts), pattern),
            }
        )
    return pages, exercises, moments


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())
    query = query[:MAX_QUERY]
    pattern = term_pattern(query)
    # The backends get the words only: quotes, brackets and operators mean
    # something to SQLite's and PostgreSQL's full-text syntax.
    words = " ".join(WORD.findall(query))
    pages, exercises, moments = [], [], []
    if words and pattern is not None:
        # What a query finds is the same for every visitor who may see the same
        # pages: kept (for SEARCH_SECONDS) by the query, the restrictions the
        # visitor does not pass, the local facts the snippets show, the host the
        # addresses are for and the language. Publishing moves the version on.
        facts = local_facts(request)
        refused = refused_paths(request)
        pages, exercises, moments = caching.fragment(
            "search",
            words,
            query,
            "|".join(refused),
            signature(facts),
            request.get_host(),
            getattr(request, "LANGUAGE_CODE", ""),
            build=lambda: find(request, words, pattern, facts, refused),
            timeout=SEARCH_SECONDS,
        )
    return render(
        request,
        "search.html",
        {
            "query": query,
            "pages": pages,
            "exercises": exercises,
            "moments": moments,
            "hits": len(pages) + len(exercises) + len(moments),
        },
    )
