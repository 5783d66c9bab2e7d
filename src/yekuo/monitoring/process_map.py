"""The process map: one process definition drawn as its stages, with the live figures of the scope.

Nodes carry the open work items at the stage now (and how many are in warning or overdue) and the median
time a stage took (opened to completed, calendar time) for the items completed in the period; forward edges
carry how often the target stage was opened in the period, return edges how often the source stage was
returned. The layout is computed here from the definition (columns by longest path from the start, rows by
track), so the chart is a readable left-to-right flow, never a force-directed hairball.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext

from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.scope import DashboardScope
from yekuo.monitoring.stage_figures import items_of, period_stage_figures
from yekuo.monitoring.work_selectors import ITEM_UNIT_PATH  # the application's supply station
from yekuo.workflow.definitions import ProcessVariant
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    DeadlineState,
    ProcessDefinition,
    ReturnEdge,
    StageDefinition,
    WorkItem,
)
from yekuo.workflow.stages import Stage, StageOwner

SECONDS_PER_DAY = 86400


class NodeTone:
    """How a node is coloured; the legend names each."""

    OVERDUE = "overdue"  # some open item at the stage is overdue
    WARNING = "warning"  # some open item is in warning
    BOTTLENECK = "bottleneck"  # the utility stage holding the most open items
    BUSY = "busy"
    IDLE = "idle"


def definition_label(definition: ProcessDefinition) -> str:
    """The definition in the reader's language (its stored name is Chinese data)."""
    parts = [definition.get_category_display(), definition.get_business_type_display()]
    if definition.variant == ProcessVariant.THREE_ZERO:
        parts.append(gettext("two-stage service"))  # 三零
    return " · ".join(str(part) for part in parts)


@dataclass(frozen=True)
class DefinitionChoice:
    definition: ProcessDefinition
    open_work_items: int

    @property
    def label(self) -> str:
        return definition_label(self.definition)


def definition_choices(*, scope: DashboardScope, filters: DashboardFilters) -> list[DefinitionChoice]:
    """The definitions the filters allow, each with its open work items in the scope, busiest first."""
    definitions = ProcessDefinition.objects.all()
    if filters.category:
        definitions = definitions.filter(category=filters.category)
    if filters.business_type:
        definitions = definitions.filter(business_type=filters.business_type)
    counts = dict(
        WorkItem.objects.filter(
            scope.station_condition(field=ITEM_UNIT_PATH),
            filters.application_condition(prefix="application__"),
            status__in=ACTIVE_WORK_ITEM_STATUSES,
        )
        .values_list("stage_definition__definition_id")
        .annotate(total=Count("*"))
        .order_by()
    )
    choices = [DefinitionChoice(definition, counts.get(definition.pk, 0)) for definition in definitions]
    return sorted(choices, key=lambda choice: (-choice.open_work_items, choice.definition.code))


def layout(stages: list[StageDefinition]) -> dict[str, tuple[int, int]]:
    """(column, row) of every stage: column = longest path from a start stage; stages sharing a column
    are stacked by track, then by position."""
    by_stage = {stage.stage: stage for stage in stages}
    columns: dict[str, int] = {}
    for stage in sorted(stages, key=lambda each: each.position):
        predecessors = [name for name in stage.predecessors if name in by_stage]
        columns[stage.stage] = 1 + max((columns.get(name, 0) for name in predecessors), default=-1)
    tracks = list(dict.fromkeys(stage.track for stage in sorted(stages, key=lambda each: each.position)))
    stacked: dict[int, list[StageDefinition]] = defaultdict(list)
    for stage in stages:
        stacked[columns[stage.stage]].append(stage)
    positions: dict[str, tuple[int, int]] = {}
    for column, members in stacked.items():
        ordered = sorted(members, key=lambda each: (tracks.index(each.track), each.position))
        for row, stage in enumerate(ordered):
            positions[stage.stage] = (column, row)
    return positions


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_DAY, 1)


def process_map(  # the chart's whole description in one place
    definition: ProcessDefinition, *, scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder
) -> dict[str, Any]:
    stages = list(StageDefinition.objects.filter(definition=definition).order_by("position"))
    items = items_of(stages, scope=scope)
    # Grouped by the stage definition (one per stage of this definition), which the covering indexes
    # carry, so PostgreSQL answers from the indexes alone; grouping by the stage's name read every item
    # of the period from the table (a province's month: 217 → 57 ms for the openings).
    stage_of = {stage.pk: stage.stage for stage in stages}
    open_counts = {
        stage_of[row["stage_definition_id"]]: row
        for row in items.filter(status__in=ACTIVE_WORK_ITEM_STATUSES)
        .values("stage_definition_id")
        .annotate(
            total=Count("*"),
            warning=Count("stage_definition_id", filter=Q(deadline_state=DeadlineState.WARNING)),
            overdue=Count("stage_definition_id", filter=Q(deadline_state=DeadlineState.OVERDUE)),
        )
        .order_by()
    }
    period = period_stage_figures(stages, scope=scope, filters=filters)
    opened = {stage_of[stage_id]: total for stage_id, total in period.opened.items()}
    closed = {
        stage_of[stage_id]: {
            "returned": period.returned.get(stage_id, 0),
            "median_seconds": period.median_seconds.get(stage_id),
        }
        for stage_id in stage_of
    }
    busiest = max(
        (
            open_counts.get(stage.stage, {}).get("total", 0)
            for stage in stages
            if stage.owner == StageOwner.UTILITY
        ),
        default=0,
    )
    positions = layout(stages)
    nodes = []
    for stage in stages:
        counts = open_counts.get(stage.stage, {"total": 0, "warning": 0, "overdue": 0})
        median = _days(closed.get(stage.stage, {}).get("median_seconds"))
        column, row = positions[stage.stage]
        nodes.append(
            {
                "id": stage.stage,
                "name": str(Stage(stage.stage).label),
                "x": column,
                "y": row,
                "open": counts["total"],
                "warning": counts["warning"],
                "overdue": counts["overdue"],
                "median_days": median,
                "customer_owned": stage.owner == StageOwner.CUSTOMER,
                "tone": _tone(counts, busiest=busiest, utility=stage.owner == StageOwner.UTILITY),
                "url": links.url(
                    stage=stage.stage, category=definition.category, business_type=definition.business_type
                ),
            }
        )
    edges = [
        {"source": predecessor, "target": stage.stage, "count": opened.get(stage.stage, 0), "return": False}
        for stage in stages
        for predecessor in stage.predecessors
        if predecessor in positions
    ]
    returns = ReturnEdge.objects.filter(definition=definition).order_by("from_stage", "to_stage")
    edges += [
        {
            "source": edge.from_stage,
            "target": edge.to_stage,
            "count": closed.get(edge.from_stage, {}).get("returned", 0),
            "return": True,
        }
        for edge in returns
        if edge.from_stage in positions and edge.to_stage in positions
    ]
    return {
        "definition": {
            "id": definition.pk,
            "name": definition_label(definition),
            "version": definition.version,
        },
        "nodes": nodes,
        "edges": edges,
        "labels": {
            "open": gettext("open"),
            "median_days": gettext("median %(days)s days"),
            "returns": gettext("returns"),
            "no_data": gettext("no completions"),
        },
    }


def _tone(counts: dict[str, int], *, busiest: int, utility: bool) -> str:
    if counts["overdue"]:
        return NodeTone.OVERDUE
    if counts["warning"]:
        return NodeTone.WARNING
    if utility and busiest and counts["total"] == busiest:
        return NodeTone.BOTTLENECK
    return NodeTone.BUSY if counts["total"] else NodeTone.IDLE
