"""Which events an analysis reads: the live log (cut by unit, category, business type and period) or one
imported log (cut by period). Every analysis reads the relation built here and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _

from yekuo.analytics.errors import SelectionInvalid
from yekuo.workflow.event_kinds import WorkflowEvent

LIVE_LOG = "live"
LOG_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}")


@dataclass(frozen=True)
class LogSelection:
    """`unit_paths`: the subtrees (materialised paths) whose applications count, None for all; an empty
    tuple selects nothing. A period keeps every case with an activity in [period_start, period_end),
    whole (a trace cut in half would invent start and end activities)."""

    name: str = LIVE_LOG
    unit_paths: tuple[str, ...] | None = None
    category: str | None = None
    business_type: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None

    @property
    def is_live(self) -> bool:
        return self.name == LIVE_LOG


def naive_utc(moment: datetime) -> datetime:
    """DuckDB keeps naive UTC timestamps; naive input is taken as UTC already."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


COMPLETED = WorkflowEvent.WORK_ITEM_COMPLETED.value
OPENED = WorkflowEvent.WORK_ITEM_OPENED.value

# The live log's activities: one per completed visit of a stage (a work item), at its completion, by the
# person who completed it. A returned visit is not an activity (the stage was not done); the return itself
# is analysed as rework. A stage instance also carries when its work item opened.
_LIVE_ACTIVITIES = f"""
    select cast(e.application_id as varchar) as case_id, e.stage as activity, e.occurred_at,
           cast(e.actor_id as varchar) as resource, e.event_id as event_index
    from live_events e join live_applications a using (application_id)
    where e.kind = '{COMPLETED}'
"""  # noqa: S608  # constants
_LIVE_STAGE_INSTANCES = f"""
    select cast(e.application_id as varchar) as case_id, e.stage as activity,
           coalesce(o.occurred_at, e.occurred_at) as started_at, e.occurred_at,
           cast(e.actor_id as varchar) as resource, a.unit_path, e.event_id as event_index
    from live_events e join live_applications a using (application_id)
    left join live_events o on o.work_item_id = e.work_item_id and o.kind = '{OPENED}'
    where e.kind = '{COMPLETED}'
"""  # noqa: S608  # constants
# In an imported log an activity has one timestamp: it is taken to start when the case's previous one ended.
_IMPORTED_STAGE_INSTANCES = """
    select case_id, activity,
           coalesce(lag(occurred_at) over case_order, occurred_at) as started_at, occurred_at,
           resource, null::varchar as unit_path, event_index
    from log_events where log_name = ?
    window case_order as (partition by case_id order by occurred_at, event_index)
"""


def live_conditions(selection: LogSelection) -> tuple[str, list[Any]]:
    """Conditions on the application (alias `a`) for the live log."""
    sql, parameters = "", list[Any]()
    if selection.unit_paths is not None:
        if not selection.unit_paths:
            sql += " and false"
        else:
            matches = " or ".join("starts_with(a.unit_path, ?)" for _ in selection.unit_paths)
            sql += f" and ({matches})"
            parameters.extend(selection.unit_paths)
    if selection.category:
        sql += " and a.category = ?"
        parameters.append(selection.category)
    if selection.business_type:
        sql += " and a.business_type = ?"
        parameters.append(selection.business_type)
    return sql, parameters


def _refuse_live_filters(selection: LogSelection) -> None:
    if selection.unit_paths is not None or selection.category or selection.business_type:
        raise SelectionInvalid(_("An imported log can only be cut by period."))


def _cut_by_period(sql: str, parameters: list[Any], selection: LogSelection) -> tuple[str, list[Any]]:
    """Keep whole cases with an activity in the period."""
    if selection.period_start is None and selection.period_end is None:
        return sql, parameters
    bounds, bound_parameters = [], []
    if selection.period_start is not None:
        bounds.append("occurred_at >= ?")
        bound_parameters.append(naive_utc(selection.period_start))
    if selection.period_end is not None:
        bounds.append("occurred_at < ?")
        bound_parameters.append(naive_utc(selection.period_end))
    cut = f"""
        with selected as ({sql})
        select * from selected where case_id in (select case_id from selected where {" and ".join(bounds)})
    """  # noqa: S608  # built from constants; values travel as parameters
    return cut, parameters + bound_parameters


def event_relation(selection: LogSelection) -> tuple[str, list[Any]]:
    """SQL for (case_id, activity, occurred_at, resource, event_index) of the selection, and its params."""
    if selection.is_live:
        conditions, parameters = live_conditions(selection)
        return _cut_by_period(_LIVE_ACTIVITIES + conditions, parameters, selection)
    _refuse_live_filters(selection)
    sql = "select case_id, activity, occurred_at, resource, event_index from log_events where log_name = ?"
    return _cut_by_period(sql, [selection.name], selection)


def stage_instance_relation(selection: LogSelection) -> tuple[str, list[Any]]:
    """SQL for (case_id, activity, started_at, occurred_at, resource, unit_path, event_index): each
    completed activity with when its work began."""
    if selection.is_live:
        conditions, parameters = live_conditions(selection)
        return _cut_by_period(_LIVE_STAGE_INSTANCES + conditions, parameters, selection)
    _refuse_live_filters(selection)
    return _cut_by_period(_IMPORTED_STAGE_INSTANCES, [selection.name], selection)
