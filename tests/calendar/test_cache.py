"""The cached calendar follows the table in every process, without signals."""

from __future__ import annotations

from datetime import date

from yekuo.calendar.models import CalendarDay, CalendarYear, DayKind
from yekuo.calendar.selectors import calendar_loaded_years, working_day_calendar
from yekuo.calendar.services import SeedReport, calendar_day_update


def test_reuses_the_calendar_while_the_table_is_unchanged(recent_working_days: SeedReport) -> None:
    assert working_day_calendar() is working_day_calendar()


def test_a_corrected_day_is_seen_at_once(recent_working_days: SeedReport) -> None:
    before = working_day_calendar()
    assert before.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)

    calendar_day_update(
        on_day=CalendarDay.objects.get(on=date(2026, 10, 7)),
        kind=DayKind.ORDINARY_WORKING_DAY,
        holiday_name="",
    )

    assert working_day_calendar().add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 7)


def test_a_deleted_year_is_missing_at_once(recent_working_days: SeedReport) -> None:
    assert 2024 in working_day_calendar().loaded_years

    CalendarYear.objects.filter(year=2024).delete()

    assert 2024 not in working_day_calendar().loaded_years


def test_a_year_with_a_day_missing_is_not_loaded(recent_working_days: SeedReport) -> None:
    """Days are never deleted through yekuo; if the database loses one, the year answers nothing."""
    CalendarDay.objects.filter(on=date(2024, 6, 1)).delete()
    CalendarYear.objects.filter(year=2024).update(revision="changed-outside-yekuo")

    assert calendar_loaded_years() == [2025, 2026]
    assert working_day_calendar().loaded_years == {2025, 2026}
