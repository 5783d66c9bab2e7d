"""Who sees which customers: staff see those their roles' subtrees serve, a customer only themself.

Every role is checked, and every read of a customer outside the reader's reach must be denied.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import OrganisationTree, persona_for
from tests.org.population import EAST_COUNTY_SUBTREE, OUTSIDE_EAST_COUNTY, UNIT_NAMES, unit_named
from yekuo.accounts.models import User
from yekuo.core.errors import AccessDenied
from yekuo.customers.access import customer_get_for_user, customers_visible_to
from yekuo.customers.factories import enterprise_customer, person_customer
from yekuo.customers.models import Customer
from yekuo.org.factories import StaffFactory
from yekuo.org.roles import Role
from yekuo.org.services import role_grant

EVERY_ROLE = [pytest.param(role, id=role.value) for role in Role]


@pytest.fixture
def customer_by_unit(organisation: OrganisationTree) -> dict[str, Customer]:
    """A customer served by each unit: people at even positions in the tree, enterprises at odd ones."""
    return {
        name: (person_customer if index % 2 == 0 else enterprise_customer)(
            service_unit=unit_named(organisation, name)
        )
        for index, name in enumerate(UNIT_NAMES)
    }


def assert_sees_no_customer(user: User | AnonymousUser, customer_by_unit: dict[str, Customer]) -> None:
    assert not customers_visible_to(user).exists()
    for customer in customer_by_unit.values():
        with pytest.raises(AccessDenied):
            customer_get_for_user(user=user, customer_id=customer.pk)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_role_at_a_county_shows_the_customers_its_subtree_serves(
    role: Role, organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    # Given a staff member holding the role at the eastern county
    member = persona_for(role, organisation.county_east)

    # Then they see the customers of the county and its station
    expected = {customer_by_unit[name] for name in EAST_COUNTY_SUBTREE}
    assert set(customers_visible_to(member.account)) == expected
    for customer in expected:
        assert customer_get_for_user(user=member.account, customer_id=customer.pk) == customer


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("outside", OUTSIDE_EAST_COUNTY)
def test_a_role_at_a_county_is_denied_customers_beside_and_above_it(
    role: Role, outside: str, organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    member = persona_for(role, organisation.county_east)

    with pytest.raises(AccessDenied):
        customer_get_for_user(user=member.account, customer_id=customer_by_unit[outside].pk)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_role_at_the_province_shows_every_customer(
    role: Role, organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    member = persona_for(role, organisation.province)

    assert set(customers_visible_to(member.account)) == set(customer_by_unit.values())
    for customer in customer_by_unit.values():
        assert customer_get_for_user(user=member.account, customer_id=customer.pk) == customer


def test_roles_in_two_branches_show_the_customers_of_both(
    organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    # Given an intake clerk at the eastern station who is also an auditor at the western county
    member = persona_for(Role.INTAKE_CLERK, organisation.station_east)
    role_grant(staff=member, unit=organisation.county_west, role=Role.AUDITOR)

    # Then they see the customers of both subtrees and none of the units above them
    visible = {"station_east", "county_west", "station_west"}
    assert set(customers_visible_to(member.account)) == {customer_by_unit[name] for name in visible}
    for name in set(UNIT_NAMES) - visible:
        with pytest.raises(AccessDenied):
            customer_get_for_user(user=member.account, customer_id=customer_by_unit[name].pk)


def test_staff_without_a_role_see_no_customer(
    organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    member = StaffFactory.create(home_unit=organisation.station_east)

    assert_sees_no_customer(member.account, customer_by_unit)


@pytest.mark.parametrize("reader_unit", UNIT_NAMES)
def test_a_customer_sees_only_themself(reader_unit: str, customer_by_unit: dict[str, Customer]) -> None:
    # Given a customer served by one of the units
    reader = customer_by_unit[reader_unit]

    # Then they see their own record and are denied every other customer
    assert list(customers_visible_to(reader.account)) == [reader]
    assert customer_get_for_user(user=reader.account, customer_id=reader.pk) == reader
    for name, other in customer_by_unit.items():
        if name != reader_unit:
            with pytest.raises(AccessDenied):
                customer_get_for_user(user=reader.account, customer_id=other.pk)


def test_two_customers_of_the_same_station_cannot_see_each_other(organisation: OrganisationTree) -> None:
    neighbour = person_customer(service_unit=organisation.station_east)
    reader = person_customer(service_unit=organisation.station_east)

    assert list(customers_visible_to(reader.account)) == [reader]
    with pytest.raises(AccessDenied):
        customer_get_for_user(user=reader.account, customer_id=neighbour.pk)


def test_anonymous_visitors_see_no_customer(customer_by_unit: dict[str, Customer]) -> None:
    assert_sees_no_customer(AnonymousUser(), customer_by_unit)


def test_a_deactivated_customer_account_sees_nothing_not_even_itself(
    customer_by_unit: dict[str, Customer],
) -> None:
    reader = customer_by_unit["station_east"]
    reader.account.is_active = False
    reader.account.save(update_fields=["is_active"])

    assert_sees_no_customer(reader.account, customer_by_unit)


def test_a_deactivated_staff_account_sees_no_customer_even_with_a_province_role(
    organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    member = persona_for(Role.ADMINISTRATOR, organisation.province)
    member.account.is_active = False
    member.account.save(update_fields=["is_active"])

    assert_sees_no_customer(member.account, customer_by_unit)


def test_an_unknown_customer_id_is_denied_like_a_hidden_one(
    organisation: OrganisationTree, customer_by_unit: dict[str, Customer]
) -> None:
    member = persona_for(Role.AUDITOR, organisation.province)

    with pytest.raises(AccessDenied):
        customer_get_for_user(
            user=member.account, customer_id=max(c.pk for c in customer_by_unit.values()) + 1
        )
