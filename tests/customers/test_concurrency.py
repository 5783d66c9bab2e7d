"""Two registrations of the same mobile number at the same moment: one wins, the other gets a Conflict.

Only PostgreSQL runs the two transactions truly side by side (SQLite's test database is one in-memory
connection), so this runs there and is skipped on SQLite.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.conftest import OrganisationTree
from yekuo.accounts.models import User
from yekuo.core.errors import Conflict
from yekuo.customers.identity import IdentityDocumentType
from yekuo.customers.models import Customer, PartyKind
from yekuo.customers.services import customer_register
from yekuo.org.factories import DEFAULT_TEST_PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_registrations_of_one_mobile_number_leave_exactly_one(
    organisation: OrganisationTree,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's test database cannot run two writers at once")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def register(identity_number: str) -> None:
        try:
            start.wait()
            customer_register(
                mobile_number="13912345678",
                password=DEFAULT_TEST_PASSWORD,
                party_kind=PartyKind.PERSON,
                name="张三",
                address="竹山路18号",
                service_unit=organisation.station_east,
                identity_document_type=IdentityDocumentType.RESIDENT_IDENTITY_CARD,
                identity_number=identity_number,
            )
            outcomes.append("registered")
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=register, args=(number,))
        for number in ("11010519491231002X", "440524188001010014")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["mobile_number_registered", "registered"]
    assert Customer.objects.count() == 1
    assert User.objects.filter(username="13912345678").count() == 1
