"""The event log's hash chain reveals an edited, inserted or deleted row, and the database refuses edits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from yekuo.events.models import Event
from yekuo.events.services import record_event
from yekuo.events.verification import verify_chain

CHAIN = "320000"


@contextmanager
def append_only_guard_lifted() -> Iterator[None]:
    """What a database administrator could do: lift the trigger to tamper with rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE events_event DISABLE TRIGGER events_event_append_only")
        else:
            cursor.execute("DROP TRIGGER events_event_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE events_event ENABLE TRIGGER events_event_append_only")
            else:
                cursor.execute(
                    "CREATE TRIGGER events_event_append_only BEFORE UPDATE ON events_event "
                    "BEGIN SELECT RAISE(ABORT, 'events_event is append-only: UPDATE refused'); END"
                )


@pytest.fixture
def five_events(db: None) -> list[Event]:
    with transaction.atomic():
        return [
            record_event(
                kind="work_item.completed", actor=None, chain=CHAIN, application_id=7, new_values={"n": n}
            )
            for n in range(5)
        ]


def test_an_untouched_chain_verifies(five_events: list[Event]) -> None:
    report = verify_chain(CHAIN)

    assert report.first_break is None
    assert report.events_checked == 5


def test_an_edited_row_is_named(five_events: list[Event]) -> None:
    with append_only_guard_lifted():
        Event.objects.filter(pk=five_events[2].pk).update(new_values={"n": 99})

    report = verify_chain(CHAIN)

    assert report.first_break is not None
    assert report.first_break.sequence == 3
    assert report.first_break.problem == "content edited"


def test_a_deleted_row_is_named(five_events: list[Event]) -> None:
    with append_only_guard_lifted():
        Event.objects.filter(pk=five_events[1].pk).delete()

    report = verify_chain(CHAIN)

    assert report.first_break is not None
    assert report.first_break.sequence == 2
    assert "missing" in report.first_break.problem


def test_deleting_the_last_rows_is_noticed_by_the_chain_head(five_events: list[Event]) -> None:
    with append_only_guard_lifted():
        Event.objects.filter(pk__in=[five_events[3].pk, five_events[4].pk]).delete()

    report = verify_chain(CHAIN)

    assert report.first_break is not None
    assert report.first_break.sequence == 4


def test_an_inserted_row_is_named(five_events: list[Event]) -> None:
    forged = five_events[2]
    with append_only_guard_lifted():
        for event in sorted(five_events[2:], key=lambda row: -row.sequence):
            Event.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
        Event.objects.create(
            chain=CHAIN,
            sequence=3,
            occurred_at=forged.occurred_at,
            kind="work_item.completed",
            previous_hash=five_events[1].hash,
            hash=forged.hash,
            old_values={},
            new_values={"n": "forged"},
        )

    report = verify_chain(CHAIN)

    assert report.first_break is not None
    assert report.first_break.sequence == 3


def test_the_command_fails_naming_the_first_bad_row(five_events: list[Event]) -> None:
    with append_only_guard_lifted():
        Event.objects.filter(pk=five_events[0].pk).update(kind="work_item.cancelled")

    with pytest.raises(CommandError, match=r"chain 320000, sequence 1 \(event id \d+\): content edited"):
        call_command("events", "verify")


def test_the_command_reports_intact_chains(
    five_events: list[Event], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("events", "verify")

    assert "chain 320000: 5 events, intact" in capsys.readouterr().out


def test_the_database_refuses_to_update_an_event(five_events: list[Event]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=five_events[0].pk).update(kind="tampered")


def test_postgresql_refuses_to_delete_an_event(five_events: list[Event]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test runner empties tables with DELETE, so only PostgreSQL refuses deletion")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=five_events[0].pk).delete()


def test_events_outside_a_transaction_are_refused(transactional_db: None) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_event(kind="x", actor=None)
