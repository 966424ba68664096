from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecirkel.placements import placement_page

from . import attempts as service
from .models import Attempt, Quiz


def live_quiz(uuid) -> Quiz:
    return get_object_or_404(Quiz.objects.filter(live=True), uuid=uuid)


@login_required
@require_POST
def start(request, uuid):
    quiz = live_quiz(uuid)
    page = placement_page(request, request.POST.get("page"), "quiz", "quiz", quiz.pk)
    try:
        attempt = service.start_or_resume(quiz, request.user, page)
    except service.QuizClosed:
        messages.error(request, _("You have used all your attempts at this quiz."))
        return HttpResponseRedirect(page.get_url(request))
    except service.QuizEmpty:
        messages.error(
            request,
            _(
                "This quiz has no questions at the moment, so it cannot be taken. "
                "Tell the course's editor."
            ),
        )
        return HttpResponseRedirect(page.get_url(request))
    return HttpResponseRedirect(reverse("quizzes:attempt", args=[attempt.uuid]))


@login_required
@require_http_methods(["GET", "POST"])
def attempt_view(request, uuid):
    """The attempt: its questions while open, its result once submitted."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz"), uuid=uuid, user=request.user
    )
    if request.method == "POST" and attempt.is_open:
        if "submit" in request.POST:
            submission = service.submit(attempt, request.POST)
            if submission.late:
                messages.warning(
                    request, _("The time was up: only answers saved before it count.")
                )
        else:
            if attempt.deadline and timezone.now() > attempt.deadline + service.GRACE:
                service.submit(attempt, request.POST)
            else:
                service.save_answers(attempt, request.POST)
                messages.success(request, _("Your answers are saved."))
        return HttpResponseRedirect(reverse("quizzes:attempt", args=[attempt.uuid]))
    if request.method == "POST":  # submitted twice: show the one result
        return HttpResponseRedirect(reverse("quizzes:attempt", args=[attempt.uuid]))
    if attempt.is_open:
        if attempt.deadline and timezone.now() > attempt.deadline + service.GRACE:
            service.submit(attempt, {})
            attempt.refresh_from_db()
        else:
            return render(
                request,
                "quizzes/attempt.html",
                {
                    "attempt": attempt,
                    "items": question_items(attempt),
                    **feedback_context(attempt),
                },
            )
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "review": service.may_review(attempt),
            "items": question_items(attempt, graded=True),
            "attempts_left": service.attempts_left(
                attempt.quiz, request.user, attempt.page
            ),
            **feedback_context(attempt),
        },
    )


def feedback_context(attempt: Attempt) -> dict:
    """What "Ge synpunkter" in the base template is about: the quiz, on its page."""
    return {"feedback_page": attempt.page, "feedback_subject": attempt.quiz}


def question_items(attempt: Attempt, graded: bool = False) -> list[dict]:
    """What the templates need per question: text and options by position only."""
    answers = {a.question_id: a for a in attempt.answers.all()}
    items = []
    for question, entry in service.entries(attempt):
        choices = {c.pk: c for c in question.choices.all()}
        answer = answers.get(question.pk)
        response = answer.response if answer else None
        options = [choices[pk] for pk in entry["options"] if pk in choices]
        matches = [choices[pk] for pk in entry["matches"] if pk in choices]
        item = {
            "index": entry["index"],
            "number": entry["index"] + 1,
            "question": question,
            "options": [
                {"position": n, "text": c.text, "checked": selected(c, response)}
                for n, c in enumerate(options)
            ],
            "matches": [
                {"position": n, "text": c.match} for n, c in enumerate(matches)
            ],
            "text_response": response if isinstance(response, str) else "",
            "saved_positions": saved_positions(question, response, options, matches),
            "ranks": list(range(1, len(options) + 1)),
        }
        if graded:
            item.update(
                answer=answer,
                given=given_answer(question, response, options, choices),
                right=[c for c in options if c.is_correct],
                picked_feedback=[
                    c.feedback for c in options if c.feedback and selected(c, response)
                ],
                order=sorted(options, key=lambda c: c.sort_order or 0),
            )
        items.append(item)
    return items


def given_answer(question, response, options, choices) -> dict:
    """The learner's own answer, as the result shows it beside the right one.

    ``picked``: the option texts chosen (choice questions), in the order shown;
    ``pairs``: (item, the match chosen or "", the right match, right?) for matching;
    ``order``: the items in the order the learner gave (ordering); ``text``: what
    was typed (short text, numbers). ``empty`` when nothing was answered.
    """
    kind = question.type
    given = {"empty": False, "picked": [], "pairs": [], "order": [], "text": ""}
    if kind == question.Type.MATCHING:
        chosen = response if isinstance(response, dict) else {}
        for choice in options:
            match = choices.get(_pk(chosen.get(str(choice.pk))))
            given["pairs"].append(
                {
                    "item": choice.text,
                    "given": match.match if match else "",
                    "right": choice.match,
                    "correct": match is not None and match.pk == choice.pk,
                }
            )
        given["empty"] = not chosen
    elif kind == question.Type.ORDERING:
        ranked = response if isinstance(response, list) else []
        given["order"] = [choices[_pk(pk)].text for pk in ranked if _pk(pk) in choices]
        given["empty"] = not given["order"]
    elif kind in (question.Type.SHORT_TEXT, question.Type.NUMERIC):
        given["text"] = response.strip() if isinstance(response, str) else ""
        given["empty"] = not given["text"]
    else:
        given["picked"] = [c.text for c in options if selected(c, response)]
        given["empty"] = not given["picked"]
    return given


def _pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def selected(choice, response) -> bool:
    if isinstance(response, str):
        return response == str(choice.pk)
    if isinstance(response, list):
        return str(choice.pk) in response
    return False


def saved_positions(question, response, options, matches) -> dict:
    """For matching and ordering: the saved answer as position → chosen value."""
    if isinstance(response, dict):
        right_index = {str(c.pk): n for n, c in enumerate(matches)}
        return {
            n: right_index.get(response.get(str(c.pk))) for n, c in enumerate(options)
        }
    if question.type == question.Type.ORDERING and isinstance(response, list):
        rank = {pk: n + 1 for n, pk in enumerate(response)}
        return {n: rank.get(str(c.pk)) for n, c in enumerate(options)}
    return {}
