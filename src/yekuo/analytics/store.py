"""The DuckDB file that holds the columnar copy of the event log and the imported logs.

DuckDB lets one process open a file for writing at a time; each operation opens it, works and closes it,
so the CLI, the worker and a web request take turns instead of holding it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

from yekuo.analytics.errors import AnalyticsBusy

OPEN_TIMEOUT_SECONDS = 30
_wait_seconds: ContextVar[float | None] = ContextVar("analytics_wait_seconds", default=None)

SCHEMA = (
    # The live log: a copy of every event, by id. `stage` and `reason` are lifted out of the JSON values.
    """create table if not exists live_events (
        event_id bigint primary key,
        chain varchar not null,
        sequence bigint not null,
        occurred_at timestamp not null,
        actor_id bigint,
        kind varchar not null,
        application_id bigint,
        work_item_id bigint,
        stage varchar,
        to_stage varchar,
        reason varchar,
        old_values json,
        new_values json
    )""",
    # What analyses filter and judge applications by, refreshed for every application an event touched.
    """create table if not exists live_applications (
        application_id bigint primary key,
        number varchar,
        category varchar,
        business_type varchar,
        status varchar,
        unit_path varchar,
        definition_code varchar,
        definition_version integer
    )""",
    # The stages each application's definition expects of it (conditions applied), with the stages that
    # must be completed before each.
    """create table if not exists live_expected_stages (
        application_id bigint not null,
        stage varchar not null,
        position integer not null,
        predecessors varchar[] not null,
        primary key (application_id, stage)
    )""",
    # Imported historical logs: a separate analysis space, addressed by name.
    """create table if not exists logs (
        name varchar primary key,
        source_name varchar not null,
        source_format varchar not null,
        imported_at timestamp not null,
        cases bigint not null,
        events bigint not null,
        mapping json not null
    )""",
    """create table if not exists log_events (
        log_name varchar not null,
        case_id varchar not null,
        activity varchar not null,
        occurred_at timestamp not null,
        resource varchar,
        event_index bigint not null,
        attributes json
    )""",
)


@contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Within the block, give up opening a busy file after `seconds`: a page answers soon, where the CLI
    and the worker may wait the full OPEN_TIMEOUT_SECONDS."""
    token = _wait_seconds.set(seconds)
    try:
        yield
    finally:
        _wait_seconds.reset(token)


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting a while for another process that has it open (DuckDB locks the file)."""
    wait = _wait_seconds.get()
    deadline = time.monotonic() + (OPEN_TIMEOUT_SECONDS if wait is None else wait)
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise AnalyticsBusy(
                    _("The analytics store is in use by another process; try again shortly.")
                ) from error
            time.sleep(0.2)


def database_path() -> Path:
    return Path(settings.ANALYTICS_DATABASE)


@contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection to the analytics file with the schema in place; closed on leaving the block.
    Timestamps are stored as naive UTC, so the session time zone is UTC."""
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    database = _connect(path)
    try:
        database.execute("set TimeZone = 'UTC'")
        database.execute("set memory_limit = ?", [settings.ANALYTICS_MEMORY_LIMIT])
        for statement in SCHEMA:
            database.execute(statement)
        yield database
    finally:
        database.close()
