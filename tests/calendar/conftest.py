"""Fixtures for the working-day calendar: the table seeded from chinesecalendar, and a fresh cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from tests.org.conftest import plain_static_files
from yekuo.calendar.models import CalendarDay, CalendarYear
from yekuo.calendar.selectors import reset_working_day_calendar_cache, working_day_calendar
from yekuo.calendar.services import SeedReport, calendar_seed_from_library
from yekuo.calendar.working_days import WorkingDayCalendar
from yekuo.core import clock

FreezeToday = Callable[[date], None]
# The admin tests need the same settings as the organisation's: pytest finds fixtures by name here.
__all__ = ["plain_static_files"]


@pytest.fixture(autouse=True)
def fresh_working_day_calendar_cache() -> Iterator[None]:
    """Each test rebuilds the table in its own transaction, so no calendar may outlive a test."""
    reset_working_day_calendar_cache()
    yield
    reset_working_day_calendar_cache()


@pytest.fixture(autouse=True)
def empty_calendar_table(request: pytest.FixtureRequest) -> None:
    """The migrations load 2004-2026 into every database; these tests start from an empty table instead,
    to see exactly what seeding and importing do."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if uses_database:
        request.getfixturevalue("db")
        CalendarDay.objects.all().delete()
        CalendarYear.objects.all().delete()


@pytest.fixture
def recent_working_days(db: None) -> SeedReport:
    """2024-2026 from chinesecalendar: the years the tests read, loaded in a few milliseconds."""
    return calendar_seed_from_library(years=range(2024, 2027))


@pytest.fixture
def all_working_days(db: None) -> SeedReport:
    """Every year `yekuo calendar seed` loads: 2004-2026."""
    return calendar_seed_from_library()


@pytest.fixture
def calendar(recent_working_days: SeedReport) -> WorkingDayCalendar:
    return working_day_calendar()


@pytest.fixture
def freeze_today(monkeypatch: pytest.MonkeyPatch) -> FreezeToday:
    """Call with a date to make `yekuo.core.clock.now()` return noon of that day in Beijing (04:00 UTC)."""

    def freeze(today: date) -> None:
        frozen = datetime(today.year, today.month, today.day, 4, tzinfo=UTC)
        monkeypatch.setattr(clock, "now", lambda: frozen)

    return freeze
