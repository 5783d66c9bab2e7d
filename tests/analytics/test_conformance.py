"""Conformance with the process definition, on live-log rows written as another system might have left
them (the engine itself never skips or reorders a stage)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from yekuo.analytics.conformance import conformance
from yekuo.analytics.errors import SelectionInvalid
from yekuo.analytics.selection import LogSelection
from yekuo.analytics.store import connection

EXPECTED = [
    ("acceptance", []),
    ("metering_and_energisation", ["acceptance"]),
    ("archiving", ["metering_and_energisation"]),
]
START = datetime(2026, 3, 2, 1, 0)


def live_application(application_id: int, status: str, stages: list[str]) -> None:
    with connection() as database:
        database.execute(
            "insert into live_applications values (?, ?, 'low_voltage_residential', 'new_connection', ?, "
            "'0001', 'low_voltage_residential.new_connection', 1)",
            [application_id, f"N{application_id}", status],
        )
        for position, (stage, predecessors) in enumerate(EXPECTED, start=1):
            database.execute(
                "insert into live_expected_stages values (?, ?, ?, ?)",
                [application_id, stage, position, predecessors],
            )
        for offset, stage in enumerate(stages):
            event_id = application_id * 100 + offset
            database.execute(
                "insert into live_events (event_id, chain, sequence, occurred_at, kind, application_id, "
                "work_item_id, stage) values (?, '320000', ?, ?, 'work_item.completed', ?, ?, ?)",
                [event_id, event_id, START + timedelta(hours=offset), application_id, event_id, stage],
            )


def test_finds_missing_extra_and_out_of_order_stages() -> None:
    live_application(1, "completed", ["acceptance", "metering_and_energisation", "archiving"])
    live_application(2, "completed", ["acceptance", "archiving"])
    live_application(3, "active", ["acceptance", "site_survey"])
    live_application(4, "active", ["metering_and_energisation", "acceptance"])
    live_application(5, "active", ["acceptance"])  # still running: nothing is missing yet

    found = {result.application_id: result for result in conformance(LogSelection(), deviating_only=False)}

    assert found[1].conforms
    assert (found[2].missing, found[2].extra, found[2].out_of_order) == (
        ("metering_and_energisation",),
        (),
        ("archiving",),
    )
    assert (found[3].missing, found[3].extra) == ((), ("site_survey",))
    assert found[4].out_of_order == ("metering_and_energisation",)
    assert found[5].conforms
    assert [result.application_id for result in conformance(LogSelection())] == [2, 3, 4]


def test_an_imported_log_has_no_definition_to_check_against() -> None:
    with pytest.raises(SelectionInvalid):
        conformance(LogSelection(name="old-system"))
