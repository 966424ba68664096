"""How the inbox names people: a sender who asked to be anonymous is "Anonym",
whoever sees the feedback, and a visitor who was not logged in is "Besökare"."""

from django.utils.translation import gettext


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def sender_label(feedback) -> str:
    """Who sent it, as the inbox may say it: never who an anonymous sender is."""
    if feedback.anonymous:
        return gettext("Anonymous")
    if feedback.sender_id is None:
        return gettext("Visitor")
    return person(feedback.sender)
