"""How long each stage takes: the distribution of its instances' durations.

Live log: from the work item's opening to its completion (waiting in the queue included, as the customer
experiences it). Imported log: from the case's previous activity to this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from yekuo.analytics.logs import require_log
from yekuo.analytics.selection import LogSelection, stage_instance_relation
from yekuo.analytics.store import connection


@dataclass(frozen=True)
class StageDurationDistribution:
    stage: str
    count: int
    mean_seconds: float
    minimum_seconds: float
    p25_seconds: float
    median_seconds: float
    p75_seconds: float
    p90_seconds: float
    maximum_seconds: float


def stage_durations(selection: LogSelection) -> list[StageDurationDistribution]:
    """One distribution per stage (activity), slowest median first. Quantiles are interpolated."""
    relation, parameters = stage_instance_relation(selection)
    with connection() as database:
        require_log(database, selection)
        rows = database.execute(
            f"""
            with instances as (
                select activity, epoch(occurred_at) - epoch(started_at) as seconds from ({relation}) s
            )
            select activity, count(*), avg(seconds), min(seconds),
                   quantile_cont(seconds, [0.25, 0.5, 0.75, 0.9]), max(seconds)
            from instances group by activity
            order by quantile_cont(seconds, 0.5) desc, activity
            """,  # noqa: S608  # the relation is built from constants
            parameters,
        ).fetchall()
    return [
        StageDurationDistribution(
            stage=str(stage),
            count=int(count),
            mean_seconds=float(mean),
            minimum_seconds=float(minimum),
            p25_seconds=float(quantiles[0]),
            median_seconds=float(quantiles[1]),
            p75_seconds=float(quantiles[2]),
            p90_seconds=float(quantiles[3]),
            maximum_seconds=float(maximum),
        )
        for stage, count, mean, minimum, quantiles, maximum in rows
    ]
