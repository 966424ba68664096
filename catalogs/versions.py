"""Course versions: the time of a course's latest published change, written as
RFC 3339 in UTC ("2026-11-20T09:30:00Z") or as seconds since 1970."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format


def parse_time(value: str) -> datetime | None:
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def version_time(version: str) -> datetime | None:
    if version.isdigit():
        return datetime.fromtimestamp(int(version), tz=UTC)
    return parse_time(version)


def version_label(version: str) -> str:
    """A version as editors read it: the local date and time of the change."""
    moment = version_time(version)
    if moment is None:
        return version
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def newer(offered: str, here: str) -> bool:
    """Whether the version offered is newer than the one here: compared as times
    when both are, as text otherwise."""
    a, b = version_time(offered), version_time(here)
    if a is not None and b is not None:
        return a > b
    return offered > here
