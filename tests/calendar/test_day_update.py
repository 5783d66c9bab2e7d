"""Correcting one day: the kind must fit the weekday, and whether it is worked follows the kind."""

from __future__ import annotations

from datetime import date

import pytest

from yekuo.calendar.models import CalendarDay, CalendarYear, DayKind
from yekuo.calendar.services import SeedReport, calendar_day_update
from yekuo.core.errors import ValidationFailed


def test_making_a_saturday_an_adjusted_working_day(recent_working_days: SeedReport) -> None:
    revision = CalendarYear.objects.get(year=2026).revision

    day = calendar_day_update(
        on_day=CalendarDay.objects.get(on=date(2026, 3, 7)),
        kind=DayKind.ADJUSTED_WORKING_DAY,
        holiday_name=" 测试 ",
    )

    assert (day.is_working_day, day.holiday_name) == (True, "测试")
    assert CalendarDay.objects.get(on=date(2026, 3, 7)).is_working_day
    assert CalendarYear.objects.get(year=2026).revision != revision


@pytest.mark.parametrize(
    ("on", "kind"),
    [
        pytest.param(
            date(2026, 3, 9), DayKind.ADJUSTED_WORKING_DAY, id="a Monday cannot be adjusted to work"
        ),
        pytest.param(date(2026, 3, 7), DayKind.IN_LIEU_DAY_OFF, id="a Saturday cannot be given off in lieu"),
        pytest.param(date(2026, 3, 7), DayKind.ORDINARY_WORKING_DAY, id="a Saturday is not ordinary work"),
        pytest.param(date(2026, 3, 9), "holiday", id="unknown kind"),
    ],
)
def test_refuses_a_kind_that_does_not_fit_the_day(
    recent_working_days: SeedReport, on: date, kind: str
) -> None:
    before = CalendarDay.objects.get(on=on)

    with pytest.raises(ValidationFailed):
        calendar_day_update(on_day=before, kind=kind, holiday_name="")

    after = CalendarDay.objects.get(on=on)
    assert (after.kind, after.is_working_day) == (before.kind, before.is_working_day)
