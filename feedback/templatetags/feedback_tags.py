"""``{% feedback_link %}``: "Ge synpunkter" at the end of a page, in the base
template. It reads ``page`` (a Wagtail page being served) or ``feedback_page`` and
``feedback_subject`` (a quiz or a practice call), which the content apps' views put
in their context as plain values: they do not import this app.

``{% unread_feedback_replies as count %}``: how many answers to the user's feedback
they have not seen yet (one query)."""

from django import template
from django.urls import reverse

from .. import sending
from ..models import Feedback, FeedbackReply, sender_token

register = template.Library()


def target(page, subject) -> sending.Target | None:
    """What a "Ge synpunkter" link on ``page`` is about: the page itself, or the quiz
    or practice call ``subject`` placed on it; None for content feedback is not for."""
    if subject is None:
        return (
            sending.Target(page, Feedback.Subject.PAGE)
            if isinstance(page, sending.PAGE_TYPES)
            else None
        )
    for kind, (model, _block, _field) in sending.CONTENT.items():
        if isinstance(subject, model):
            return sending.Target(page, kind, subject)
    return None


@register.inclusion_tag("feedback/includes/link.html", takes_context=True)
def feedback_link(context):
    request = context.get("request")
    hidden = {"show": False}
    if request is None:
        return hidden
    subject = context.get("feedback_subject")
    page = context.get("feedback_page") if subject else context.get("page")
    if page is None or not getattr(page, "pk", None):
        return hidden
    about = target(page, subject)
    if about is None or not sending.may_send_on(request, page):
        return hidden
    return {
        "show": True,
        "url": f"{reverse('feedback:new')}?{about.query()}",
        "title": about.title,
    }


@register.simple_tag(takes_context=True)
def unread_feedback_replies(context) -> int:
    user = context["request"].user
    if not user.is_authenticated:
        return 0
    return FeedbackReply.objects.filter(
        seen=False,
        feedback__in=Feedback.objects.filter(sender=user)
        | Feedback.objects.filter(sender_token=sender_token(user)),
    ).count()
