"""Refreshing a subscription: read its feed and keep what it offers."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from courses.models import CoursePage
from sharing.models import ImportedCourse

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


# What an offered course is here


class Here:
    """An offered course's status in this installation."""

    NOT_IMPORTED = "not_imported"
    IMPORTED = "imported"  # the version offered, or a later one
    NEWER = "newer"  # imported, and the catalog offers a newer version
    OWN = "own"  # the course was made here (this is its original)

    def __init__(self, state: str, course=None, version: str = ""):
        self.state, self.course, self.version = state, course, version

    @property
    def newer(self) -> bool:
        return self.state == self.NEWER


def statuses(offers) -> dict:
    """offer uuid → ``Here`` for each offer."""
    uuids = [offer.uuid for offer in offers]
    imported = {
        row.course_uuid: row
        for row in ImportedCourse.objects.filter(course_uuid__in=uuids).select_related(
            "course"
        )
    }
    own = {course.uuid: course for course in CoursePage.objects.filter(uuid__in=uuids)}
    found = {}
    for offer in offers:
        row = imported.get(offer.uuid)
        if row is not None:
            state = Here.NEWER if newer(offer.version, row.version) else Here.IMPORTED
            found[offer.uuid] = Here(state, row.course, row.version)
        elif offer.uuid in own:
            found[offer.uuid] = Here(Here.OWN, own[offer.uuid])
        else:
            found[offer.uuid] = Here(Here.NOT_IMPORTED)
    return found


def newer(offered: str, here: str) -> bool:
    """Versions are the ISO-8601 UTC times of a course's last change: compared as
    times when both parse, as text otherwise."""
    a, b = parse_updated(offered), parse_updated(here)
    if a is not None and b is not None:
        return a > b
    return offered > here


def newer_versions(subscription: Subscription) -> int:
    offers = list(subscription.courses.all())
    return sum(1 for here in statuses(offers).values() if here.newer)
