from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from yekuo.web.templatetags.yekuo_web import due_day, whole_minutes


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        (timedelta(minutes=15), 15),
        (timedelta(minutes=14, seconds=1), 15),
        (timedelta(seconds=0), 0),
        (None, 0),
    ],
    ids=["whole", "rounded-up", "zero", "none"],
)
def test_whole_minutes_rounds_a_cool_off_up_so_nobody_retries_too_early(
    duration: timedelta | None, minutes: int
) -> None:
    assert whole_minutes(duration) == minutes


def test_the_due_day_is_the_last_day_before_the_stored_midnight() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    assert due_day(datetime(2026, 3, 24, 0, 0, tzinfo=shanghai)) == date(2026, 3, 23)
    assert due_day(datetime(2026, 3, 24, 9, 30, tzinfo=shanghai)) == date(2026, 3, 24)
    assert due_day(None) is None
