"""The learner's evaluation form and the results for editors and circle leaders."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from circles.models import StudyCircle

from . import answering
from . import results as computing
from .forms import AnswerForm
from .models import MIN_RESPONSES, Evaluation, Invitation

VIEW_ALL = "evaluations.view_evaluation"
# The evaluation just answered, kept in the session across the redirect after the
# POST so that the next page thanks for the answers instead of saying "already".
JUST_ANSWERED = "evaluations_just_answered"


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, uuid):
    """Only an invited learner sees the form; others get a 404 (the address tells
    them nothing), and who has answered is thanked instead."""
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("course"), uuid=uuid
    )
    invitation = Invitation.objects.filter(
        evaluation=evaluation, user=request.user
    ).first()
    if invitation is None:
        raise Http404(_("You are not invited to this evaluation."))
    if invitation.answered:
        if request.method == "POST":
            # A second submit (a refresh, another tab, a double click that lost the
            # race) goes to the page as the first one did (post/redirect/get).
            return redirect("evaluations:answer", uuid=evaluation.uuid)
        just_answered = request.session.pop(JUST_ANSWERED, None) == str(uuid)
        return render(
            request,
            "evaluations/answered.html",
            {"evaluation": evaluation, "just_answered": just_answered},
        )
    if not evaluation.is_open:
        return render(request, "evaluations/closed.html", {"evaluation": evaluation})
    questions = evaluation.questions.all()
    # A POST with an empty form (no fields, a JSON body) is judged as a blank form,
    # not shown as a new one.
    form = AnswerForm(
        request.POST if request.method == "POST" else None, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        if answering.submit(invitation, list(form.answers())):
            request.session[JUST_ANSWERED] = str(evaluation.uuid)
        return redirect("evaluations:answer", uuid=evaluation.uuid)
    return render(
        request,
        "evaluations/answer.html",
        {
            "evaluation": evaluation,
            "form": form,
            "rows": form.rows(),
            "error_links": form.error_links(),
        },
        status=400 if form.errors else 200,
    )


def readable_circles(user, evaluation) -> list:
    """The circles whose results the user may read: every circle of the course (or
    with responses) for editors; a leader's own."""
    course = evaluation.course_id
    circles = StudyCircle.objects.filter(
        Q(courses=course) | Q(pk__in=evaluation.responses.values("circle"))
    )
    if not user.has_perm(VIEW_ALL):
        circles = circles.filter(leader=user)
    return list(circles.distinct().order_by("name"))


def chosen_circle(request, circles, may_see_course):
    wanted = request.GET.get("cirkel", "")
    if wanted:
        circle = next((c for c in circles if str(c.pk) == wanted), None)
        if circle is None:
            raise Http404(_("No such circle among yours."))
        return circle
    if may_see_course:
        return None
    return circles[0]


@login_required
@require_GET
def results(request, uuid):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("course"), uuid=uuid
    )
    editor = request.user.has_perm(VIEW_ALL)
    circles = readable_circles(request.user, evaluation)
    if not editor and not circles:
        raise Http404(_("You may not see these results."))
    circle = chosen_circle(request, circles, editor)
    responses = evaluation.responses.all()
    counts = computing.circle_counts(evaluation)
    if circle is None:
        count = sum(counts.values())
        shown = computing.course_total_is_safe(counts)
    else:
        responses = responses.filter(circle=circle)
        count = counts.get(circle.pk, 0)
        shown = count >= MIN_RESPONSES
    return render(
        request,
        "evaluations/results.html",
        {
            "evaluation": evaluation,
            "circles": circles,
            "circle": circle,
            "may_see_course": editor,
            "count": count,
            "shown": shown,
            # Below the minimum the page says only that, not how many answered.
            "withheld_by_difference": circle is None
            and not shown
            and count >= MIN_RESPONSES,
            "min_responses": MIN_RESPONSES,
            "results": computing.results(evaluation, responses, with_names=editor)
            if shown
            else [],
        },
    )
