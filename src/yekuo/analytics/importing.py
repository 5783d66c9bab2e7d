"""Import a historical event log (CSV or XES; also Parquet as yekuo exports it) into the analysis space
under a name.

A CSV file is read by DuckDB's CSV reader as text; an XES file is streamed into a temporary CSV of the same
shape first (the trace's attributes become `case:` columns, as in PM4Py), so both go through one mapping and
one timestamp parser. Timestamps with an offset are converted to UTC; those without are taken as UTC.
Events keep their position in the file, which orders events with equal timestamps.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.analytics.errors import LogImportFailed, LogNotFound
from yekuo.analytics.event_kinds import AnalyticsEvent
from yekuo.analytics.logs import ImportedLog
from yekuo.analytics.selection import LIVE_LOG, LOG_NAME_PATTERN, naive_utc
from yekuo.analytics.store import connection
from yekuo.analytics.xes import read_xes_events
from yekuo.core import clock
from yekuo.events.services import record_event

# The columns each role is looked for under when the mapping does not name one: XES names first.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case_id", "case"),
    "activity": ("concept:name", "activity"),
    "timestamp": ("time:timestamp", "timestamp"),
    "resource": ("org:resource", "resource"),
}
REQUIRED_ROLES = ("case", "activity", "timestamp")


@dataclass(frozen=True)
class ColumnMapping:
    """Which source column holds the case, activity, timestamp and resource; None: the default names.
    `attributes`: the other columns kept with each event; None keeps every other column."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    resource: str | None = None
    attributes: tuple[str, ...] | None = field(default=None)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _resolve(mapping: ColumnMapping, columns: Sequence[str], source_name: str) -> dict[str, str | None]:
    resolved: dict[str, str | None] = {}
    for role, defaults in DEFAULT_COLUMNS.items():
        named: str | None = getattr(mapping, role)
        if named is not None:
            if named not in columns:
                raise LogImportFailed(
                    _("Unknown column “%(column)s” in %(file)s; its columns are: %(columns)s.")
                    % {"column": named, "file": source_name, "columns": ", ".join(columns)}
                )
            resolved[role] = named
            continue
        resolved[role] = next((candidate for candidate in defaults if candidate in columns), None)
        if resolved[role] is None and role in REQUIRED_ROLES:
            raise LogImportFailed(
                _("No %(role)s column in %(file)s (looked for %(names)s); name it with --%(role)s.")
                % {"role": role, "file": source_name, "names": ", ".join(defaults)}
            )
    for column in mapping.attributes or ():
        if column not in columns:
            raise LogImportFailed(
                _("Unknown column “%(column)s” in %(file)s; its columns are: %(columns)s.")
                % {"column": column, "file": source_name, "columns": ", ".join(columns)}
            )
    return resolved


def _xes_to_csv(path: Path, directory: Path) -> Path:
    """Two streaming passes: the first collects the attribute names (the CSV's columns), the second writes
    the events; memory stays flat whatever the size of the file."""
    columns: dict[str, None] = {}
    for event in read_xes_events(path):
        columns.update(dict.fromkeys(event.attributes))
    target = directory / "events.csv"
    with target.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(event.attributes for event in read_xes_events(path))
    return target


def _stage_source(database: duckdb.DuckDBPyConnection, source_path: Path, source_format: str) -> list[str]:
    """Read the file as text into the temporary table `source`, numbering rows in file order."""
    reader = (
        "(select columns(*)::varchar from read_parquet(?))"
        if source_format == "parquet"
        else "read_csv(?, header = true, all_varchar = true)"
    )
    database.execute(
        f"""create or replace temporary table source as
            select row_number() over () as event_index, * from {reader}""",  # noqa: S608  # constants
        [str(source_path)],
    )
    columns = [row[0] for row in database.execute("describe source").fetchall()]
    return [column for column in columns if column != "event_index"]


def _check_values(database: duckdb.DuckDBPyConnection, resolved: dict[str, str | None], source: str) -> None:
    for role in ("case", "activity"):
        column = _quote(str(resolved[role]))
        empty = database.execute(
            f"select min(event_index) from source where coalesce({column}, '') = ''"  # noqa: S608
        ).fetchone()
        if empty is not None and empty[0] is not None:
            raise LogImportFailed(
                _("Row %(row)s of %(file)s has no %(role)s (column “%(column)s”).")
                % {"row": empty[0], "file": source, "role": role, "column": resolved[role]}
            )
    column = _quote(str(resolved["timestamp"]))
    bad = database.execute(
        f"""select event_index, {column} from source
            where try_cast({column} as timestamptz) is null order by event_index limit 1"""  # noqa: S608
    ).fetchone()
    if bad is not None:
        raise LogImportFailed(
            _("Cannot read the timestamp “%(value)s” in row %(row)s of %(file)s (column “%(column)s”).")
            % {"value": bad[1] or "", "row": bad[0], "file": source, "column": resolved["timestamp"]}
        )


def _copy_events(
    database: duckdb.DuckDBPyConnection, name: str, resolved: dict[str, str | None], attributes: list[str]
) -> tuple[int, int]:
    resource = _quote(resolved["resource"]) if resolved["resource"] else "null"
    attribute_json = (
        "json_object("
        + ", ".join(f"'{column.replace(chr(39), chr(39) * 2)}', {_quote(column)}" for column in attributes)
        + ")"
        if attributes
        else "null"
    )
    database.execute(
        f"""insert into log_events
            select ?, {_quote(str(resolved["case"]))}, {_quote(str(resolved["activity"]))},
                   timezone('UTC', cast({_quote(str(resolved["timestamp"]))} as timestamptz)),
                   {resource}, event_index, {attribute_json}
            from source order by event_index""",  # noqa: S608  # identifiers are quoted
        [name],
    )
    counts = database.execute(
        "select count(distinct case_id), count(*) from log_events where log_name = ?", [name]
    ).fetchone()
    return (int(counts[0]), int(counts[1])) if counts else (0, 0)


def _format_of(path: Path) -> str:
    """xes, parquet (what yekuo exports; also how the benchmark loads its logs) or csv, by file name."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".xes"):
        return "xes"
    return "parquet" if name.endswith(".parquet") else "csv"


def _validate_name(name: str) -> None:
    if name == LIVE_LOG or not LOG_NAME_PATTERN.fullmatch(name):
        raise LogImportFailed(
            _(
                "A log name is 1-60 letters, digits, dots, dashes or underscores, starts with a letter "
                "or digit, and is not “%(live)s”."
            )
            % {"live": LIVE_LOG}
        )


def log_import(
    *, path: Path, name: str, mapping: ColumnMapping | None = None, actor: User | None, replace: bool = False
) -> ImportedLog:
    """Import the CSV or XES file as the named log, all or nothing, and record who imported it."""
    _validate_name(name)
    mapping = mapping or ColumnMapping()
    if not path.is_file():
        raise LogImportFailed(_("No such file: %(file)s") % {"file": path})
    source_format = _format_of(path)
    with tempfile.TemporaryDirectory() as scratch, connection() as database:
        csv_path = _xes_to_csv(path, Path(scratch)) if source_format == "xes" else path
        try:
            columns = _stage_source(database, csv_path, source_format)
        except duckdb.Error as error:
            raise LogImportFailed(
                _("Cannot read %(file)s as %(format)s: %(error)s")
                % {"file": path.name, "format": source_format.upper(), "error": str(error).splitlines()[0]}
            ) from error
        resolved = _resolve(mapping, columns, path.name)
        _check_values(database, resolved, path.name)
        mapped = {column for column in resolved.values() if column}
        kept = (
            list(mapping.attributes)
            if mapping.attributes is not None
            else [column for column in columns if column not in mapped]
        )
        database.execute("begin transaction")
        exists = database.execute("select 1 from logs where name = ?", [name]).fetchone()
        if exists and not replace:
            database.execute("rollback")
            raise LogImportFailed(
                _("A log named “%(name)s” exists already; import with --replace to replace it.")
                % {"name": name}
            )
        database.execute("delete from log_events where log_name = ?", [name])
        database.execute("delete from logs where name = ?", [name])
        cases, events = _copy_events(database, name, resolved, kept)
        imported_at = clock.now()
        database.execute(
            "insert into logs values (?, ?, ?, ?, ?, ?, ?)",
            [
                name,
                path.name,
                source_format,
                naive_utc(imported_at),
                cases,
                events,
                json.dumps({**resolved, "attributes": kept}, ensure_ascii=False),
            ],
        )
        database.execute("commit")
    with transaction.atomic():
        record_event(
            kind=AnalyticsEvent.LOG_IMPORTED,
            actor=actor,
            subject_type="analytics_log",
            new_values={
                "name": name,
                "source_name": path.name,
                "source_format": source_format,
                "cases": cases,
                "events": events,
                "replaced": bool(exists),
            },
        )
    return ImportedLog(name, path.name, source_format, imported_at, cases, events)


def log_delete(*, name: str, actor: User | None) -> None:
    """Remove an imported log and record who removed it."""
    with connection() as database:
        database.execute("begin transaction")
        found = database.execute("select cases, events from logs where name = ?", [name]).fetchone()
        if found is None:
            database.execute("rollback")
            raise LogNotFound(_("There is no log named “%(name)s”.") % {"name": name})
        database.execute("delete from log_events where log_name = ?", [name])
        database.execute("delete from logs where name = ?", [name])
        database.execute("commit")
    with transaction.atomic():
        record_event(
            kind=AnalyticsEvent.LOG_DELETED,
            actor=actor,
            subject_type="analytics_log",
            old_values={"name": name, "cases": found[0], "events": found[1]},
        )
