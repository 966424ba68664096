"""The learner's side of feedback: the form (a page of its own, or in place on the
page through feedback.js), the confirmation, and "Mina synpunkter"."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from ecirkel.placements import viewable, viewable_pages

from . import sending
from .forms import FeedbackForm
from .models import TEXT_MAX_LENGTH, Feedback, FeedbackReply, sender_token

# Sent by feedback.js: answer with the form or confirmation alone, not a whole page.
INLINE_HEADER = "X-Feedback-Inline"
SESSION_KEY = "feedback_sent"
PER_PAGE = 20


def is_inline(request) -> bool:
    return request.headers.get(INLINE_HEADER) == "1"


def too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > sending.MAX_BODY_BYTES


def remember_sent(request, feedback: Feedback) -> None:
    """The confirmation is shown to the session that sent the feedback (visitors
    and anonymous senders have no other claim on it)."""
    sent = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*sent[-19:], str(feedback.uuid)]


@require_http_methods(["GET", "POST"])
def new(request):
    """GET: the form; POST: check, store, then the confirmation (PRG)."""
    if request.method == "POST" and too_large(request):
        return refuse_too_large(request)
    try:
        target = sending.target(
            request, request.GET.get("sida"), request.GET.get("innehall")
        )
    except sending.LoginNeeded:
        return redirect_to_login(request.get_full_path())
    inline = is_inline(request)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if sending.too_many(request):
            form.add_error(
                None,
                _(
                    "You have sent a lot of feedback in a short time. Wait an hour "
                    "and send it again: your text is kept below."
                ),
            )
            status = 429
        else:
            feedback = sending.save(request, target, form.cleaned_data)
            remember_sent(request, feedback)
            if inline:
                return respond(
                    request,
                    "feedback/includes/confirmation.html",
                    {**confirmation_context(request, feedback), "inline": True},
                )
            return redirect("feedback:sent", uuid=feedback.uuid)
    context = {
        "form": form,
        "target": target,
        "action": f"{request.path}?{target.query()}",
        "max_length": TEXT_MAX_LENGTH,
        "inline": inline,
    }
    template = "feedback/includes/form.html" if inline else "feedback/new.html"
    return respond(request, template, context, status)


def refuse_too_large(request):
    """413 as a page of the site (without JavaScript the sender lands on it): what
    happened and the way back to the form, where the browser's Back keeps the text."""
    return respond(
        request,
        "feedback/too_large.html",
        {"form_url": request.get_full_path(), "max_length": TEXT_MAX_LENGTH},
        status=413,
    )


def respond(request, template, context, status=200):
    response = render(request, template, context, status=status)
    patch_vary_headers(response, [INLINE_HEADER])
    return response


def confirmation_context(request, feedback: Feedback) -> dict:
    page = feedback.page
    back = page.specific if page and page.live else None
    if back is not None and not viewable(request, back):
        back = None
    return {"feedback": feedback, "back": back}


@require_GET
def sent(request, uuid):
    """The confirmation after sending, for the session that sent it or the sender."""
    feedback = get_object_or_404(Feedback.objects.select_related("page"), uuid=uuid)
    user = request.user
    own = user.is_authenticated and (
        feedback.sender_id == user.pk or feedback.sender_token == sender_token(user)
    )
    if not own and str(uuid) not in request.session.get(SESSION_KEY, []):
        raise Http404
    return render(
        request, "feedback/sent.html", confirmation_context(request, feedback)
    )


def own_feedback(user):
    """Everything ``user`` sent: under their name and anonymously."""
    return Feedback.objects.filter(Q(sender=user) | Q(sender_token=sender_token(user)))


@login_required
@require_GET
def mine(request):
    """Mina synpunkter: the learner's feedback, newest first, with the answers.
    Answers shown for the first time are marked new, then read."""
    feedback = (
        own_feedback(request.user).select_related("page").prefetch_related("replies")
    )
    page_obj = Paginator(feedback, PER_PAGE).get_page(request.GET.get("sida"))
    items = list(page_obj.object_list)
    live = {item.page_id for item in items if item.page and item.page.live}
    pages = Page.objects.filter(pk__in=live).specific().in_bulk()
    shown = viewable_pages(request, pages.values())
    unread = []
    for item in items:
        item.link = pages.get(item.page_id) if item.page_id in shown else None
        item.reply_list = list(item.replies.all())
        unread += [r.pk for r in item.reply_list if not r.seen]
    if unread:
        FeedbackReply.objects.filter(pk__in=unread).update(seen=True)
    return render(
        request,
        "feedback/mine.html",
        {"page_obj": page_obj, "items": items},
    )
