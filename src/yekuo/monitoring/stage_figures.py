"""The process map's figures over the period: stage visits opened and returned, and the median time of
those completed, per stage definition. Like the flow figures (period_figures), the rolled-up days come
from the daily stage figures and the rest is counted live."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from yekuo.monitoring.aggregates import ElapsedSeconds, PercentileContinuous, histogram_percentile_continuous
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.period_figures import split_period
from yekuo.monitoring.scope import DashboardScope
from yekuo.monitoring.work_selectors import ITEM_UNIT_PATH  # the application's supply station
from yekuo.org.models import Unit
from yekuo.workflow.daily_figures import band_seconds, elapsed_band, keeps_stage_figures
from yekuo.workflow.models import (
    DailyStageFigure,
    DailyStageFigureKind,
    StageDefinition,
    WorkItem,
    WorkItemStatus,
)

SMALL_SCOPE_UNITS = 60  # a county and its stations, with room to spare
# The completed visits of the days counted live are banded in Python beside the rolled-up bands; past a
# couple of days (the worker catching up) the whole period is counted in the database instead.
LIVE_DAYS_BESIDE_BANDS = 2


def _unit_condition(scope: DashboardScope) -> Q:
    """A county-sized scope as its units' ids, so the index on (unit, stage, opened at) reads its own items
    (a county's year: 600 → a few tens of ms); a wider one by the path, which the indexes on (stage,
    opened/closed at) serve."""
    units = Unit.objects.filter(scope.station_condition(field="path"))
    ids = list(units.values_list("pk", flat=True)[: SMALL_SCOPE_UNITS + 1])
    if len(ids) <= SMALL_SCOPE_UNITS:
        return Q(candidate_unit_id__in=ids)
    return scope.station_condition(field=ITEM_UNIT_PATH)


def items_of(stages: list[StageDefinition], *, scope: DashboardScope) -> QuerySet[WorkItem]:
    """The work items of the definition's stages in the scope. The definition fixes the category and the
    business type, so the application filters are not needed; the stage ids are given as a list so the
    indexes serve the period's range."""
    return WorkItem.objects.filter(
        _unit_condition(scope), stage_definition_id__in=[stage.pk for stage in stages]
    )


@dataclass(frozen=True)
class PeriodStageFigures:
    """Per stage definition id: visits opened and returned in the period, median time of those completed."""

    opened: dict[int, int]
    returned: dict[int, int]
    median_seconds: dict[int, float | None]


def _live_stage_figures(
    stages: list[StageDefinition], *, scope: DashboardScope, filters: DashboardFilters
) -> PeriodStageFigures:
    """The period counted from the work items alone, the median exact (PERCENTILE_CONT)."""
    items = items_of(stages, scope=scope)
    start, end = filters.period_start_at, filters.period_end_at
    opened = dict(
        items.filter(opened_at__gte=start, opened_at__lt=end)
        .values_list("stage_definition_id")
        .annotate(total=Count("*"))
        .order_by()
    )
    # Grouped by the stage definition, which the covering indexes carry, so PostgreSQL answers from the
    # indexes alone; grouping by the stage's name read every item of the period from the table.
    closed = (
        # Opened before the end too (a visit closes after it opens): the unit index's range.
        items.filter(closed_at__gte=start, closed_at__lt=end, opened_at__lt=end)
        .values("stage_definition_id")
        .annotate(
            returned=Count("stage_definition_id", filter=Q(status=WorkItemStatus.RETURNED)),
            median_seconds=PercentileContinuous(
                ElapsedSeconds("opened_at", "closed_at"),
                fraction=0.5,
                filter=Q(status=WorkItemStatus.COMPLETED),
            ),
        )
        .order_by()
    )
    returned: dict[int, int] = {}
    median_seconds: dict[int, float | None] = {}
    for row in closed:
        returned[row["stage_definition_id"]] = row["returned"]
        median_seconds[row["stage_definition_id"]] = row["median_seconds"]
    return PeriodStageFigures(opened=opened, returned=returned, median_seconds=median_seconds)


def period_stage_figures(
    stages: list[StageDefinition], *, scope: DashboardScope, filters: DashboardFilters
) -> PeriodStageFigures:
    """The rolled-up days from the daily stage figures (a median from duration bands, within 2.5 % of the
    exact one), the rest counted live; all live when no day is rolled up, when more than
    LIVE_DAYS_BESIDE_BANDS days are not, or when the scope has a unit without stage figures (a county or
    a station, whose own items an index serves)."""
    split = split_period(filters)
    if (
        split.rolled_up is None
        or split.live_days > LIVE_DAYS_BESIDE_BANDS
        or not all(keeps_stage_figures(unit) for unit in scope.units())
    ):
        return _live_stage_figures(stages, scope=scope, filters=filters)
    opened: Counter[int] = Counter()
    returned: Counter[int] = Counter()
    durations: dict[int, Counter[float]] = defaultdict(Counter)
    rows = (
        DailyStageFigure.objects.filter(
            split.rolled_up,
            unit_id__in=scope.unit_ids(),
            stage_definition_id__in=[stage.pk for stage in stages],
        )
        .values_list("stage_definition_id", "kind", "elapsed_band")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for stage_id, kind, band, total in rows:
        if kind == DailyStageFigureKind.OPENED:
            opened[stage_id] += total
        elif kind == DailyStageFigureKind.RETURNED:
            returned[stage_id] += total
        elif band is not None:
            durations[stage_id][band_seconds(band)] += total
    for live_filters in split.live:
        live = _live_stage_figures(stages, scope=scope, filters=live_filters)
        opened.update(live.opened)
        returned.update(live.returned)
        items = items_of(stages, scope=scope).filter(
            status=WorkItemStatus.COMPLETED,
            closed_at__gte=live_filters.period_start_at,
            closed_at__lt=live_filters.period_end_at,
        )
        for stage_id, opened_at, closed_at in items.values_list(
            "stage_definition_id", "opened_at", "closed_at"
        ):
            if closed_at is not None:
                durations[stage_id][band_seconds(elapsed_band((closed_at - opened_at).total_seconds()))] += 1
    return PeriodStageFigures(
        opened=dict(opened),
        returned=dict(returned),
        median_seconds={
            stage_id: histogram_percentile_continuous(histogram, 0.5)
            for stage_id, histogram in durations.items()
        },
    )
