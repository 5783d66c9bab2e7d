"""Prepared statements give exactly what the ORM gives: the same rows, models, converted values and writes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from tests.conftest import OrganisationTree
from yekuo.calendar.models import CalendarDay
from yekuo.calendar.services import calendar_seed_from_library
from yekuo.core.errors import Conflict
from yekuo.core.prepared import (
    ColumnQuery,
    PreparedQuery,
    insert,
    insert_statement,
    run_together,
    update,
    update_statement,
)
from yekuo.events.models import Event, EventChain
from yekuo.org.factories import staff_with_role
from yekuo.org.models import RoleAssignment, Unit
from yekuo.org.roles import Role

pytestmark = pytest.mark.django_db

ASSIGNMENTS_AT = PreparedQuery(
    lambda unit_id: (
        RoleAssignment.objects.select_related("staff__account", "unit")
        .filter(unit_id=unit_id)
        .order_by("role")
    ),
    int,
)
UNITS_OF_LEVEL = PreparedQuery(
    lambda level: (
        Unit.objects.filter(level=level).exclude(name="").order_by("path").values_list("name", "path")
    ),
    str,
)
EVENTS_OF_CHAIN = PreparedQuery(
    lambda chain, kind: Event.objects.filter(chain=chain, kind=kind).order_by("sequence"), str, str
)


def _event(sequence: int, **changes: object) -> Event:
    fields: dict[str, object] = {
        "chain": "test",
        "sequence": sequence,
        "occurred_at": datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        "kind": "test.happened",
        "application_id": 7,
        "old_values": {},
        "new_values": {"note": "中文", "count": sequence, "items": [1, 2]},
        "previous_hash": "0" * 64,
        "hash": f"{sequence:064d}",
    }
    return Event(**(fields | changes))


def test_objects_equal_the_querysets_with_their_related_objects(organisation: OrganisationTree) -> None:
    county = organisation.county_east
    staff_with_role(role=Role.SURVEYOR, unit=county)
    staff_with_role(role=Role.INSPECTOR, unit=county)
    found = ASSIGNMENTS_AT.objects(county.pk)
    expected = list(
        RoleAssignment.objects.select_related("staff__account", "unit").filter(unit=county).order_by("role")
    )
    assert found == expected
    concrete = RoleAssignment._meta.concrete_fields
    for one, other in zip(found, expected, strict=True):
        assert [getattr(one, f.attname) for f in concrete] == [getattr(other, f.attname) for f in concrete]
        assert RoleAssignment.staff.is_cached(one)  # type: ignore[attr-defined]
        assert one.staff.account == other.staff.account
        assert one.unit.path == county.path
        assert not one._state.adding
    assert ASSIGNMENTS_AT.first(-1) is None


def test_rows_substitute_every_argument_and_keep_constants(organisation: OrganisationTree) -> None:
    level = organisation.county_east.level
    assert UNITS_OF_LEVEL.rows(level) == list(
        Unit.objects.filter(level=level).order_by("path").values_list("name", "path")
    )
    assert len(UNITS_OF_LEVEL.rows(level)) == 2  # east and west
    assert UNITS_OF_LEVEL.rows("no such level") == []


def test_insert_gives_keys_and_stores_what_the_orm_would_store() -> None:
    single = _event(1)
    insert([single])
    several = [_event(2), _event(3, kind="other.kind"), _event(4)]
    insert(several)
    assert single.pk is not None
    assert not single._state.adding
    assert [event.sequence for event in sorted(several, key=lambda event: event.pk)] == [2, 3, 4]
    for event in [single, *several]:
        stored = Event.objects.get(pk=event.pk)
        assert (stored.sequence, stored.kind, stored.occurred_at, stored.new_values) == (
            event.sequence,
            event.kind,
            event.occurred_at,
            event.new_values,
        )
    read = EVENTS_OF_CHAIN.objects("test", "test.happened")
    assert [event.sequence for event in read] == [1, 2, 4]
    assert read[0].new_values == {"note": "中文", "count": 1, "items": [1, 2]}
    assert read[0].occurred_at == datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def test_update_writes_only_the_named_fields() -> None:
    chain = EventChain.objects.create(key="test", last_sequence=1, last_hash="a" * 64)
    chain.last_sequence, chain.last_hash = 5, "b" * 64
    update(chain, ["last_hash"])
    chain.refresh_from_db()
    assert (chain.last_sequence, chain.last_hash) == (1, "b" * 64)


def test_an_argument_missing_from_the_query_is_refused() -> None:
    ignores_its_argument = PreparedQuery(lambda pk: Unit.objects.filter(pk=1), int)
    with pytest.raises(ValueError, match="do not appear"):
        ignores_its_argument.objects(3)


def test_statements_run_together_in_order_each_with_its_own_rows() -> None:
    chain = EventChain.objects.create(key="test", last_sequence=1, last_hash="a" * 64)
    chain.last_sequence = 2
    events = [_event(1), _event(2)]
    sequence_now = PreparedQuery(
        lambda key: EventChain.objects.filter(key=key).values_list("last_sequence"), str
    ).statement("test")
    adding = insert_statement(events)
    events_now = EVENTS_OF_CHAIN.statement("test", "test.happened")
    run_together(update_statement(chain, ["last_sequence"]), sequence_now, adding, events_now)
    assert sequence_now.rows() == [(2,)]  # the update ran before the read
    assert all(event.pk is not None for event in events)
    assert [event.pk for event in events_now.objects()] == [event.pk for event in events]


def test_an_error_stops_the_statements_after_it_and_is_raised_at_once() -> None:
    insert([_event(1)])
    chain = EventChain.objects.create(key="test", last_sequence=1, last_hash="a" * 64)
    chain.last_sequence = 9
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together(insert_statement([_event(1)]), update_statement(chain, ["last_sequence"]))
    chain.refresh_from_db()
    assert chain.last_sequence == 1
    assert Event.objects.count() == 1


DAYS_BETWEEN = PreparedQuery(
    lambda first, last: (
        CalendarDay.objects.filter(on__gte=first, on__lte=last).order_by("on").values_list("on", "kind")
    ),
    date,
    date,
)


def test_date_arguments_reach_each_database_as_the_orm_sends_them() -> None:
    calendar_seed_from_library(years=[2026])
    first, last = date(2026, 2, 14), date(2026, 2, 24)  # the spring festival and the days around it
    found = DAYS_BETWEEN.rows(first, last)
    assert found == list(
        CalendarDay.objects.filter(on__gte=first, on__lte=last).order_by("on").values_list("on", "kind")
    )
    assert [day for day, _kind in found] == [date(2026, 2, day) for day in range(14, 25)]
    assert DAYS_BETWEEN.rows(last, first) == []


def test_a_computed_column_sees_the_statements_before_it_in_the_same_round_trip() -> None:
    chain = EventChain.objects.create(key="test", last_sequence=1, last_hash="a" * 64)
    chain.last_sequence = 7
    event = _event(0)
    following = ColumnQuery("SELECT last_sequence FROM events_eventchain WHERE key = %s", ("test",))
    adding = insert_statement([event], computed={"sequence": following})
    run_together(update_statement(chain, ["last_sequence"]), adding)
    assert Event.objects.get(pk=event.pk).sequence == 7


def test_a_conflicting_row_is_skipped_and_its_exception_raised_once_run() -> None:
    insert([_event(1)])
    taken = Conflict("taken", code="taken")
    with pytest.raises(Conflict) as raised:
        run_together(insert_statement([_event(1)], conflict_fields=("chain", "sequence"), on_conflict=taken))
    assert raised.value is taken
    assert Event.objects.count() == 1
    fresh = _event(2)
    run_together(insert_statement([fresh], conflict_fields=("chain", "sequence"), on_conflict=taken))
    assert fresh.pk is not None
    assert Event.objects.count() == 2
