"""`any_of` answers exactly what `in` answers, on SQLite and on PostgreSQL (one array parameter there)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yekuo.org.factories import UnitFactory
from yekuo.org.models import Unit, UnitLevel

pytestmark = pytest.mark.django_db


def test_any_of_matches_in_for_columns_and_relations() -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    stations = [UnitFactory.create(level=UnitLevel.SUPPLY_STATION, parent=county) for _ in range(3)]
    wanted = [stations[0].pk, stations[2].pk, 10**9]

    assert set(Unit.objects.filter(pk__any_of=wanted)) == set(Unit.objects.filter(pk__in=wanted))
    assert set(Unit.objects.filter(pk__any_of=wanted)) == {stations[0], stations[2]}
    assert list(Unit.objects.filter(pk__any_of=[])) == []


def test_on_postgresql_the_values_travel_as_one_array() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no arrays: any_of is IN there")
    ids = list(range(1, 2001))
    with CaptureQueriesContext(connection) as queries:
        list(Unit.objects.filter(pk__any_of=ids))
    (query,) = queries.captured_queries
    assert "= ANY(" in query["sql"]
    assert " IN (" not in query["sql"]
