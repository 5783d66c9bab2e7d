"""System checks alert administrators before a due date cannot be computed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.calendar.conftest import FreezeToday
from yekuo.calendar.checks import check_calendar_years_loaded
from yekuo.calendar.selectors import calendar_missing_next_year
from yekuo.calendar.services import SeedReport


def warning_ids() -> list[str]:
    return [message.id or "" for message in check_calendar_years_loaded()]


@pytest.mark.django_db
def test_warns_when_no_year_is_loaded() -> None:
    assert warning_ids() == ["calendar.W002"]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 10, 31), [], id="31 October: not yet"),
        pytest.param(date(2026, 11, 1), ["calendar.W001"], id="1 November: next year is due"),
        pytest.param(date(2026, 12, 31), ["calendar.W001"], id="New Year's Eve"),
        pytest.param(date(2027, 3, 1), ["calendar.W001"], id="this year is missing"),
        pytest.param(date(2025, 12, 1), [], id="next year is loaded"),
    ],
)
def test_warns_from_november_when_next_year_is_missing(
    recent_working_days: SeedReport, freeze_today: FreezeToday, today: date, expected: list[str]
) -> None:
    freeze_today(today)

    assert warning_ids() == expected


def test_the_warning_names_the_missing_year(
    recent_working_days: SeedReport, freeze_today: FreezeToday
) -> None:
    freeze_today(date(2026, 11, 1))

    (warning,) = check_calendar_years_loaded()

    assert "2027" in warning.msg
    assert "yekuo calendar import" in (warning.hint or "")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 10, 31), None, id="before November"),
        pytest.param(date(2026, 11, 1), 2027, id="from 1 November"),
        pytest.param(date(2027, 1, 2), 2027, id="the current year itself"),
        pytest.param(date(2025, 11, 20), None, id="next year already loaded"),
    ],
)
def test_names_the_year_to_load_next(
    recent_working_days: SeedReport, today: date, expected: int | None
) -> None:
    assert calendar_missing_next_year(today=today) == expected
