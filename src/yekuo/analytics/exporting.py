"""Export a selected log as CSV, Parquet (both written by DuckDB) or XES (IEEE 1849, streamed).

Columns use the XES names, so an export imports again without a mapping. The live log adds the
application's number, category, business type and unit path as case attributes; an imported log gives back
the attributes it was imported with. Timestamps are UTC.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb
from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.analytics.errors import SelectionInvalid
from yekuo.analytics.event_kinds import AnalyticsEvent
from yekuo.analytics.logs import require_log
from yekuo.analytics.selection import LogSelection, event_relation
from yekuo.analytics.store import connection
from yekuo.analytics.xes import XesTrace, write_xes
from yekuo.events.services import record_event

CORE_COLUMNS = ("case:concept:name", "concept:name", "time:timestamp", "org:resource")
LIVE_CASE_COLUMNS = {
    "case:number": "a.number",
    "case:category": "a.category",
    "case:business_type": "a.business_type",
    "case:unit_path": "a.unit_path",
}


class ExportFormat(StrEnum):
    CSV = "csv"
    XES = "xes"
    PARQUET = "parquet"


@dataclass(frozen=True)
class ExportReport:
    path: Path
    export_format: str
    cases: int
    events: int


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _export_relation(database: duckdb.DuckDBPyConnection, selection: LogSelection) -> tuple[str, list[Any]]:
    """The selected events with XES-named columns, ordered by case and time."""
    relation, parameters = event_relation(selection)
    base = """
        s.case_id as "case:concept:name", s.activity as "concept:name",
        s.occurred_at::timestamptz as "time:timestamp", s.resource as "org:resource"
    """
    if selection.is_live:
        extra = ", ".join(f"{column} as {_quote(name)}" for name, column in LIVE_CASE_COLUMNS.items())
        joined = "join live_applications a on a.application_id = cast(s.case_id as bigint)"
    else:
        keys = [
            str(row[0])
            for row in database.execute(
                """select distinct unnest(json_keys(attributes)) as k from log_events
                   where log_name = ? and attributes is not null order by k""",
                [selection.name],
            ).fetchall()
        ]
        keys = [key for key in keys if key not in CORE_COLUMNS]
        extra = ", ".join(f"l.attributes ->> {_literal(key)} as {_quote(key)}" for key in keys)
        joined = "join log_events l on l.log_name = ? and l.event_index = s.event_index"
        parameters = [*parameters, selection.name]
    columns = base + (", " + extra if extra else "")
    sql = f"""select {columns} from ({relation}) s {joined}
              order by s.case_id, s.occurred_at, s.event_index"""  # noqa: S608  # quoted identifiers
    return sql, parameters


def _write_xes(database: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any], path: Path) -> None:
    result = database.execute(sql, parameters)
    names = [column[0] for column in result.description or []]
    case_columns = [name for name in names if name.startswith("case:") and name != "case:concept:name"]

    def traces() -> Any:
        current: XesTrace | None = None
        while rows := result.fetchmany(10_000):
            for row in rows:
                values = dict(zip(names, row, strict=True))
                case_id = str(values["case:concept:name"])
                if current is None or current.case_id != case_id:
                    if current is not None:
                        yield current
                    current = XesTrace(case_id, {name[5:]: values[name] for name in case_columns}, [])
                current.events.append(
                    {
                        name: _as_utc(value) if isinstance(value, datetime) else value
                        for name, value in values.items()
                        if not name.startswith("case:")
                    }
                )
        if current is not None:
            yield current

    with path.open("w", encoding="utf-8") as stream:
        write_xes(stream, traces())


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def log_export(
    *, selection: LogSelection, export_format: ExportFormat, path: Path, actor: User | None
) -> ExportReport:
    """Write the selection to `path` and record who exported what."""
    if export_format not in set(ExportFormat):
        raise SelectionInvalid(_("Export as CSV, XES or Parquet."))
    path.parent.mkdir(parents=True, exist_ok=True)
    with connection() as database:
        require_log(database, selection)
        sql, parameters = _export_relation(database, selection)
        if export_format == ExportFormat.XES:
            _write_xes(database, sql, parameters, path)
        else:
            options = "format parquet" if export_format == ExportFormat.PARQUET else "format csv, header true"
            database.execute(f"copy ({sql}) to {_literal(str(path))} ({options})", parameters)
        relation, relation_parameters = event_relation(selection)
        counts = database.execute(
            f"select count(distinct case_id), count(*) from ({relation}) s",  # noqa: S608
            relation_parameters,
        ).fetchone() or (0, 0)
    report = ExportReport(path, export_format.value, int(counts[0]), int(counts[1]))
    with transaction.atomic():
        record_event(
            kind=AnalyticsEvent.LOG_EXPORTED,
            actor=actor,
            subject_type="analytics_log",
            new_values={
                **{key: value for key, value in asdict(selection).items() if value is not None},
                "format": report.export_format,
                "file_name": path.name,
                "cases": report.cases,
                "events": report.events,
            },
        )
    return report
