"""Signals of work done off the system (体外循环): the record was made after the fact, not as the work
happened. None proves it; each lists the applications behind it so that someone looks.

- Implausibly fast: a stage completed sooner after it opened than the work can take.
- Back-filled in bulk: one person completing many stages in one sitting, one right after the other.
- Clustered at month end: a unit completing an unusual share of its stages in the month's last days,
  when the monthly figures are taken (regulations: monthly evaluation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from yekuo.analytics.logs import require_log
from yekuo.analytics.selection import LogSelection, stage_instance_relation
from yekuo.analytics.store import connection
from yekuo.workflow.stages import Stage

# Field work cannot be done in minutes: a survey, an inspection, a meter installation.
FIELD_WORK_MINIMUM_SECONDS = 30 * 60
FIELD_WORK_STAGES = (
    Stage.SITE_SURVEY,
    Stage.MID_CONSTRUCTION_INSPECTION,
    Stage.COMPLETION_INSPECTION,
    Stage.METERING_INSTALLATION,
    Stage.METERING_AND_ENERGISATION,
)
# The utility's time zone (China has no daylight saving time): month ends are local.
LOCAL_OFFSET_HOURS = 8


@dataclass(frozen=True)
class SignalThresholds:
    """Every threshold a signal uses; the defaults are starting points to tune per province."""

    minimum_seconds: int = 120
    minimum_seconds_by_stage: dict[str, int] = field(
        default_factory=lambda: {stage.value: FIELD_WORK_MINIMUM_SECONDS for stage in FIELD_WORK_STAGES}
    )
    bulk_gap_seconds: int = 120
    bulk_minimum_completions: int = 5
    month_end_days: int = 3
    month_end_minimum_share: float = 0.5
    month_end_minimum_completions: int = 10


@dataclass(frozen=True)
class FastCompletion:
    case_id: str
    stage: str
    resource: str | None
    started_at: datetime
    completed_at: datetime
    seconds: float


@dataclass(frozen=True)
class BulkBackfill:
    resource: str
    first_at: datetime
    last_at: datetime
    completions: int
    cases: tuple[str, ...]


@dataclass(frozen=True)
class MonthEndCluster:
    unit_path: str
    month: str
    completions: int
    at_month_end: int
    share: float
    cases: tuple[str, ...]


@dataclass(frozen=True)
class OffSystemSignals:
    fast_completions: tuple[FastCompletion, ...]
    bulk_backfills: tuple[BulkBackfill, ...]
    month_end_clusters: tuple[MonthEndCluster, ...]


def off_system_signals(
    selection: LogSelection, thresholds: SignalThresholds | None = None
) -> OffSystemSignals:
    """The three signals over the selection; timestamps are naive UTC, months are local (UTC+8)."""
    thresholds = thresholds or SignalThresholds()
    relation, parameters = stage_instance_relation(selection)
    with connection() as database:
        require_log(database, selection)
        database.execute(
            f"create or replace temporary table instances as select * from ({relation}) s",  # noqa: S608
            parameters,
        )
        stage_minimums = thresholds.minimum_seconds_by_stage
        fast = database.execute(
            """
            select case_id, activity, resource, started_at, occurred_at,
                   epoch(occurred_at) - epoch(started_at) as seconds
            from instances
            where epoch(occurred_at) - epoch(started_at)
                  < coalesce(map_extract(map(?::varchar[], ?::integer[]), activity)[1], ?)
            order by occurred_at, event_index
            """,
            [list(stage_minimums), list(stage_minimums.values()), thresholds.minimum_seconds],
        ).fetchall()
        bulk = database.execute(
            """
            with gaps as (
                select *, case when epoch(occurred_at) - epoch(lag(occurred_at) over by_resource) <= ?
                               then 0 else 1 end as starts_sitting
                from instances where resource is not null
                window by_resource as (partition by resource order by occurred_at, event_index)
            ),
            sittings as (
                select *, sum(starts_sitting) over (partition by resource order by occurred_at, event_index)
                          as sitting
                from gaps
            )
            select resource, min(occurred_at), max(occurred_at), count(*),
                   list(distinct case_id order by case_id)
            from sittings group by resource, sitting having count(*) >= ?
            order by min(occurred_at), resource
            """,
            [thresholds.bulk_gap_seconds, thresholds.bulk_minimum_completions],
        ).fetchall()
        month_end = database.execute(
            f"""
            with local as (
                select *, occurred_at + interval {LOCAL_OFFSET_HOURS} hour as local_at from instances
            ),
            marked as (
                select coalesce(unit_path, '') as unit_path, strftime(local_at, '%Y-%m') as month, case_id,
                       local_at::date > last_day(local_at::date) - ? as at_month_end
                from local
            )
            select unit_path, month, count(*), count(*) filter (at_month_end),
                   count(*) filter (at_month_end) / count(*),
                   list(distinct case_id order by case_id) filter (at_month_end)
            from marked group by unit_path, month
            having count(*) >= ? and count(*) filter (at_month_end) / count(*) >= ?
            order by month, unit_path
            """,  # noqa: S608  # an int constant
            [
                thresholds.month_end_days,
                thresholds.month_end_minimum_completions,
                thresholds.month_end_minimum_share,
            ],
        ).fetchall()
    return OffSystemSignals(
        fast_completions=tuple(FastCompletion(*row) for row in fast),
        bulk_backfills=tuple(
            BulkBackfill(str(resource), first, last, int(n), tuple(cases))
            for resource, first, last, n, cases in bulk
        ),
        month_end_clusters=tuple(
            MonthEndCluster(str(unit), str(month), int(n), int(late), float(share), tuple(cases))
            for unit, month, n, late, share, cases in month_end
        ),
    )
