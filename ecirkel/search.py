"""Site search: pages (topic text, lecture descriptions) and what lectures say.

Wagtail's search backend: the database backend by default, PostgreSQL full text with the
Swedish configuration in production. A hit in a transcript links to that moment of the
lecture (``?t=SECONDS``), where the player starts.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from lectures.models import CaptionTrack, Cue, LecturePage

MAX_RESULTS = 20


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    pages, moments = [], []
    if query:
        visible = Page.objects.live()
        if not request.user.is_authenticated:
            visible = visible.public()
        pages = list(visible.specific().search(query)[:MAX_RESULTS])
        lectures = LecturePage.objects.live()
        if not request.user.is_authenticated:
            lectures = lectures.public()
        tracks = CaptionTrack.objects.filter(page__in=lectures).values_list(
            "pk", flat=True
        )
        cues = Cue.objects.filter(track_id__in=list(tracks)).select_related(
            "track__page"
        )
        for cue in get_search_backend().search(query, cues)[:MAX_RESULTS]:
            lecture = cue.track.page
            minutes, seconds = divmod(int(cue.start), 60)
            moments.append(
                {
                    "lecture": lecture,
                    "url": f"{lecture.get_url(request)}?t={int(cue.start)}",
                    "time": f"{minutes:02d}:{seconds:02d}",
                    "text": cue.text,
                }
            )
    return render(
        request,
        "search.html",
        {
            "query": query,
            "pages": pages,
            "moments": moments,
            "hits": len(pages) + len(moments),
        },
    )
