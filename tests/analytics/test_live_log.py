"""The live log: synced from the event table by chain and sequence, and analysed like any other log."""

from __future__ import annotations

import pytest

from tests.analytics.conftest import (
    ACCEPTANCE,
    ARCHIVING,
    METERING,
    RETURN_VISIT,
    Households,
    complete,
    submitted,
)
from tests.workflow.conftest import Crew, FrozenClock, at
from yekuo.analytics import sync
from yekuo.analytics.discovery import directly_follows_graph
from yekuo.analytics.durations import stage_durations
from yekuo.analytics.rework import rework
from yekuo.analytics.selection import LogSelection
from yekuo.analytics.signals import off_system_signals
from yekuo.analytics.store import connection
from yekuo.analytics.sync import live_log_sync
from yekuo.applications.choices import Category
from yekuo.customers.models import Customer
from yekuo.events.models import Event

pytestmark = pytest.mark.django_db


def test_the_live_log_has_one_activity_per_completed_stage(
    two_households: Households,
) -> None:
    live_log_sync()

    graph = directly_follows_graph(LogSelection())

    assert (graph.cases, graph.events) == (2, 9)
    assert {(edge.source, edge.target): edge.count for edge in graph.edges} == {
        (ACCEPTANCE, METERING): 2,
        (ACCEPTANCE, ACCEPTANCE): 1,
        (METERING, ARCHIVING): 2,
        (ARCHIVING, RETURN_VISIT): 2,
    }
    edge = next(edge for edge in graph.edges if (edge.source, edge.target) == (ACCEPTANCE, ACCEPTANCE))
    assert edge.mean_seconds == 29 * 3600  # 10:00 on 2 March to 15:00 on 3 March
    assert graph.start == {ACCEPTANCE: 2}
    assert graph.end == {RETURN_VISIT: 2}
    assert graph.variants == 2


def test_returns_are_counted_with_their_reason_and_application(
    two_households: Households,
) -> None:
    live_log_sync()

    found = rework(LogSelection())

    _, returned = two_households
    assert [(r.from_stage, r.to_stage, r.count, r.cases) for r in found.returns] == [
        (METERING, ACCEPTANCE, 1, (str(returned.pk),))
    ]
    assert [(r.reason, r.cases) for r in found.reasons] == [("表计型号与方案不符", (str(returned.pk),))]
    assert (found.cases_with_rework, found.cases) == (1, 2)


def test_a_stage_done_a_minute_after_it_opened_is_flagged(
    two_households: Households,
) -> None:
    live_log_sync()

    signals = off_system_signals(LogSelection())

    straight, _ = two_households
    assert [(fast.case_id, fast.stage, fast.seconds) for fast in signals.fast_completions] == [
        (str(straight.pk), METERING, 60.0)
    ]


def test_stage_durations_run_from_opening_to_completion(
    two_households: Households,
) -> None:
    live_log_sync()

    metering = next(row for row in stage_durations(LogSelection()) if row.stage == METERING)

    # straight: 1 minute; returned: opened again at 15:00 on 3 March, completed 16:00 on 4 March (25 h).
    assert metering.count == 2
    assert (metering.minimum_seconds, metering.maximum_seconds) == (60.0, 25 * 3600.0)
    assert metering.median_seconds == (60.0 + 25 * 3600.0) / 2


def test_a_selection_by_unit_and_category_keeps_only_those_applications(
    two_households: Households, organisation: object
) -> None:
    live_log_sync()
    east = two_households[0].supply_station.path

    assert directly_follows_graph(LogSelection(unit_paths=(east,))).cases == 2
    assert directly_follows_graph(LogSelection(unit_paths=("9999",))).cases == 0
    assert directly_follows_graph(LogSelection(unit_paths=())).cases == 0
    assert directly_follows_graph(LogSelection(category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY)).cases == 0


def test_a_second_sync_copies_nothing_and_a_later_one_only_what_is_new(
    crew: Crew, household: Customer, test_clock: FrozenClock
) -> None:
    application = submitted(crew, household)
    first = live_log_sync()
    assert first.events_copied == Event.objects.count() > 0

    assert live_log_sync().events_copied == 0
    test_clock.set(at(2026, 3, 2, 10, 0))
    complete(crew, application, ACCEPTANCE)
    later = live_log_sync()

    assert later.events_copied == Event.objects.count() - first.events_total > 0
    assert later.events_total == Event.objects.count()


def test_a_sync_that_fails_half_way_loses_and_duplicates_nothing_when_run_again(
    two_households: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "BATCH_SIZE", 3)
    real_insert, calls = sync._insert_rows, {"n": 0}

    def failing_insert(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("the machine went down")
        real_insert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "_insert_rows", failing_insert)
    with pytest.raises(RuntimeError):
        live_log_sync()
    monkeypatch.setattr(sync, "_insert_rows", real_insert)

    report = live_log_sync()

    expected = sorted(Event.objects.values_list("pk", flat=True))
    with connection() as database:
        copied = [
            row[0] for row in database.execute("select event_id from live_events order by 1").fetchall()
        ]
    assert copied == expected
    assert report.events_total == len(expected)
    assert directly_follows_graph(LogSelection()).events == 9
