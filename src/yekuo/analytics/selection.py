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


# The live log's activities: one per completed visit of a stage (a work item), at its completion, by the
# person who completed it. A returned visit is not an activity (the stage was not done); the return itself
# is analysed as rework.
_LIVE_ACTIVITIES = f"""
    select cast(e.application_id as varchar) as case_id, e.stage as activity, e.occurred_at,
           cast(e.actor_id as varchar) as resource, e.event_id as event_index
    from live_events e join live_applications a using (application_id)
    where e.kind = '{WorkflowEvent.WORK_ITEM_COMPLETED.value}'
"""  # noqa: S608  # a constant


def event_relation(selection: LogSelection) -> tuple[str, list[Any]]:
    """SQL for (case_id, activity, occurred_at, resource, event_index) of the selection, and its params."""
    parameters: list[Any] = []
    if selection.is_live:
        sql = _LIVE_ACTIVITIES
        if selection.unit_paths is not None:
            if not selection.unit_paths:
                sql += " and false"
            else:
                sql += (
                    " and (" + " or ".join("starts_with(a.unit_path, ?)" for _ in selection.unit_paths) + ")"
                )
                parameters.extend(selection.unit_paths)
        if selection.category:
            sql += " and a.category = ?"
            parameters.append(selection.category)
        if selection.business_type:
            sql += " and a.business_type = ?"
            parameters.append(selection.business_type)
    else:
        if selection.unit_paths is not None or selection.category or selection.business_type:
            raise SelectionInvalid(_("An imported log can only be cut by period."))
        sql = """
            select case_id, activity, occurred_at, resource, event_index
            from log_events where log_name = ?
        """
        parameters.append(selection.name)
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
