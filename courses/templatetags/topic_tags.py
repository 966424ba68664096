"""A topic page's content: ``{% topic_content %}`` (courses/topic_page.html).

Breadcrumbs, summary, the body's blocks, subtopics, related topics and attribution
are the same for every logged-in reader; rendering them was about a quarter of a
learner's topic page (issue 14). They are kept (``localfacts.kept``) with a slot for
the learner's own "done" state.
"""

from django import template

from localfacts.kept import kept_content, render

register = template.Library()

CONTENT = "courses/includes/topic_content.html"
STATE = "courses/includes/topic_state.html"


@register.simple_tag(takes_context=True)
def topic_content(context):
    return kept_content(
        context, CONTENT, pieces={"state": lambda: render(context, STATE)}
    )
