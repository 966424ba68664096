"""Course versions: the time of a course's latest published change, written as
RFC 3339 in UTC ("2026-11-20T09:30:00Z"), as the package manifest's
``course.version``. Versions stored before the format was fixed may be seconds
since 1970. Nothing here raises on a version it cannot read: such a version is
shown as written and is never newer than another."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format


def parse_time(value: str) -> datetime | None:
    try:
        return parse_datetime(value)
    except (ValueError, TypeError):
        return None


def version_time(version: str) -> datetime | None:
    """The time a version names, or None if it names none that can be read."""
    if version.isdigit():
        try:
            return datetime.fromtimestamp(int(version), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    moment = parse_time(version)
    if moment is not None and timezone.is_naive(moment):
        return None  # no time zone: not a version this format writes
    return moment


def version_label(version: str) -> str:
    """A version as editors read it: the local date and time of the change."""
    moment = version_time(version)
    if moment is None:
        return version
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def newer(offered: str, here: str) -> bool:
    """Whether the version offered is newer than the one here, compared as times.
    If either cannot be read as a time, the offered one is not newer."""
    a, b = version_time(offered), version_time(here)
    if a is None or b is None:
        return False
    return a > b
