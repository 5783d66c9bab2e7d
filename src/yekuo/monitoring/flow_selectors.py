"""Applications received and completed per day and per week, utility-side working days per category, and
clock stops by reason: each one GROUP BY in the database over the scope and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.models import Application
from yekuo.monitoring.aggregates import PercentileContinuous
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.scope import DashboardScope
from yekuo.monitoring.work_selectors import Figure
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus

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


def flow(*, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder) -> Flow:
    applications = applications_in_scope(scope=scope, filters=filters)
    start, end = filters.period_start_at, filters.period_end_at
    received = _count_per_day(
        applications.filter(submitted_at__gte=start, submitted_at__lt=end), "submitted_at"
    )
    completed = _count_per_day(
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


def durations_by_category(
    *, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder
) -> list[CategoryDuration]:
    """Mean and P90 of the utility-side working days at completion (the utility's clocks, or the whole
    process for residential customers, as the rule set counts it) against the whole-process limit. The
    completing transition copied both onto the application, so this reads the covering index
    `applications_completions` alone."""
    used = "completed_utility_working_days"
    limit = "completed_whole_process_limit_days"
    rows = (
        applications_in_scope(scope=scope, filters=filters)
        .filter(
            status=ApplicationStatus.COMPLETED,
            closed_at__gte=filters.period_start_at,
            closed_at__lt=filters.period_end_at,
            completed_utility_working_days__isnull=False,
        )
        .values("category")
        .annotate(
            completed=Count(used),
            mean_days=Avg(used),
            p90_days=PercentileContinuous(used, fraction=0.9),
            limit_days=Max(limit),
            over_limit=Count(used, filter=Q(**{f"{used}__gt": F(limit)})),
        )
        .order_by()
    )
    by_category = {row["category"]: row for row in rows}
    return [
        CategoryDuration(
            category=category.value,
            label=str(category.label),
            completed=Figure(
                by_category[category.value]["completed"],
                links.url(
                    category=category.value,
                    status=ApplicationStatus.COMPLETED,
                    completed_from=filters.period_from,
                    completed_to=filters.period_to,
                ),
            ),
            mean_days=float(by_category[category.value]["mean_days"] or 0),
            p90_days=float(by_category[category.value]["p90_days"] or 0),
            limit_days=by_category[category.value]["limit_days"],
            over_limit=by_category[category.value]["over_limit"],
        )
        for category in Category
        if category.value in by_category
    ]


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
    started = Q(started_at__gte=filters.period_start_at, started_at__lt=filters.period_end_at)
    rows = (
        ClockStop.objects.filter(
            # The work item's unit is the application's supply station (see work_selectors).
            scope.station_condition(field="work_item__candidate_unit__path"),
            filters.application_condition(prefix="application__"),
        )
        .filter(Q(status=ClockStopStatus.ACTIVE) | started)
        .values("reason")
        .annotate(
            stopped_now=Count("reason", filter=Q(status=ClockStopStatus.ACTIVE)),
            started_in_period=Count("reason", filter=started),
        )
        .order_by()
    )
    by_reason = {row["reason"]: row for row in rows}
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
