"""Due-date arithmetic: a pure function of a start, a limit and a calendar; it never reads the clock
(conventions §2). Limits count whole working days; the start day itself is not counted."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from yekuo.calendar.working_days import WorkingDayCalendar


@dataclass(frozen=True)
class Deadline:
    warn_at: datetime
    due_at: datetime


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the utility's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def warning_day_count(limit_working_days: int, threshold_percent: int) -> int:
    """The working day on which the warning threshold is reached: 80% of 20 days is the 16th day."""
    return max(1, math.ceil(limit_working_days * threshold_percent / 100))


def deadline_for(
    *,
    running_since_at: datetime,
    limit_working_days: int,
    consumed_working_days: int,
    threshold_percent: int,
    calendar: WorkingDayCalendar,
) -> Deadline:
    """When a clock that has used `consumed_working_days` of its limit and runs again from
    `running_since_at` must warn and is due. Due means: by the end of the last allowed working day."""
    if consumed_working_days > limit_working_days:
        # Already past its limit before it stopped: overdue at once, not "on time until tonight".
        return Deadline(warn_at=running_since_at, due_at=running_since_at)
    since_on = local_date(running_since_at)
    remaining = limit_working_days - consumed_working_days
    due_on = calendar.add_working_days(since_on, remaining)
    warn_offset = max(0, warning_day_count(limit_working_days, threshold_percent) - consumed_working_days)
    warn_on = calendar.add_working_days(since_on, warn_offset)
    warn_at = max(running_since_at, start_of_day(warn_on))
    due_at = start_of_day(due_on + timedelta(days=1))
    return Deadline(warn_at=min(warn_at, due_at), due_at=due_at)


def working_days_consumed(
    *, running_since_at: datetime, until_at: datetime, calendar: WorkingDayCalendar
) -> int:
    """Working days a clock used between two moments: the days after the start day, up to and including
    the end day (a clock started and stopped on one day used none)."""
    return max(0, calendar.working_days_between(local_date(running_since_at), local_date(until_at)))
