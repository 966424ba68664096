"""Refreshing a subscription: read its feed and keep what it offers."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .fetching import FetchError, fetch_feed
from .models import OfferedCourse, Subscription


def refresh(subscription: Subscription) -> bool:
    """Read the subscription's feed. On success its offered courses are replaced
    by the feed's; on failure they stay as they were and ``last_error`` says why.
    Returns whether it succeeded."""
    now = timezone.now()
    try:
        feed = fetch_feed(subscription.url, subscription.token)
    except FetchError as error:
        Subscription.objects.filter(pk=subscription.pk).update(
            last_checked_at=now, last_error=error.message
        )
        subscription.last_checked_at, subscription.last_error = now, error.message
        return False
    with transaction.atomic():
        subscription.publisher = feed["publisher"]["organisation"]
        subscription.publisher_url = feed["publisher"]["url"]
        subscription.last_checked_at = subscription.last_success_at = now
        subscription.last_error = ""
        subscription.save()
        subscription.courses.all().delete()
        OfferedCourse.objects.bulk_create(
            offered_course(subscription, entry) for entry in unique(feed["courses"])
        )
    return True


def unique(entries: list[dict]) -> list[dict]:
    """The first entry of each course uuid (a feed listing one twice is odd, not
    fatal)."""
    seen, kept = set(), []
    for entry in entries:
        if entry["uuid"] not in seen:
            seen.add(entry["uuid"])
            kept.append(entry)
    return kept


def offered_course(subscription: Subscription, entry: dict) -> OfferedCourse:
    return OfferedCourse(
        subscription=subscription,
        uuid=entry["uuid"],
        title=entry["title"],
        summary=entry["summary"],
        language=entry["language"],
        version=entry["version"],
        license_id=entry["license"]["id"],
        license_name=entry["license"]["name"],
        license_url=entry["license"]["url"][:500],
        attribution=entry["attribution"],
        package_url=entry["package_url"],
        sha256=entry["sha256"],
        size=entry["size"],
        updated_at=parse_updated(entry["updated_at"]),
    )


def parse_updated(value: str):
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def is_stale(subscription: Subscription) -> bool:
    if subscription.last_checked_at is None:
        return True
    age = timezone.now() - subscription.last_checked_at
    return age > timedelta(minutes=settings.CATALOG_REFRESH_MINUTES)
