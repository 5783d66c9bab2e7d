"""Who sees which units and staff: a role at a unit covers its subtree and nothing beside or above it.

Every role is checked, because a role that forgot the scoping would leak a whole province.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import OrganisationTree, persona_for
from tests.org.population import (
    EAST_COUNTY_SUBTREE,
    OUTSIDE_EAST_COUNTY,
    UNIT_NAMES,
    staff_at_every_unit,
    unit_named,
)
from yekuo.accounts.models import User
from yekuo.core.errors import AccessDenied
from yekuo.customers.factories import person_customer
from yekuo.org.access import staff_get_for_user, staff_visible_to, unit_get_for_user, units_visible_to
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.org.services import role_grant, role_revoke

EVERY_ROLE = [pytest.param(role, id=role.value) for role in Role]


@pytest.fixture
def staff_by_unit(organisation: OrganisationTree) -> dict[str, Staff]:
    return staff_at_every_unit(organisation)


def assert_sees_no_unit_and_no_staff(
    user: User | AnonymousUser, organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    assert not units_visible_to(user).exists()
    assert not staff_visible_to(user).exists()
    for name in UNIT_NAMES:
        with pytest.raises(AccessDenied):
            unit_get_for_user(user=user, unit_id=unit_named(organisation, name).pk)
        with pytest.raises(AccessDenied):
            staff_get_for_user(user=user, staff_id=staff_by_unit[name].pk)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_role_at_a_county_shows_its_subtree_units_and_staff(
    role: Role, organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    # Given a staff member holding the role at the eastern county
    member = persona_for(role, organisation.county_east)

    # Then they see exactly the county and its station, and the staff homed there (and themself)
    assert set(units_visible_to(member.account)) == {organisation.county_east, organisation.station_east}
    expected_staff = {member} | {staff_by_unit[name] for name in EAST_COUNTY_SUBTREE}
    assert set(staff_visible_to(member.account)) == expected_staff
    for name in EAST_COUNTY_SUBTREE:
        unit = unit_named(organisation, name)
        assert unit_get_for_user(user=member.account, unit_id=unit.pk) == unit
        assert staff_get_for_user(user=member.account, staff_id=staff_by_unit[name].pk) == staff_by_unit[name]


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("outside", OUTSIDE_EAST_COUNTY)
def test_a_role_at_a_county_is_denied_units_and_staff_beside_and_above_it(
    role: Role, outside: str, organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    # Given a staff member holding the role at the eastern county
    member = persona_for(role, organisation.county_east)

    # When they ask for a unit, or a staff member, in the west branch or above the county
    # Then both are denied
    with pytest.raises(AccessDenied):
        unit_get_for_user(user=member.account, unit_id=unit_named(organisation, outside).pk)
    with pytest.raises(AccessDenied):
        staff_get_for_user(user=member.account, staff_id=staff_by_unit[outside].pk)


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_role_at_the_province_shows_every_unit_and_staff_member(
    role: Role, organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    member = persona_for(role, organisation.province)

    assert set(units_visible_to(member.account)) == {unit_named(organisation, name) for name in UNIT_NAMES}
    assert set(staff_visible_to(member.account)) == {member, *staff_by_unit.values()}
    for name in UNIT_NAMES:
        assert unit_get_for_user(user=member.account, unit_id=unit_named(organisation, name).pk)
        assert staff_get_for_user(user=member.account, staff_id=staff_by_unit[name].pk)


def test_roles_in_two_branches_show_both_and_nothing_between(
    organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    # Given a surveyor at the eastern station who is also an auditor at the western county
    member = persona_for(Role.SURVEYOR, organisation.station_east)
    role_grant(staff=member, unit=organisation.county_west, role=Role.AUDITOR)

    # Then both subtrees are visible, and the units above them are not
    visible = {"station_east", "county_west", "station_west"}
    assert set(units_visible_to(member.account)) == {unit_named(organisation, name) for name in visible}
    assert set(staff_visible_to(member.account)) == {member} | {staff_by_unit[name] for name in visible}
    for name in set(UNIT_NAMES) - visible:
        with pytest.raises(AccessDenied):
            unit_get_for_user(user=member.account, unit_id=unit_named(organisation, name).pk)
        with pytest.raises(AccessDenied):
            staff_get_for_user(user=member.account, staff_id=staff_by_unit[name].pk)


def test_overlapping_roles_do_not_repeat_rows(organisation: OrganisationTree) -> None:
    member = persona_for(Role.UNIT_HEAD, organisation.county_east)
    role_grant(staff=member, unit=organisation.station_east, role=Role.SURVEYOR)

    assert units_visible_to(member.account).count() == 2


def test_staff_without_a_role_see_only_their_own_record(
    organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    member = staff_by_unit["county_east"]

    assert not units_visible_to(member.account).exists()
    assert list(staff_visible_to(member.account)) == [member]
    with pytest.raises(AccessDenied):
        staff_get_for_user(user=member.account, staff_id=staff_by_unit["station_east"].pk)


def test_a_revoked_role_no_longer_shows_its_subtree(organisation: OrganisationTree) -> None:
    member = persona_for(Role.INSPECTOR, organisation.county_east)
    role_revoke(staff=member, unit=organisation.county_east, role=Role.INSPECTOR)

    with pytest.raises(AccessDenied):
        unit_get_for_user(user=member.account, unit_id=organisation.county_east.pk)


def test_anonymous_visitors_see_no_unit_and_no_staff(
    organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    assert_sees_no_unit_and_no_staff(AnonymousUser(), organisation, staff_by_unit)


def test_a_deactivated_account_sees_nothing_even_with_a_province_role(
    organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    # Given a province administrator whose account was deactivated
    member = persona_for(Role.ADMINISTRATOR, organisation.province)
    member.account.is_active = False
    member.account.save(update_fields=["is_active"])

    # Then they see no unit and no staff member, not even their own record
    assert_sees_no_unit_and_no_staff(member.account, organisation, staff_by_unit)
    with pytest.raises(AccessDenied):
        staff_get_for_user(user=member.account, staff_id=member.pk)


def test_a_customer_sees_no_unit_and_no_staff(
    organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    customer = person_customer(service_unit=organisation.station_east)

    assert_sees_no_unit_and_no_staff(customer.account, organisation, staff_by_unit)
