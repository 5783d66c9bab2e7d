"""The named logs of the analysis space: which exist, and refusing to analyse one that does not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
from django.utils.translation import gettext as _

from yekuo.analytics.errors import LogNotFound
from yekuo.analytics.selection import LogSelection
from yekuo.analytics.store import connection


@dataclass(frozen=True)
class ImportedLog:
    name: str
    source_name: str
    source_format: str
    imported_at: datetime
    cases: int
    events: int


def require_log(database: duckdb.DuckDBPyConnection, selection: LogSelection) -> None:
    if selection.is_live:
        return
    found = database.execute("select 1 from logs where name = ?", [selection.name]).fetchone()
    if found is None:
        raise LogNotFound(_("There is no log named “%(name)s”.") % {"name": selection.name})


def imported_logs() -> list[ImportedLog]:
    """Every imported log, newest first."""
    with connection() as database:
        rows = database.execute(
            """select name, source_name, source_format, imported_at, cases, events
               from logs order by imported_at desc, name"""
        ).fetchall()
    return [ImportedLog(*row) for row in rows]
