from __future__ import annotations

from datetime import timedelta

import pytest

from yekuo.web.templatetags.yekuo_web import whole_minutes


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
