"""`yekuo analytics ...`: import, analyse and export event logs from the command line.

    yekuo analytics import LOGFILE --name NAME [--case COL --activity COL --timestamp COL --resource COL]
    yekuo analytics dfg --name NAME --json
    yekuo analytics logs | delete --name NAME | sync
    yekuo analytics export --name NAME --format csv|xes|parquet -o FILE [--unit CODE --category C
                           --since DAY --until DAY]

`--name live` is the application lifecycle's own log, synced from the event table first.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yekuo.analytics.discovery import DirectlyFollowsGraph, directly_follows_graph
from yekuo.analytics.exporting import ExportFormat, log_export
from yekuo.analytics.importing import ColumnMapping, log_delete, log_import
from yekuo.analytics.logs import imported_logs
from yekuo.analytics.selection import LIVE_LOG, LogSelection
from yekuo.analytics.sync import live_log_sync
from yekuo.core.errors import DomainError
from yekuo.org.models import Unit

UTILITY_TIME_ZONE = ZoneInfo("Asia/Shanghai")  # days given on the command line are the utility's days


def graph_as_json(graph: DirectlyFollowsGraph) -> dict[str, Any]:
    """The CLI's JSON shape (issue 5): edges with count and mean seconds."""
    return {
        "cases": graph.cases,
        "events": graph.events,
        "edges": [
            {
                "source": edge.source,
                "target": edge.target,
                "count": edge.count,
                "mean_seconds": edge.mean_seconds,
            }
            for edge in graph.edges
        ],
        "start": graph.start,
        "end": graph.end,
        "variants": graph.variants,
    }


def _selection(options: dict[str, Any]) -> LogSelection:
    unit_paths = None
    if options["unit"]:
        unit = Unit.objects.filter(region_code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with the region code {options['unit']!r}.")
        unit_paths = (unit.path,)

    def start_of(day: date | None) -> datetime | None:
        return datetime.combine(day, time.min, tzinfo=UTILITY_TIME_ZONE) if day else None

    return LogSelection(
        name=options["name"],
        unit_paths=unit_paths,
        category=options["category"],
        period_start=start_of(options["since"]),
        period_end=start_of(options["until"]),
    )


class Command(BaseCommand):
    help = "Process analytics over event logs: import, dfg, logs, delete, sync (the live log)."
    requires_system_checks = ()  # keep --json output alone on its streams

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import a CSV or XES log as a named log")
        importing.add_argument("logfile", help="a .csv or .xes file (optionally .gz)")
        importing.add_argument("--name", required=True, help="the log's name in the analysis space")
        importing.add_argument("--case", help="case column (default case:concept:name)")
        importing.add_argument("--activity", help="activity column (default concept:name)")
        importing.add_argument("--timestamp", help="timestamp column (default time:timestamp)")
        importing.add_argument("--resource", help="resource column (default org:resource, if present)")
        importing.add_argument("--replace", action="store_true", help="replace a log of the same name")

        dfg = actions.add_parser("dfg", help="the directly-follows graph of a log")
        dfg.add_argument("--name", required=True, help=f"an imported log's name, or {LIVE_LOG!r}")
        dfg.add_argument("--json", action="store_true", help="print JSON (the only format for now)")

        actions.add_parser("logs", help="list the imported logs")
        delete = actions.add_parser("delete", help="remove an imported log")
        delete.add_argument("--name", required=True)
        actions.add_parser("sync", help="copy new events from the event table into the live log")

        export = actions.add_parser("export", help="export a log, or part of it, as CSV, XES or Parquet")
        export.add_argument("--name", required=True, help=f"an imported log's name, or {LIVE_LOG!r}")
        export.add_argument("--format", required=True, choices=[choice.value for choice in ExportFormat])
        export.add_argument("--output", "-o", required=True, help="the file to write")
        export.add_argument("--unit", help="live log: only this unit's subtree (its region code)")
        export.add_argument("--category", help="live log: only this category (e.g. low_voltage_residential)")
        export.add_argument("--since", type=date.fromisoformat, help="cases with an activity on or after")
        export.add_argument("--until", type=date.fromisoformat, help="cases with an activity before")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._dispatch(options)
        except DomainError as error:
            raise CommandError(str(error.message)) from error

    def _dispatch(self, options: dict[str, Any]) -> None:
        action = options["action"]
        if action == "import":
            imported = log_import(
                path=Path(options["logfile"]),
                name=options["name"],
                mapping=ColumnMapping(
                    case=options["case"],
                    activity=options["activity"],
                    timestamp=options["timestamp"],
                    resource=options["resource"],
                ),
                actor=None,
                replace=options["replace"],
            )
            self.stdout.write(
                f"Imported {imported.source_name} as {imported.name!r}: "
                f"{imported.cases} cases, {imported.events} events."
            )
        elif action == "dfg":
            if options["name"] == LIVE_LOG:
                live_log_sync()
            graph = directly_follows_graph(LogSelection(name=options["name"]))
            self.stdout.write(json.dumps(graph_as_json(graph), ensure_ascii=False))
        elif action == "logs":
            for log in imported_logs():
                self.stdout.write(
                    f"{log.name}\t{log.source_format}\t{log.cases} cases\t{log.events} events\t"
                    f"{log.source_name}\t{log.imported_at:%Y-%m-%d %H:%M} UTC"
                )
        elif action == "delete":
            log_delete(name=options["name"], actor=None)
            self.stdout.write(f"Removed the log {options['name']!r}.")
        elif action == "export":
            if options["name"] == LIVE_LOG:
                live_log_sync()
            exported = log_export(
                selection=_selection(options), export_format=ExportFormat(options["format"]),
                path=Path(options["output"]), actor=None,
            )  # fmt: skip
            self.stdout.write(f"Wrote {exported.cases} cases, {exported.events} events to {exported.path}.")
        elif action == "sync":
            report = live_log_sync()
            self.stdout.write(
                f"Copied {report.events_copied} events; the live log holds {report.events_total}."
            )
