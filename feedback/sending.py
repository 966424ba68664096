"""Giving feedback: which page (and which quiz or practice call on it) it is about,
who may send it, how often, and storing it with the owner's e-mail.

The browser names the page (``sida``) and, for content placed on it, the content
(``innehall``: ``quiz:<uuid>`` or ``scenario:<uuid>``); the server decides whether
that is a live page the sender may view and really holds the content, as for quiz
attempts (``ecirkel.placements``). Nothing the browser says is stored unchecked.
"""

import uuid as uuid_module
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from courses.models import CoursePage, TopicPage
from ecirkel.placements import holds_block, live_page, viewable
from lectures.models import LecturePage
from quizzes.models import Quiz
from roleplays.models import Scenario

from .models import Feedback, FeedbackSettings, sender_token

# Pages that get "Ge synpunkter". The catalog does not: it lists courses and holds
# no content of its own to correct.
PAGE_TYPES = (CoursePage, TopicPage, LecturePage)
# Content placed on a page: (model, block type, chooser field) per ``innehall`` kind.
CONTENT = {
    Feedback.Subject.QUIZ: (Quiz, "quiz", "quiz"),
    Feedback.Subject.SCENARIO: (Scenario, "roleplay", "scenario"),
}
RATE_PER_USER = "10/h"
RATE_PER_ADDRESS = "30/h"
# A form of 2000 characters, each up to 4 UTF-8 bytes written as %XX, and the rest.
MAX_BODY_BYTES = 32 * 1024
# Where the editors' inbox shows one feedback (registered by the inbox's hooks).
ADMIN_URL_NAME = "feedback_inbox:edit"


class LoginNeeded(Exception):
    """A visitor who is not logged in may not send feedback on this page."""


@dataclass(frozen=True)
class Target:
    """What the feedback is about, as checked by the server."""

    page: Page
    subject: str
    content: Quiz | Scenario | None = None

    @property
    def title(self) -> str:
        return (self.content or self.page).title

    @property
    def subject_uuid(self):
        return self.content.uuid if self.content else None

    @property
    def course(self) -> CoursePage | None:
        return CoursePage.objects.ancestor_of(self.page, inclusive=True).first()

    def query(self) -> str:
        """The query string that names this target in the form's address."""
        query = f"sida={self.page.pk}"
        if self.content:
            query += f"&innehall={self.subject}:{self.content.uuid}"
        return query


def visitors_allowed(request) -> bool:
    return FeedbackSettings.for_request(request).allow_visitors


def is_public(page) -> bool:
    """No view restriction on the page or above it."""
    return not page.get_view_restrictions().exists()


def may_send_on(request, page) -> bool:
    """Whether the link is offered on ``page``: to anyone logged in, and to visitors
    on public courses when the site allows it."""
    if request.user.is_authenticated:
        return True
    return visitors_allowed(request) and is_public(page)


def content_of(page, innehall: str):
    """The quiz or practice call ``innehall`` names, if ``page`` places it; else 404."""
    kind, _sep, raw_uuid = innehall.partition(":")
    if kind not in CONTENT:
        raise Http404
    try:
        content_uuid = uuid_module.UUID(raw_uuid)
    except ValueError:
        raise Http404 from None
    model, block_type, field = CONTENT[kind]
    content = model.objects.filter(live=True, uuid=content_uuid).first()
    if content is None or not holds_block(page, block_type, field, content.pk):
        raise Http404
    return kind, content


def target(request, page_id, innehall: str | None) -> Target:
    """The checked target of a feedback form. 404 for a page that is not live, not
    for the sender or not of a kind that takes feedback, and for content it does
    not hold; ``LoginNeeded`` where a visitor may not send."""
    if not request.user.is_authenticated and not visitors_allowed(request):
        raise LoginNeeded
    page = live_page(page_id)
    if not viewable(request, page):
        if not request.user.is_authenticated:
            raise LoginNeeded
        raise Http404
    if not request.user.is_authenticated and not is_public(page):
        raise LoginNeeded
    if innehall:
        kind, content = content_of(page, innehall)
        return Target(page, kind, content)
    if not isinstance(page, PAGE_TYPES):
        raise Http404
    return Target(page, Feedback.Subject.PAGE)


def too_many(request) -> bool:
    """Whether the sender has used up their feedback for now; every accepted form
    counts. Someone logged in has a limit of their own; a visitor who is not logged
    in is counted by client address. Logged-in users are not counted by address:
    a whole office behind one NAT address would otherwise share one limit."""
    if request.user.is_authenticated:
        return is_ratelimited(
            request,
            group="feedback.user",
            key=lambda group, request: str(request.user.pk),
            rate=RATE_PER_USER,
            increment=True,
        )
    return is_ratelimited(
        request,
        group="feedback.address",
        key=lambda group, request: get_client_ip_address(request) or "",
        rate=RATE_PER_ADDRESS,
        increment=True,
    )


def save(request, target: Target, data: dict) -> Feedback:
    """Store the feedback and, once it is committed, tell the page's owner."""
    user = request.user if request.user.is_authenticated else None
    anonymous = bool(user and data.get("anonymous"))
    feedback = Feedback.objects.create(
        page=target.page,
        course=target.course,
        subject=target.subject,
        subject_uuid=target.subject_uuid,
        subject_title=target.title[:255],
        kind=data["kind"],
        rating=data.get("rating"),
        text=data["text"],
        anonymous=anonymous,
        sender=None if anonymous else user,
        sender_token=sender_token(user) if anonymous else "",
    )
    if FeedbackSettings.for_request(request).notify_owners:
        transaction.on_commit(lambda: notify_owner(request, feedback, target, user))
    return feedback


def admin_url(request, feedback: Feedback) -> str:
    """The feedback in the editors' inbox; the page's editor while there is none."""
    try:
        path = reverse(ADMIN_URL_NAME, args=[feedback.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_pages:edit", args=[feedback.page_id])
    return request.build_absolute_uri(path)


def page_url(request, page) -> str:
    """The page as the sender reached it, built like the inbox link (the Site's
    hostname may be "localhost" without the port the site is really served on)."""
    return request.build_absolute_uri(page.get_url(request))


def notify_owner(request, feedback: Feedback, target: Target, sender) -> None:
    """A plain-text e-mail to the page's owner, in the site's language. It never
    names the sender (the inbox shows who sent what, when it may)."""
    owner = target.page.owner
    if owner is None or not owner.email or (sender and owner.pk == sender.pk):
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "feedback": feedback,
            "page_url": page_url(request, target.page),
            "admin_url": admin_url(request, feedback),
        }
        subject = _("New feedback on “%(title)s”") % {"title": feedback.display_title}
        body = render_to_string("feedback/owner_email.txt", context)
    send_mail(subject.replace("\n", " "), body, None, [owner.email])
