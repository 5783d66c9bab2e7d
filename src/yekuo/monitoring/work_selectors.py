"""Work in progress: open work items per stage and unit, their deadline states and due days.

One GROUP BY over the open items of the scope (the partial indexes on open items serve it), grouped by the
prefix of the supply station's path that names the row's unit: a unit's subtree is a path prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Case, CharField, Count, Expression, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from yekuo.monitoring.filters import DashboardFilters, local_today
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.scope import DashboardScope
from yekuo.org.models import Unit
from yekuo.workflow.models import ACTIVE_WORK_ITEM_STATUSES, DeadlineState, WorkItem
from yekuo.workflow.stages import Stage

# A work item's candidate unit is its application's supply station (yekuo.workflow.engine opens every stage
# there), so open work is scoped without joining the applications.
ITEM_UNIT_PATH = "candidate_unit__path"
LIST_LENGTH = 20


@dataclass(frozen=True)
class DueWindow:
    today_start_at: datetime
    tomorrow_start_at: datetime
    week_start_at: datetime
    next_week_start_at: datetime


def due_window() -> DueWindow:
    """Today, and this week from Monday to Sunday, in the utility's time zone. A due time is stored as the
    midnight that ends the last allowed day, so an item is due on a day when its due time lies in
    (that day's start, the next day's start]."""
    today = local_today()
    monday = today - timedelta(days=today.weekday())

    def start_of(day: object) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]

    return DueWindow(
        today_start_at=start_of(today),
        tomorrow_start_at=start_of(today + timedelta(days=1)),
        week_start_at=start_of(monday),
        next_week_start_at=start_of(monday + timedelta(days=7)),
    )


@dataclass(frozen=True)
class Figure:
    """A number and the applications behind it."""

    value: int
    url: str


@dataclass
class UnitRow:
    unit: Unit
    drill_down: bool
    cells: list[Figure] = field(default_factory=list)
    total: Figure | None = None
    warning: Figure | None = None
    overdue: Figure | None = None
    due_today: Figure | None = None
    due_week: Figure | None = None


@dataclass(frozen=True)
class WorkInProgress:
    stages: list[tuple[str, str]]  # (code, label) of the stages with open work
    rows: list[UnitRow]
    totals: UnitRow


def open_items_in_scope(*, scope: DashboardScope, filters: DashboardFilters) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(
        scope.station_condition(field=ITEM_UNIT_PATH),
        filters.application_condition(prefix="application__"),
        status__in=ACTIVE_WORK_ITEM_STATUSES,
    )


def _row_key(scope: DashboardScope) -> Expression:
    """The path of the row unit above each item's supply station."""
    if scope.rows_share_a_depth:
        return Substr(ITEM_UNIT_PATH, 1, len(scope.rows[0].path))
    whens = [When(**{f"{ITEM_UNIT_PATH}__startswith": row.path}, then=Value(row.path)) for row in scope.rows]
    return Case(*whens, default=Value(""), output_field=CharField())


def work_in_progress(
    *, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder
) -> WorkInProgress:
    window = due_window()
    counts = (
        open_items_in_scope(scope=scope, filters=filters)
        .annotate(row_path=_row_key(scope))
        .values("row_path", "stage")
        .annotate(
            # COUNT over a column of the covering index (never null), so the index alone answers.
            total=Count("*"),
            warning=Count("stage", filter=Q(deadline_state=DeadlineState.WARNING)),
            overdue=Count("stage", filter=Q(deadline_state=DeadlineState.OVERDUE)),
            due_today=Count(
                "stage", filter=Q(due_at__gt=window.today_start_at, due_at__lte=window.tomorrow_start_at)
            ),
            due_week=Count(
                "stage", filter=Q(due_at__gt=window.week_start_at, due_at__lte=window.next_week_start_at)
            ),
        )
        .order_by()
    )
    by_cell: dict[tuple[str, str], dict[str, int]] = {(row["row_path"], row["stage"]): row for row in counts}
    present = {stage for _, stage in by_cell}
    stages = [(stage.value, str(stage.label)) for stage in Stage if stage.value in present]
    rows = [_unit_row(unit, scope, stages, by_cell, links) for unit in scope.rows]
    return WorkInProgress(stages=stages, rows=rows, totals=_unit_row(None, scope, stages, by_cell, links))


def _sum(
    by_cell: dict[tuple[str, str], dict[str, int]], *, path: str | None, stage: str | None, key: str
) -> int:
    return sum(
        values[key]
        for (row_path, row_stage), values in by_cell.items()
        if (path is None or row_path == path) and (stage is None or row_stage == stage)
    )


def _unit_row(
    unit: Unit | None,
    scope: DashboardScope,
    stages: list[tuple[str, str]],
    by_cell: dict[tuple[str, str], dict[str, int]],
    links: LinkBuilder,
) -> UnitRow:
    """One unit's row, or with `unit` None the totals of the scope."""

    def figure(key: str, *, stage: str | None = None, deadline: str = "", due: str = "") -> Figure:
        value = _sum(by_cell, path=unit.path if unit else None, stage=stage, key=key)
        unit_id = unit.pk if unit else None
        return Figure(value, links.url(unit_id=unit_id, stage=stage, deadline=deadline, due=due))

    if unit is None:
        shown, drill_down = (scope.unit if scope.unit is not None else Unit()), False
    else:
        shown, drill_down = unit, scope.unit is None or unit.pk != scope.unit.pk
    return UnitRow(
        unit=shown,
        drill_down=drill_down,
        cells=[figure("total", stage=code) for code, _ in stages],
        total=figure("total"),
        warning=figure("warning", deadline="warning"),
        overdue=figure("overdue", deadline="overdue"),
        due_today=figure("due_today", due="today"),
        due_week=figure("due_week", due="week"),
    )


def late_items(*, scope: DashboardScope, filters: DashboardFilters, deadline_state: str) -> list[WorkItem]:
    """The open items in warning or overdue, the longest overdue (earliest due) first."""
    return list(
        open_items_in_scope(scope=scope, filters=filters)
        .filter(deadline_state=deadline_state)
        .select_related("application", "candidate_unit")
        .prefetch_related("assignee__account")  # not joined: see workflow.selectors.active_work_items
        .order_by("due_at", "pk")[:LIST_LENGTH]
    )
