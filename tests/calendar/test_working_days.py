"""Working-day arithmetic around the 2025 National Day and the 2026 Spring Festival (调休 included)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from yekuo.calendar.working_days import CalendarYearMissing, WorkingDayCalendar


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2025, 9, 27), False, id="2025-09-27 Saturday before the holiday"),
        pytest.param(date(2025, 9, 28), True, id="2025-09-28 Sunday adjusted working day"),
        pytest.param(date(2025, 9, 30), True, id="2025-09-30 Tuesday ordinary"),
        *(
            pytest.param(date(2025, 10, day), False, id=f"2025-10-0{day} National Day and Mid-Autumn")
            for day in range(1, 9)
        ),
        pytest.param(date(2025, 10, 9), True, id="2025-10-09 Thursday back at work"),
        pytest.param(date(2025, 10, 11), True, id="2025-10-11 Saturday adjusted working day"),
        pytest.param(date(2025, 10, 12), False, id="2025-10-12 ordinary Sunday"),
    ],
)
def test_knows_the_2025_national_day_adjusted_working_days(
    calendar: WorkingDayCalendar, day: date, expected: bool
) -> None:
    assert calendar.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 2, 13), True, id="2026-02-13 Friday"),
        pytest.param(date(2026, 2, 14), True, id="2026-02-14 Saturday adjusted working day"),
        *(
            pytest.param(date(2026, 2, day), False, id=f"2026-02-{day} Spring Festival")
            for day in range(15, 24)
        ),
        pytest.param(date(2026, 2, 24), True, id="2026-02-24 Tuesday back at work"),
        pytest.param(date(2026, 2, 28), True, id="2026-02-28 Saturday adjusted working day"),
        pytest.param(date(2026, 3, 1), False, id="2026-03-01 ordinary Sunday"),
    ],
)
def test_knows_the_2026_spring_festival_adjusted_working_days(
    calendar: WorkingDayCalendar, day: date, expected: bool
) -> None:
    assert calendar.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        pytest.param(date(2025, 9, 26), 0, date(2025, 9, 26), id="zero days is the start itself"),
        pytest.param(date(2025, 9, 26), 1, date(2025, 9, 28), id="Friday + 1 is the adjusted Sunday"),
        pytest.param(date(2025, 9, 26), 3, date(2025, 9, 30), id="the administrators' example"),
        pytest.param(date(2025, 9, 30), 1, date(2025, 10, 9), id="the whole holiday is skipped"),
        pytest.param(date(2025, 9, 30), 2, date(2025, 10, 10), id="Friday after the holiday"),
        pytest.param(date(2025, 9, 30), 3, date(2025, 10, 11), id="the adjusted Saturday counts"),
        pytest.param(date(2025, 10, 3), 1, date(2025, 10, 9), id="a start inside the holiday"),
        pytest.param(date(2025, 9, 27), 3, date(2025, 9, 30), id="a start on a day off is not counted"),
        pytest.param(date(2026, 2, 13), 1, date(2026, 2, 14), id="Friday + 1 is the adjusted Saturday"),
        pytest.param(date(2026, 2, 14), 1, date(2026, 2, 24), id="the Spring Festival is skipped"),
        pytest.param(date(2026, 2, 24), 4, date(2026, 2, 28), id="the adjusted Saturday after it counts"),
        pytest.param(
            date(2025, 12, 31), 1, date(2026, 1, 4), id="into the next year and its adjusted Sunday"
        ),
        pytest.param(date(2026, 12, 28), 3, date(2026, 12, 31), id="to the last loaded day"),
    ],
)
def test_adds_working_days(calendar: WorkingDayCalendar, start: date, count: int, expected: date) -> None:
    assert calendar.add_working_days(start, count) == expected
    assert calendar.due_on(start, count) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param(date(2025, 9, 26), date(2025, 10, 9), 4, id="28, 29, 30 September and 9 October"),
        pytest.param(date(2025, 9, 26), date(2025, 9, 26), 0, id="the same day"),
        pytest.param(date(2025, 9, 27), date(2025, 9, 28), 1, id="only the last day counts"),
        pytest.param(date(2025, 9, 28), date(2025, 9, 29), 1, id="the first day never counts"),
        pytest.param(date(2025, 9, 30), date(2025, 10, 8), 0, id="all holiday"),
        pytest.param(date(2025, 10, 9), date(2025, 9, 26), -4, id="backwards is the negative count"),
        pytest.param(date(2026, 2, 13), date(2026, 2, 28), 6, id="14th, 24th to 27th and the 28th"),
        pytest.param(
            date(2024, 1, 1), date(2024, 12, 31), 251, id="2024 had 251 working days (1 January is off)"
        ),
    ],
)
def test_counts_working_days_between(
    calendar: WorkingDayCalendar, first: date, last: date, expected: int
) -> None:
    assert calendar.working_days_between(first, last) == expected
    assert calendar.working_days_used(first, last) == expected


def test_adding_then_counting_gives_back_the_count(calendar: WorkingDayCalendar) -> None:
    start = date(2025, 9, 20)
    for count in range(40):
        assert calendar.working_days_between(start, calendar.add_working_days(start, count)) == count


@pytest.mark.parametrize(
    "compute",
    [
        pytest.param(lambda c: c.is_working_day(date(2027, 1, 4)), id="is a working day"),
        pytest.param(lambda c: c.add_working_days(date(2026, 12, 28), 5), id="add stepping into 2027"),
        pytest.param(lambda c: c.add_working_days(date(2027, 1, 4), 0), id="add from 2027"),
        pytest.param(
            lambda c: c.working_days_between(date(2026, 12, 1), date(2027, 1, 5)), id="count into 2027"
        ),
        pytest.param(
            lambda c: c.working_days_between(date(2027, 1, 5), date(2026, 12, 1)), id="count backwards"
        ),
    ],
)
def test_refuses_to_guess_a_year_without_a_notice(
    calendar: WorkingDayCalendar, compute: Callable[[WorkingDayCalendar], object]
) -> None:
    with pytest.raises(CalendarYearMissing) as raised:
        compute(calendar)

    assert raised.value.year == 2027
    assert raised.value.code == "calendar_year_missing"
    assert "2027" in str(raised.value.message)


def test_refuses_to_jump_over_a_year_that_is_not_loaded() -> None:
    """With 2025 and 2027 known but not 2026, late-December arithmetic must not land in 2027."""
    calendar = WorkingDayCalendar(
        working_days=[date(2025, 12, 31), date(2027, 1, 4)], loaded_years=[2025, 2027]
    )

    with pytest.raises(CalendarYearMissing) as raised:
        calendar.add_working_days(date(2025, 12, 31), 1)

    assert raised.value.year == 2026


def test_a_year_before_the_first_loaded_one_is_missing_too(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(CalendarYearMissing) as raised:
        calendar.working_days_between(date(2023, 12, 29), date(2024, 1, 2))

    assert raised.value.year == 2023


def test_a_negative_count_is_a_programming_error(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        calendar.add_working_days(date(2025, 9, 26), -1)
