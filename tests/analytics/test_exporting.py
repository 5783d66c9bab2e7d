"""Exporting a log as CSV, XES and Parquet: what comes out imports again and analyses the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.analytics.conftest import Households
from tests.analytics.test_discovery import HAND_LOG
from yekuo.analytics.discovery import directly_follows_graph
from yekuo.analytics.event_kinds import AnalyticsEvent
from yekuo.analytics.exporting import ExportFormat, log_export
from yekuo.analytics.importing import log_import
from yekuo.analytics.selection import LogSelection
from yekuo.analytics.sync import live_log_sync
from yekuo.events.models import Event

pytestmark = pytest.mark.django_db
WriteLog = Callable[[str, str], Path]


@pytest.mark.parametrize("export_format", list(ExportFormat))
def test_an_exported_log_imports_again_and_analyses_the_same(
    write_log: WriteLog, tmp_path: Path, export_format: ExportFormat
) -> None:
    log_import(path=write_log("hand.csv", HAND_LOG), name="hand", actor=None)
    target = tmp_path / f"hand-export.{export_format.value}"

    report = log_export(
        selection=LogSelection(name="hand"), export_format=export_format, path=target, actor=None
    )
    log_import(path=target, name="again", actor=None)

    assert (report.cases, report.events) == (4, 10)
    assert directly_follows_graph(LogSelection(name="again")) == directly_follows_graph(
        LogSelection(name="hand")
    )
    event = Event.objects.get(kind=AnalyticsEvent.LOG_EXPORTED)
    assert (event.new_values["name"], event.new_values["format"]) == ("hand", export_format.value)


def test_the_xes_export_is_ieee_1849_with_attributes_kept(write_log: WriteLog, tmp_path: Path) -> None:
    log_import(path=write_log("hand.csv", HAND_LOG), name="hand", actor=None)
    target = tmp_path / "hand.xes"

    log_export(selection=LogSelection(name="hand"), export_format=ExportFormat.XES, path=target, actor=None)

    text = target.read_text(encoding="utf-8")
    assert 'xmlns="http://www.xes-standard.org/"' in text
    assert '<string key="concept:name" value="A"/>' in text
    assert '<date key="time:timestamp" value="2026-03-02T04:00:00.000+00:00"/>' in text  # D's 12:00+08:00
    assert '<string key="cost" value="3"/>' in text


def test_the_live_log_exports_to_parquet_with_the_applications_attributes(
    two_households: Households, tmp_path: Path
) -> None:
    live_log_sync()
    target = tmp_path / "live.parquet"
    station = two_households[0].supply_station.path

    report = log_export(
        selection=LogSelection(unit_paths=(station,)),
        export_format=ExportFormat.PARQUET,
        path=target,
        actor=None,
    )

    rows = duckdb.sql(
        f"""select "case:concept:name", "concept:name", "case:category", "case:unit_path"
            from read_parquet('{target}') order by "case:concept:name", "time:timestamp" """  # noqa: S608
    ).fetchall()
    assert report.events == len(rows) == 9
    assert {row[2] for row in rows} == {"low_voltage_residential"}
    assert {row[3] for row in rows} == {station}
