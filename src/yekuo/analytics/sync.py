"""Copy new events from the event table into the live log in DuckDB.

Events never change, so only new ones are copied. "New" is decided per hash chain by sequence, not by a
global id: ids are handed out before commit, so on PostgreSQL a smaller id of one province can commit after
a larger id of another and a global id watermark would skip it for good. Within a chain the head row is
locked while appending, so sequences commit in order with no gap, and the head's `last_sequence` read at
the start tells which events are committed. How far the copy has come is the copy itself (the highest
sequence per chain in DuckDB), written in the same DuckDB transaction as the rows: a crash between copy
and watermark cannot happen, a rerun continues where the last one stopped, and the event id is the primary
key, so a row is never copied twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from yekuo.analytics.selection import naive_utc
from yekuo.analytics.store import connection
from yekuo.applications.models import Application
from yekuo.events.models import Event, EventChain
from yekuo.workflow.transition import graph_for

BATCH_SIZE = 20_000
ROWS_PER_STATEMENT = 500
EVENT_FIELDS = (
    "pk",
    "chain",
    "sequence",
    "occurred_at",
    "actor_id",
    "kind",
    "application_id",
    "work_item_id",
    "old_values",
    "new_values",
)


@dataclass(frozen=True)
class SyncReport:
    events_copied: int
    events_total: int
    applications_refreshed: int


def _insert_rows(
    database: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]], *, replace: bool = False
) -> None:
    """Multi-row INSERTs: far faster in DuckDB than one statement per row."""
    if not rows:
        return
    verb = "insert or replace" if replace else "insert or ignore"
    width = len(rows[0])
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        placeholders = ", ".join("(" + ", ".join("?" * width) + ")" for _ in chunk)
        database.execute(
            f"{verb} into {table} values {placeholders}",  # table names are constants
            [value for row in chunk for value in row],
        )


def _event_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    event_id, chain, sequence, occurred_at, actor_id, kind, application_id, work_item_id, old, new = values
    new = new or {}
    stage = new.get("stage") or new.get("from_stage")
    return (
        event_id,
        chain,
        sequence,
        naive_utc(occurred_at),
        actor_id,
        kind,
        application_id,
        work_item_id,
        stage if isinstance(stage, str) else None,
        new.get("to_stage") if isinstance(new.get("to_stage"), str) else None,
        new.get("reason") if isinstance(new.get("reason"), str) else None,
        _json(old),
        _json(new),
    )


def _json(values: Any) -> str:
    return json.dumps(values or {}, ensure_ascii=False)


def _copied_sequences(database: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = database.execute("select chain, max(sequence) from live_events group by chain").fetchall()
    return {str(chain): int(sequence) for chain, sequence in rows}


def _copy_chain(database: duckdb.DuckDBPyConnection, chain: str, after: int, through: int) -> set[int]:
    """Copy events (after, through] of one chain in batches; each batch is one DuckDB transaction."""
    touched: set[int] = set()
    while after < through:
        batch = list(
            Event.objects.filter(chain=chain, sequence__gt=after, sequence__lte=through)
            .order_by("sequence")
            .values_list(*EVENT_FIELDS)[:BATCH_SIZE]
        )
        if not batch:
            break
        database.execute("begin transaction")
        _insert_rows(database, "live_events", [_event_row(values) for values in batch])
        database.execute("commit")
        after = batch[-1][2]
        touched.update(values[6] for values in batch if values[6] is not None)
    return touched


def _application_rows(application_ids: Iterable[int]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(live_applications rows, live_expected_stages rows) for the applications, read now."""
    applications: list[tuple[Any, ...]] = []
    expected: list[tuple[Any, ...]] = []
    queryset = Application.objects.filter(pk__in=list(application_ids)).select_related(
        "supply_station", "process__definition"
    )
    for application in queryset:
        process = getattr(application, "process", None)
        definition = process.definition if process is not None else None
        applications.append(
            (
                application.pk,
                application.number,
                application.category,
                application.business_type,
                application.status,
                application.supply_station.path,
                definition.code if definition else None,
                definition.version if definition else None,
            )
        )
        if definition is not None:
            graph = graph_for(definition.pk, application)
            expected.extend(
                (application.pk, stage, position, sorted(graph.predecessors[stage]))
                for position, stage in enumerate(graph.stages, start=1)
            )
    return applications, expected


def _refresh_applications(database: duckdb.DuckDBPyConnection, application_ids: set[int]) -> None:
    ordered = sorted(application_ids)
    for start in range(0, len(ordered), 1000):
        chunk = ordered[start : start + 1000]
        applications, expected = _application_rows(chunk)
        database.execute("begin transaction")
        _insert_rows(database, "live_applications", applications, replace=True)
        database.execute(
            f"delete from live_expected_stages where application_id in ({', '.join('?' * len(chunk))})",  # noqa: S608
            chunk,
        )
        _insert_rows(database, "live_expected_stages", expected)
        database.execute("commit")


def live_log_sync() -> SyncReport:
    """Copy every committed event not yet in the live log; refresh the applications they touch. Safe to
    run again at any time, also after a crash half-way."""
    heads = dict(EventChain.objects.values_list("key", "last_sequence"))
    with connection() as database:
        copied = _copied_sequences(database)
        before = int((database.execute("select count(*) from live_events").fetchone() or (0,))[0])
        touched: set[int] = set()
        for chain, last_sequence in sorted(heads.items()):
            touched |= _copy_chain(database, chain, copied.get(chain, 0), int(last_sequence))
        _refresh_applications(database, touched)
        total = int((database.execute("select count(*) from live_events").fetchone() or (0,))[0])
    return SyncReport(events_copied=total - before, events_total=total, applications_refreshed=len(touched))
