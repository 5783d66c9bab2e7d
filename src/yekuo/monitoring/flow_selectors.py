"""Applications received and completed per day and per week, utility-side working days per category, and
clock stops by reason over the scope and period: the rolled-up days from the daily figures, the others
(usually today alone) counted live, each part one GROUP BY in the database (see period_figures)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.models import Application
from yekuo.monitoring.aggregates import histogram_percentile_continuous
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.period_figures import PeriodSplit, daily_figures, split_period
from yekuo.monitoring.scope import DashboardScope
from yekuo.monitoring.work_selectors import Figure
from yekuo.workflow.daily_figures import USED, completions_by_working_days
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, DailyFigureKind

STATION_PATH = "supply_station__path"


@dataclass(frozen=True)
class FlowPeriod:
    """One day or one week (Monday to Sunday, cut to the period) with what came in and what was done."""

    first_day: date
    last_day: date
    received: Figure
    completed: Figure


@dataclass(frozen=True)
class Flow:
    days: list[FlowPeriod]
    weeks: list[FlowPeriod]
    received_total: Figure
    completed_total: Figure


def applications_in_scope(*, scope: DashboardScope, filters: DashboardFilters) -> QuerySet[Application]:
    return Application.objects.filter(
        scope.station_condition(field=STATION_PATH), filters.application_condition()
    )


def _count_per_day(applications: QuerySet[Application], moment_field: str) -> dict[date, int]:
    rows = (
        applications.annotate(day=TruncDate(moment_field, tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Count("*"))
        .order_by()
    )
    return {row["day"]: row["total"] for row in rows}


def _rolled_up_per_day(
    *, scope: DashboardScope, filters: DashboardFilters, split: PeriodSplit, kind: str
) -> dict[date, int]:
    rows = (
        daily_figures(scope=scope, filters=filters, split=split, kind=kind)
        .values("day")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["day"]: row["total"] for row in rows}


def flow(*, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder) -> Flow:
    split = split_period(filters)
    received = _rolled_up_per_day(scope=scope, filters=filters, split=split, kind=DailyFigureKind.RECEIVED)
    completed = _rolled_up_per_day(scope=scope, filters=filters, split=split, kind=DailyFigureKind.COMPLETED)
    for live in split.live:
        applications = applications_in_scope(scope=scope, filters=live)
        start, end = live.period_start_at, live.period_end_at
        received |= _count_per_day(
            applications.filter(submitted_at__gte=start, submitted_at__lt=end), "submitted_at"
        )
        completed |= _count_per_day(
            applications.filter(status=ApplicationStatus.COMPLETED, closed_at__gte=start, closed_at__lt=end),
            "closed_at",
        )

    def period(first: date, last: date) -> FlowPeriod:
        span = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        return FlowPeriod(
            first_day=first,
            last_day=last,
            received=Figure(
                sum(received.get(day, 0) for day in span),
                links.url(received_from=first, received_to=last),
            ),
            completed=Figure(
                sum(completed.get(day, 0) for day in span),
                links.url(status=ApplicationStatus.COMPLETED, completed_from=first, completed_to=last),
            ),
        )

    day_count = (filters.period_to - filters.period_from).days + 1
    days = [period(day, day) for day in (filters.period_from + timedelta(days=n) for n in range(day_count))]
    weeks: list[FlowPeriod] = []
    first = filters.period_from
    while first <= filters.period_to:
        sunday = first + timedelta(days=6 - first.weekday())
        weeks.append(period(first, min(sunday, filters.period_to)))
        first = sunday + timedelta(days=1)
    whole = period(filters.period_from, filters.period_to)
    return Flow(days=days, weeks=weeks, received_total=whole.received, completed_total=whole.completed)


@dataclass(frozen=True)
class CategoryDuration:
    """Utility-side working days of the applications of one category completed in the period."""

    category: str
    label: str
    completed: Figure
    mean_days: float
    p90_days: float
    limit_days: int | None
    over_limit: int

    @property
    def p90_over_limit(self) -> bool:
        return self.limit_days is not None and self.p90_days > self.limit_days


@dataclass
class _CategoryTally:
    """The working days of one category's completions as value → count, with the limit and the overruns."""

    histogram: Counter[int] = dataclasses.field(default_factory=Counter)
    over_limit: int = 0
    limit_days: int | None = None

    def add(self, working_days: int, count: int, over_limit: int, limit_days: int | None) -> None:
        self.histogram[working_days] += count
        self.over_limit += over_limit
        if limit_days is not None and (self.limit_days is None or limit_days > self.limit_days):
            self.limit_days = limit_days


def _completions_by_category(
    *, scope: DashboardScope, filters: DashboardFilters, split: PeriodSplit
) -> dict[str, _CategoryTally]:
    tallies: dict[str, _CategoryTally] = defaultdict(_CategoryTally)
    rolled_up = (
        daily_figures(scope=scope, filters=filters, split=split, kind=DailyFigureKind.WORKING_DAYS)
        .values("category", "working_days")
        .annotate(total=Sum("count"), over=Sum("over_limit"), limit=Max("limit_days"))
        .order_by()
    )
    for row in rolled_up:
        tallies[row["category"]].add(row["working_days"], row["total"], row["over"], row["limit"])
    for live in split.live:
        completed = applications_in_scope(scope=scope, filters=live).filter(
            status=ApplicationStatus.COMPLETED,
            closed_at__gte=live.period_start_at,
            closed_at__lt=live.period_end_at,
            completed_utility_working_days__isnull=False,
        )
        for row in completions_by_working_days(completed, "category"):
            tallies[row["category"]].add(row[USED], row["total"], row["over_limit"], row["limit_days"])
    return tallies


def durations_by_category(
    *, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder
) -> list[CategoryDuration]:
    """Mean and P90 of the utility-side working days at completion (the utility's clocks, or the whole
    process for residential customers, as the rule set counts it) against the whole-process limit. The
    completing transition copied both onto the application; the rolled-up days keep them as a histogram
    per day, so a year of a province is a few thousand rows, and today reads the covering index
    `applications_completions`."""
    tallies = _completions_by_category(scope=scope, filters=filters, split=split_period(filters))
    durations = []
    for category in Category:
        tally = tallies.get(category.value)
        if tally is None:
            continue
        completed = sum(tally.histogram.values())
        total_days = sum(days * count for days, count in tally.histogram.items())
        durations.append(
            CategoryDuration(
                category=category.value,
                label=str(category.label),
                completed=Figure(
                    completed,
                    links.url(
                        category=category.value,
                        status=ApplicationStatus.COMPLETED,
                        completed_from=filters.period_from,
                        completed_to=filters.period_to,
                    ),
                ),
                mean_days=total_days / completed,
                p90_days=float(histogram_percentile_continuous(tally.histogram, 0.9) or 0),
                limit_days=tally.limit_days,
                over_limit=tally.over_limit,
            )
        )
    return durations


@dataclass(frozen=True)
class ClockStopFigure:
    reason: str
    label: str
    stopped_now: Figure
    started_in_period: Figure


def clock_stops_by_reason(
    *, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder
) -> list[ClockStopFigure]:
    """Clock stops in force now, and those that began in the period, per reason (regulations §3)."""
    split = split_period(filters)
    started: Counter[str] = Counter()
    for row in (
        daily_figures(scope=scope, filters=filters, split=split, kind=DailyFigureKind.CLOCK_STOP_STARTED)
        .values("reason")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        started[row["reason"]] += row["total"]
    active = Q(status=ClockStopStatus.ACTIVE)
    counts: dict[str, Count] = {"stopped_now": Count("reason", filter=active)}
    if split.live:
        started_live = Q()
        for live in split.live:
            started_live |= Q(started_at__gte=live.period_start_at, started_at__lt=live.period_end_at)
        active |= started_live
        counts["started_live"] = Count("reason", filter=started_live)
    rows = (
        ClockStop.objects.filter(
            # The work item's unit is the application's supply station (see work_selectors).
            scope.station_condition(field="work_item__candidate_unit__path"),
            filters.application_condition(prefix="application__"),
        )
        .filter(active)
        .values("reason")
        .annotate(**counts)
        .order_by()
    )
    by_reason: dict[str, dict[str, int]] = defaultdict(lambda: {"stopped_now": 0, "started_in_period": 0})
    for row in rows:
        by_reason[row["reason"]]["stopped_now"] = row["stopped_now"]
        started[row["reason"]] += row.get("started_live", 0)
    for reason, total in started.items():
        by_reason[reason]["started_in_period"] = total
    return [
        ClockStopFigure(
            reason=reason.value,
            label=str(reason.label),
            stopped_now=Figure(
                by_reason[reason.value]["stopped_now"], links.url(clock_stop_reason=reason.value)
            ),
            started_in_period=Figure(
                by_reason[reason.value]["started_in_period"], links.url(clock_stop_reason=reason.value)
            ),
        )
        for reason in ClockStopReason
        if reason.value in by_reason
    ]
