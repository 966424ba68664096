from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.models import Page

from .models import LecturePage


@hooks.register("before_bulk_action")
def refuse_to_bulk_publish_unfinished_lectures(request, action_type, objects, action):
    """Bulk publishing ("Publish" on selected pages, optionally with their drafts
    below) must not put live a lecture the page form would refuse: list why and
    publish nothing. LecturePage.publish refuses too; this turns it into a message."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    ids = {page.pk for page in objects}
    if action.get_execution_context().get("include_descendants"):
        for page in objects:
            ids.update(page.get_descendants().not_live().values_list("pk", flat=True))
    problems = [
        problem
        for lecture in LecturePage.objects.filter(pk__in=ids).order_by("path")
        for problem in (lecture.get_latest_revision_as_object()).publishing_problems()
    ]
    if not problems:
        return None
    for problem in problems:
        messages.error(request, problem)
    return redirect(action.next_url)
