"""A period split in two: the days the worker has rolled up into daily figures (read from a few rows per
day of the chosen unit), and the rest, usually today alone, counted live from the applications.

The live part is each run of days not rolled up (a handful at most; with more gaps, one range from the
first day not rolled up to the last, the rolled-up days inside it counted live too), so the two parts never
overlap and never miss a day, whatever the worker has done.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from yekuo.applications.models import Application
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.scope import DashboardScope
from yekuo.workflow.models import DailyFigure, DailyFigureDay

MAXIMUM_LIVE_RANGES = 4  # more gaps than that: one range from the first missing day to the last


@dataclass(frozen=True)
class PeriodSplit:
    rolled_up: Q | None  # the rolled-up days, as a condition on DailyFigure.day; None: no such day
    live: list[DashboardFilters]  # the filters narrowed to each run of days counted live (usually today)

    @property
    def live_days(self) -> int:
        return sum((part.period_to - part.period_from).days + 1 for part in self.live)


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _days_condition(runs: list[tuple[date, date]]) -> Q | None:
    condition: Q | None = None
    for first, last in runs:
        part = Q(day__gte=first, day__lte=last)
        condition = part if condition is None else condition | part
    return condition


def _first_day_of_history() -> date | None:
    """The day of the first submission: no day before it has a fact (the roll-up starts there too)."""
    first = Application.objects.aggregate(first=Min("submitted_at"))["first"]
    return None if first is None else timezone.localtime(first).date()


def split_period(filters: DashboardFilters) -> PeriodSplit:
    first, last = filters.period_from, filters.period_to
    rolled_up = set(
        DailyFigureDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True)
    )
    span = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    history_from = _first_day_of_history()
    # Days before the history have nothing to count: as good as rolled up (and empty).
    rolled_up |= {day for day in span if history_from is None or day < history_from}
    missing = _runs([day for day in span if day not in rolled_up])
    if len(missing) > MAXIMUM_LIVE_RANGES:
        missing = [(missing[0][0], missing[-1][1])]
    counted_live = {
        run_first + timedelta(days=offset)
        for run_first, run_last in missing
        for offset in range((run_last - run_first).days + 1)
    }
    return PeriodSplit(
        rolled_up=_days_condition(_runs([day for day in span if day not in counted_live])),
        live=[
            dataclasses.replace(filters, period_from=run_first, period_to=run_last)
            for run_first, run_last in missing
        ],
    )


def daily_figures(
    *, scope: DashboardScope, filters: DashboardFilters, split: PeriodSplit, kind: str
) -> QuerySet[DailyFigure]:
    """The rolled-up rows of one kind for the scope's units, the filters' category and type."""
    if split.rolled_up is None:
        return DailyFigure.objects.none()
    rows = DailyFigure.objects.filter(split.rolled_up, unit_id__in=scope.unit_ids(), kind=kind)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.business_type:
        rows = rows.filter(business_type=filters.business_type)
    return rows
