"""Process discovery over one selected log, in DuckDB: the directly-follows graph with frequencies and
durations, start and end activities, and variants.

Order within a case follows PM4Py's: by timestamp, and events with the same timestamp keep the order in
which they were recorded (the event id for the live log, the position in the file for an imported log).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from yekuo.analytics.logs import require_log
from yekuo.analytics.selection import LogSelection, event_relation
from yekuo.analytics.store import connection


@dataclass(frozen=True)
class DirectlyFollowsEdge:
    source: str
    target: str
    count: int
    mean_seconds: float
    median_seconds: float


@dataclass(frozen=True)
class DirectlyFollowsGraph:
    cases: int
    events: int
    edges: tuple[DirectlyFollowsEdge, ...]
    start: dict[str, int]
    end: dict[str, int]
    variants: int


@dataclass(frozen=True)
class Variant:
    activities: tuple[str, ...]
    cases: int


@dataclass(frozen=True)
class ProcessDiscovery:
    graph: DirectlyFollowsGraph
    variants: tuple[Variant, ...]


def _ordered(database: duckdb.DuckDBPyConnection, selection: LogSelection) -> None:
    """The temporary table `ordered`: each event with its position in its case, the next activity and
    the seconds to it (one sort of the log, one window). Every figure below is an aggregate over it:
    a case starts where position = 1 and ends where there is no next activity. Activities are carried as
    small integer codes (table `activity_codes`) and decoded only in the results: a tenth of the memory."""
    relation, parameters = event_relation(selection)
    database.execute("set preserve_insertion_order = false")  # every result below is ordered explicitly
    database.execute(
        f"""create or replace temporary table activity_codes as
            select activity, (row_number() over (order by activity))::integer as code
            from (select distinct activity from ({relation}) s)""",  # noqa: S608  # constants
        parameters,
    )
    database.execute(
        f"""
        create or replace temporary table ordered as
        select case_id, code,
               (row_number() over case_order)::integer as position,
               lead(code) over case_order as next_code,
               epoch(lead(occurred_at) over case_order) - epoch(occurred_at) as seconds_to_next
        from ({relation}) s join activity_codes using (activity)
        window case_order as (partition by case_id order by occurred_at, event_index)
        """,  # noqa: S608  # constants
        parameters,
    )


def _counts(rows: Sequence[tuple[Any, ...]]) -> dict[str, int]:
    return {str(activity): int(count) for activity, count in rows}


def process_discovery(selection: LogSelection, *, variant_limit: int | None = None) -> ProcessDiscovery:
    """The directly-follows graph (for each pair of activities that follow each other directly in a case:
    how often, mean and median seconds between them), start and end activities, and the variants (distinct
    activity sequences with their number of cases, most frequent first; `variant_limit` keeps the top
    ones, the graph's variant count is always all of them). One pass over the log."""
    with connection() as database:
        require_log(database, selection)
        _ordered(database, selection)
        cases, events = database.execute(
            "select count(*) filter (position = 1), count(*) from ordered"
        ).fetchone() or (0, 0)
        edge_rows = database.execute(
            """
            with edges as (
                select code, next_code, count(*) as n, avg(seconds_to_next) as mean,
                       median(seconds_to_next) as median
                from ordered where next_code is not null group by code, next_code
            )
            select source.activity, target.activity, n, mean, median
            from edges join activity_codes source on source.code = edges.code
            join activity_codes target on target.code = edges.next_code
            order by n desc, source.activity, target.activity
            """
        ).fetchall()
        start = database.execute(
            """select activity, count(*) from ordered join activity_codes using (code) where position = 1
               group by activity order by 2 desc, 1"""
        ).fetchall()
        end = database.execute(
            """select activity, count(*) from ordered join activity_codes using (code)
               where next_code is null group by activity order by 2 desc, 1"""
        ).fetchall()
        database.execute(
            """create or replace temporary table variant_counts as
               select codes, count(*) as cases from (
                   select list(code order by position) as codes from ordered group by case_id
               ) group by codes"""
        )
        variant_total = database.execute("select count(*) from variant_counts").fetchone()
        limit = f"limit {int(variant_limit)}" if variant_limit is not None else ""
        variant_rows = database.execute(
            f"""select list_transform(codes, lambda c: names[c]) as activities, cases
                from variant_counts,
                     (select list(activity order by code) as names from activity_codes)
                order by cases desc, activities {limit}"""  # noqa: S608
        ).fetchall()
    graph = DirectlyFollowsGraph(
        cases=int(cases),
        events=int(events),
        edges=tuple(
            DirectlyFollowsEdge(str(source), str(target), int(count), float(mean), float(median))
            for source, target, count, mean, median in edge_rows
        ),
        start=_counts(start),
        end=_counts(end),
        variants=int(variant_total[0]) if variant_total else 0,
    )
    return ProcessDiscovery(graph, tuple(Variant(tuple(a), int(n)) for a, n in variant_rows))


def directly_follows_graph(selection: LogSelection) -> DirectlyFollowsGraph:
    """The directly-follows graph with start and end activities and the variant count."""
    return process_discovery(selection, variant_limit=0).graph


def variants(selection: LogSelection, *, limit: int | None = None) -> list[Variant]:
    """Distinct activity sequences with the number of cases that follow each, most frequent first."""
    return list(process_discovery(selection, variant_limit=limit).variants)
