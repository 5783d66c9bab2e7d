"""On PostgreSQL the hot path's statements are prepared once per connection and run as EXECUTE."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import OrganisationTree
from yekuo.core.prepared import PreparedQuery, Statement, insert_statement, run_together
from yekuo.core.server_plans import shape_of
from yekuo.events.models import Event
from yekuo.org.models import Unit

pytestmark = pytest.mark.django_db

UNIT_NAMES = PreparedQuery(lambda path: Unit.objects.filter(path=path).values_list("name"), str)


def _event(sequence: int) -> Event:
    return Event(
        chain="plans",
        sequence=sequence,
        occurred_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        kind="test.happened",
        old_values={},
        new_values={"sequence": sequence},
        previous_hash="0" * 64,
        hash=f"{sequence:064d}",
    )


def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs in this process: there is no plan to keep")


def test_parameters_are_numbered_and_literal_percent_signs_kept() -> None:
    shape = shape_of("SELECT a FROM t WHERE b LIKE '%%x' AND c = %s AND d IN (%s, %s)")
    assert shape.prepare.endswith("AS SELECT a FROM t WHERE b LIKE '%%x' AND c = $1 AND d IN ($2, $3)")
    assert shape.execute == f"EXECUTE {shape.name}(%s, %s, %s)"
    assert shape_of("SELECT 1").execute == f"EXECUTE {shape_of('SELECT 1').name}"


def test_a_statement_is_prepared_once_then_only_executed(organisation: OrganisationTree) -> None:
    _on_postgresql()
    county = organisation.county_east
    with CaptureQueriesContext(connection) as first:
        assert UNIT_NAMES.rows(county.path) == [(county.name,)]
    with CaptureQueriesContext(connection) as again:
        assert UNIT_NAMES.rows(organisation.county_west.path) == [(organisation.county_west.name,)]
    name = shape_of(UNIT_NAMES.statement(county.path).sql).name
    assert f"PREPARE {name} AS" in first.captured_queries[0]["sql"]
    assert again.captured_queries[0]["sql"].startswith(f"EXECUTE {name}(")


def test_a_literal_percent_sign_reaches_the_server_as_one(organisation: OrganisationTree) -> None:
    table = Unit._meta.db_table
    measuring = Statement(
        f"SELECT length('%%'), name FROM {table} WHERE level = %s ORDER BY path",  # noqa: S608
        [organisation.county_east.level],
    )
    run_together(measuring)
    assert measuring.fetched == [(1, organisation.county_east.name), (1, organisation.county_west.name)]


def test_after_a_failed_message_the_statements_are_prepared_again() -> None:
    _on_postgresql()
    run_together(insert_statement([_event(1)]))
    with pytest.raises(IntegrityError), transaction.atomic():
        # A shape no other test sends (nine rows), prepared in the message that fails on the duplicate.
        run_together(insert_statement([*(_event(sequence) for sequence in range(10, 18)), _event(1)]))
    with CaptureQueriesContext(connection) as after:
        run_together(insert_statement([_event(3), _event(4)]))
    assert after.captured_queries[0]["sql"].startswith("DEALLOCATE ALL")
    stored = sorted(Event.objects.filter(chain="plans").values_list("sequence", flat=True))
    assert stored == [1, 3, 4]  # nothing of the failed message
