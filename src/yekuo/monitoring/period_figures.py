"""A period split in two: the days the worker has rolled up into daily figures (read from a few rows per
day of the chosen unit), and the rest, usually today alone, counted live from the applications.

The live part is one range, from the first day not rolled up to the last; rolled-up days inside it are
counted live too, so the two parts never overlap and never miss a day, whatever the worker has done.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.scope import DashboardScope
from yekuo.workflow.models import DailyFigure, DailyFigureDay


@dataclass(frozen=True)
class PeriodSplit:
    rolled_up: Q | None  # the rolled-up days, as a condition on DailyFigure.day; None: no such day
    live: DashboardFilters | None  # the filters narrowed to the days counted live; None: no such day


def split_period(filters: DashboardFilters) -> PeriodSplit:
    first, last = filters.period_from, filters.period_to
    rolled_up = set(
        DailyFigureDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True)
    )
    span = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    missing = [day for day in span if day not in rolled_up]
    if not missing:
        return PeriodSplit(rolled_up=Q(day__gte=first, day__lte=last), live=None)
    live_first, live_last = missing[0], missing[-1]
    ranges: list[tuple[date, date]] = []
    if live_first > first:
        ranges.append((first, live_first - timedelta(days=1)))
    if live_last < last:
        ranges.append((live_last + timedelta(days=1), last))
    condition: Q | None = None
    for range_first, range_last in ranges:
        part = Q(day__gte=range_first, day__lte=range_last)
        condition = part if condition is None else condition | part
    return PeriodSplit(
        rolled_up=condition,
        live=dataclasses.replace(filters, period_from=live_first, period_to=live_last),
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
