"""Seeding 2004-2026 from chinesecalendar, cross-checked against `holidays`."""

from __future__ import annotations

from datetime import date

import pytest

from yekuo.calendar.models import CalendarDay, CalendarYear, DayKind
from yekuo.calendar.selectors import calendar_loaded_years
from yekuo.calendar.services import SeedReport, calendar_seed_from_library
from yekuo.core.errors import ValidationFailed


@pytest.mark.django_db
def test_seeds_every_day_of_2004_to_2026() -> None:
    report = calendar_seed_from_library()

    assert report.loaded_years == list(range(2004, 2027))
    assert calendar_loaded_years() == list(range(2004, 2027))
    assert CalendarDay.objects.count() == (date(2027, 1, 1) - date(2004, 1, 1)).days == 8401


def test_records_the_days_with_their_kind_and_holiday(recent_working_days: SeedReport) -> None:
    days = {
        day.on: day for day in CalendarDay.objects.filter(on__range=(date(2025, 9, 27), date(2025, 10, 12)))
    }

    assert (days[date(2025, 9, 28)].kind, days[date(2025, 9, 28)].holiday_name) == (
        DayKind.ADJUSTED_WORKING_DAY,
        "国庆节",
    )
    assert days[date(2025, 9, 27)].kind == DayKind.WEEKEND
    assert days[date(2025, 10, 1)].kind == DayKind.PUBLIC_HOLIDAY
    assert days[date(2025, 10, 6)].holiday_name == "中秋"
    assert days[date(2025, 10, 7)].kind == DayKind.IN_LIEU_DAY_OFF
    assert days[date(2025, 10, 9)].kind == DayKind.ORDINARY_WORKING_DAY
    assert days[date(2025, 10, 11)].is_working_day


def test_names_the_notice_where_it_is_known(recent_working_days: SeedReport) -> None:
    notices = dict(CalendarYear.objects.values_list("year", "source_notice"))

    assert notices[2026] == "国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号"
    assert notices[2024] == "chinesecalendar 1.11.0"


def test_seeding_again_changes_nothing(recent_working_days: SeedReport) -> None:
    revisions = dict(CalendarYear.objects.values_list("year", "revision"))

    report = calendar_seed_from_library(years=range(2023, 2027))

    assert (report.loaded_years, report.skipped_years) == ([2023], [2024, 2025, 2026])
    assert dict(CalendarYear.objects.values_list("year", "revision")) == {
        **revisions,
        2023: CalendarYear.objects.get(year=2023).revision,
    }


@pytest.mark.django_db
def test_lists_where_holidays_disagrees_and_keeps_the_notice() -> None:
    """The 2006 notice made Saturday 2005-12-31 a working day; chinesecalendar 1.11.0 does not have it."""
    report = calendar_seed_from_library(years=[2005, 2025])

    note_2005 = CalendarYear.objects.get(year=2005).cross_check_note
    assert "1 disagreement" in note_2005
    assert "2005-12-31 is a day off here but a working day in holidays" in note_2005
    assert not CalendarDay.objects.get(on=date(2005, 12, 31)).is_working_day
    assert report.cross_check_notes[2025].endswith("agrees on all 365 days.")


@pytest.mark.django_db
def test_refuses_a_year_the_library_does_not_have() -> None:
    with pytest.raises(ValidationFailed, match="2027"):
        calendar_seed_from_library(years=[2026, 2027])

    assert not CalendarYear.objects.exists()
