"""Importing CSV and XES logs into the analysis space: mapping, errors that change nothing, the event."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from yekuo.analytics.discovery import directly_follows_graph
from yekuo.analytics.errors import LogImportFailed, LogNotFound
from yekuo.analytics.event_kinds import AnalyticsEvent
from yekuo.analytics.importing import ColumnMapping, log_delete, log_import
from yekuo.analytics.logs import imported_logs
from yekuo.analytics.selection import LogSelection
from yekuo.events.models import Event

pytestmark = pytest.mark.django_db

WritLog = Callable[[str, str], Path]
OTHER_SYSTEM = """工单号;环节;完成时间;处理人;供电所
YK-1;受理;2025-06-30 09:00:00;张三;东山
YK-1;勘查;2025-07-01 10:30:00;李四;东山
YK-2;受理;2025-06-30 09:05:00;张三;秣陵
"""
XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <trace>
    <string key="concept:name" value="T1"/>
    <string key="region" value="north"/>
    <event>
      <string key="concept:name" value="register"/>
      <date key="time:timestamp" value="2024-05-01T08:00:00.000+02:00"/>
      <string key="org:resource" value="Pete"/>
      <list key="tags"><string key="tag" value="nested, skipped"/></list>
    </event>
    <event>
      <string key="concept:name" value="decide"/>
      <date key="time:timestamp" value="2024-05-01T09:30:00.000+02:00"/>
      <int key="amount" value="12"/>
    </event>
  </trace>
</log>
"""


def test_imports_another_systems_csv_through_a_column_mapping(write_log: WritLog) -> None:
    mapping = ColumnMapping(case="工单号", activity="环节", timestamp="完成时间", resource="处理人")

    imported = log_import(
        path=write_log("old.csv", OTHER_SYSTEM), name="old-system", mapping=mapping, actor=None
    )

    assert (imported.cases, imported.events, imported.source_format) == (2, 3, "csv")
    graph = directly_follows_graph(LogSelection(name="old-system"))
    assert [(edge.source, edge.target, edge.mean_seconds) for edge in graph.edges] == [
        ("受理", "勘查", 91800.0)
    ]


def test_imports_xes_with_trace_attributes_and_records_who_imported_it(write_log: WritLog) -> None:
    imported = log_import(path=write_log("small.xes", XES), name="small", actor=None)

    assert (imported.cases, imported.events, imported.source_format) == (1, 2, "xes")
    graph = directly_follows_graph(LogSelection(name="small"))
    assert [(edge.source, edge.target, edge.mean_seconds) for edge in graph.edges] == [
        ("register", "decide", 5400.0)
    ]
    event = Event.objects.get(kind=AnalyticsEvent.LOG_IMPORTED)
    assert event.new_values["name"] == "small"
    assert event.new_values["events"] == 2


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        pytest.param(OTHER_SYSTEM, ColumnMapping(case="单号"), "Unknown column “单号”", id="unknown-column"),
        pytest.param(OTHER_SYSTEM, ColumnMapping(), "No case column", id="no-default-column"),
        pytest.param(
            "case,activity,timestamp\n1,a,2025-01-01 08:00\n1,b,next Tuesday\n",
            ColumnMapping(),
            "Cannot read the timestamp “next Tuesday” in row 2",
            id="bad-timestamp",
        ),
        pytest.param(
            "case,activity,timestamp\n1,,2025-01-01 08:00\n", ColumnMapping(), "Row 1 of", id="no-activity"
        ),
    ],
)
def test_refuses_a_bad_log_and_imports_nothing(
    write_log: WritLog, text: str, mapping: ColumnMapping, message: str
) -> None:
    with pytest.raises(LogImportFailed, match=message):
        log_import(path=write_log("bad.csv", text), name="bad", mapping=mapping, actor=None)

    assert imported_logs() == []
    assert not Event.objects.exists()


def test_refuses_a_missing_file_and_a_reserved_name(tmp_path: Path, write_log: WritLog) -> None:
    with pytest.raises(LogImportFailed, match="No such file"):
        log_import(path=tmp_path / "absent.csv", name="absent", actor=None)
    with pytest.raises(LogImportFailed, match="A log name"):
        log_import(path=write_log("ok.csv", OTHER_SYSTEM), name="live", actor=None)


def test_a_second_import_under_the_same_name_needs_replace(write_log: WritLog) -> None:
    path = write_log("one.csv", "case,activity,timestamp\n1,a,2025-01-01 08:00\n")
    log_import(path=path, name="one", actor=None)

    with pytest.raises(LogImportFailed, match="exists already"):
        log_import(path=path, name="one", actor=None)
    log_import(path=path, name="one", actor=None, replace=True)

    assert [(log.name, log.events) for log in imported_logs()] == [("one", 1)]


def test_deleting_a_log_removes_it_and_analysing_it_then_fails(write_log: WritLog) -> None:
    log_import(
        path=write_log("one.csv", "case,activity,timestamp\n1,a,2025-01-01 08:00\n"), name="one", actor=None
    )

    log_delete(name="one", actor=None)

    with pytest.raises(LogNotFound):
        directly_follows_graph(LogSelection(name="one"))
    assert Event.objects.filter(kind=AnalyticsEvent.LOG_DELETED).count() == 1
