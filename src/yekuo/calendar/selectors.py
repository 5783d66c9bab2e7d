"""Reads of the working-day table, and the cached in-memory calendar built from it."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count

from yekuo.calendar.models import CalendarDay, CalendarYear
from yekuo.calendar.working_days import WorkingDayCalendar
from yekuo.core.prepared import PreparedQuery

# Notices for the next year appear in November or December (the 2025 notice on 12 November 2024).
NEXT_YEAR_ALERT_MONTH = 11


def _days_in(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def calendar_loaded_years() -> list[int]:
    """The years whose every day is in the table; a year with a day missing counts as not loaded."""
    counted = CalendarYear.objects.annotate(day_count=Count("days")).values_list("year", "day_count")
    return sorted(year for year, day_count in counted if day_count == _days_in(year))


def calendar_missing_next_year(*, today: date) -> int | None:
    """The year administrators must load now: this year if it is missing, or from 1 November next year."""
    loaded = set(calendar_loaded_years())
    if today.year not in loaded:
        return today.year
    if today.month >= NEXT_YEAR_ALERT_MONTH and today.year + 1 not in loaded:
        return today.year + 1
    return None


_Fingerprint = tuple[tuple[int, str], ...]
_cache_lock = threading.Lock()
_cached: tuple[_Fingerprint, WorkingDayCalendar] | None = None


# Compiled once: every transition asks (docs/benchmarks.md); a transition sends it with its lock.
CALENDAR_FINGERPRINT = PreparedQuery(
    lambda: CalendarYear.objects.order_by("year").values_list("year", "revision"),
)


def _table_fingerprint() -> _Fingerprint:
    return tuple((year, revision) for year, revision in CALENDAR_FINGERPRINT.rows())


def _calendar_from_table() -> WorkingDayCalendar:
    # One query, so one snapshot: a year imported or deleted meanwhile is wholly in or wholly out.
    days = list(CalendarDay.objects.values_list("on", "is_working_day"))
    days_per_year = Counter(day.year for day, _is_working_day in days)
    return WorkingDayCalendar(
        working_days=[day for day, is_working_day in days if is_working_day],
        loaded_years=[year for year, count in days_per_year.items() if count == _days_in(year)],
    )


def working_day_calendar(fingerprint_rows: list[tuple[Any, ...]] | None = None) -> WorkingDayCalendar:
    """The calendar of the loaded years, rebuilt when any year is added, replaced, edited or deleted.

    Costs one small query (the years and their revisions) per call, so it is right in every process
    without signals; fetch it once per unit of work and reuse it for many computations. A caller that
    has already read CALENDAR_FINGERPRINT in its transaction passes its rows.
    """
    global _cached  # noqa: PLW0603  # one calendar per process, swapped whole
    fingerprint = (
        _table_fingerprint()
        if fingerprint_rows is None
        else tuple((year, revision) for year, revision in fingerprint_rows)
    )
    cached = _cached
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _cache_lock:
        calendar = _calendar_from_table()
        _cached = (fingerprint, calendar)
    return calendar


def reset_working_day_calendar_cache() -> None:
    """Forget the cached calendar (tests that rebuild the table call this between tests)."""
    global _cached  # noqa: PLW0603
    _cached = None
