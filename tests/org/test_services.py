"""Changing the organisation: units in a tree, staff accounts, roles and responsible heads."""

from __future__ import annotations

import pytest

from tests.conftest import OrganisationTree, persona_for
from yekuo.accounts.models import AccountKind, User
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.org.factories import DEFAULT_TEST_PASSWORD, StaffFactory
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import (
    role_grant,
    role_revoke,
    staff_create,
    unit_create,
    unit_set_responsible_head,
)


def test_unit_create_places_children_inside_the_parents_path(organisation: OrganisationTree) -> None:
    # Given the tree province → city → county → station
    province, city, county, station = (
        organisation.province,
        organisation.city_east,
        organisation.county_east,
        organisation.station_east,
    )

    # Then each path extends its parent's, one step deeper
    assert province.depth == 1
    assert (city.depth, county.depth, station.depth) == (2, 3, 4)
    assert city.path.startswith(province.path)
    assert county.path.startswith(city.path)
    assert station.path.startswith(county.path)
    assert not organisation.city_west.path.startswith(city.path)
    assert Unit.objects.get_parent(county) == city


def test_unit_create_adds_a_second_child_beside_the_first(organisation: OrganisationTree) -> None:
    second = unit_create(
        name="秣陵供电所",
        level=UnitLevel.SUPPLY_STATION,
        region_code="320115002",
        parent=organisation.county_east,
    )

    assert second.path.startswith(organisation.county_east.path)
    assert second.path != organisation.station_east.path
    assert set(Unit.objects.get_children(Unit.objects.get(pk=organisation.county_east.pk))) == {
        organisation.station_east,
        second,
    }


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"level": UnitLevel.CITY_COMPANY}, "level_above_parent", id="city-below-county"),
        pytest.param({"region_code": "32011"}, "invalid_region_code", id="region-code-five-digits"),
        pytest.param({"region_code": "3201150011"}, "invalid_region_code", id="region-code-ten-digits"),
        pytest.param({"region_code": "32O115"}, "invalid_region_code", id="region-code-with-letter"),
        pytest.param({"level": "ministry"}, "invalid_level", id="unknown-level"),
        pytest.param({"name": "  "}, "name_required", id="blank-name"),
    ],
)
def test_unit_create_refuses_bad_input_and_creates_nothing(
    organisation: OrganisationTree, fields: dict[str, str], code: str
) -> None:
    before = Unit.objects.count()
    arguments = {"name": "新单位", "level": UnitLevel.SUPPLY_STATION, "region_code": "320115003"} | fields

    with pytest.raises(ValidationFailed) as caught:
        unit_create(parent=organisation.county_east, **arguments)

    assert caught.value.code == code
    assert Unit.objects.count() == before
    assert Unit.objects.get(pk=organisation.county_east.pk).numchild == 1


def test_staff_create_opens_a_staff_account(organisation: OrganisationTree) -> None:
    staff = staff_create(
        username="wang.wei",
        password=DEFAULT_TEST_PASSWORD,
        display_name="王伟",
        employee_number="E900001",
        home_unit=organisation.station_east,
        email="wang.wei@example.com",
    )

    account = User.objects.get(pk=staff.account_id)
    assert account.kind == AccountKind.STAFF
    assert account.username == "wang.wei"
    assert account.check_password(DEFAULT_TEST_PASSWORD)
    assert not account.is_staff
    assert staff.home_unit == organisation.station_east


@pytest.mark.parametrize(
    "duplicate",
    [
        pytest.param({"username": "taken.name", "employee_number": "E900002"}, id="same-username"),
        pytest.param({"username": "other.name", "employee_number": "E900001"}, id="same-employee-number"),
    ],
)
def test_staff_create_refuses_a_duplicate_and_creates_nothing(
    organisation: OrganisationTree, duplicate: dict[str, str]
) -> None:
    StaffFactory.create(username="taken.name", employee_number="E900001", home_unit=organisation.province)
    accounts_before, staff_before = User.objects.count(), Staff.objects.count()

    with pytest.raises(Conflict) as caught:
        staff_create(
            password=DEFAULT_TEST_PASSWORD, display_name="重复", home_unit=organisation.province, **duplicate
        )

    assert caught.value.code == "staff_exists"
    assert (User.objects.count(), Staff.objects.count()) == (accounts_before, staff_before)


@pytest.mark.parametrize(
    "username",
    [
        pytest.param("13800138000", id="looks-like-a-mobile-number"),
        pytest.param("Wang.Wei", id="uppercase"),
        pytest.param("wa", id="too-short"),
        pytest.param("1wang", id="starts-with-digit"),
        pytest.param("wang wei", id="contains-space"),
        pytest.param("w" * 41, id="too-long"),
    ],
)
def test_staff_create_refuses_a_bad_username_and_creates_nothing(
    organisation: OrganisationTree, username: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        staff_create(
            username=username,
            password=DEFAULT_TEST_PASSWORD,
            display_name="王伟",
            employee_number="E900003",
            home_unit=organisation.province,
        )

    assert caught.value.code == "invalid_staff_username"
    assert not User.objects.exists()
    assert not Staff.objects.exists()


def test_role_grant_is_idempotent(organisation: OrganisationTree) -> None:
    staff = StaffFactory.create(home_unit=organisation.county_east)

    first = role_grant(staff=staff, unit=organisation.county_east, role=Role.SURVEYOR)
    second = role_grant(staff=staff, unit=organisation.county_east, role=Role.SURVEYOR)

    assert first.pk == second.pk
    assert RoleAssignment.objects.filter(staff=staff).count() == 1


def test_role_grant_of_administrator_opens_the_admin_site(organisation: OrganisationTree) -> None:
    staff = StaffFactory.create(home_unit=organisation.county_east)
    assert not staff.account.is_staff

    role_grant(staff=staff, unit=organisation.county_east, role=Role.ADMINISTRATOR)

    account = User.objects.get(pk=staff.account_id)
    assert account.is_staff
    assert account.has_perm("org.view_unit")
    assert account.has_perm("customers.change_customer")


def test_other_roles_do_not_open_the_admin_site(organisation: OrganisationTree) -> None:
    staff = persona_for(Role.UNIT_HEAD, organisation.county_east)

    assert not User.objects.get(pk=staff.account_id).is_staff


def test_role_revoke_removes_the_role_and_closes_the_admin_site(organisation: OrganisationTree) -> None:
    staff = persona_for(Role.ADMINISTRATOR, organisation.county_east)

    role_revoke(staff=staff, unit=organisation.county_east, role=Role.ADMINISTRATOR)

    account = User.objects.get(pk=staff.account_id)
    assert not RoleAssignment.objects.filter(staff=staff).exists()
    assert not account.is_staff
    assert not account.has_perm("org.view_unit")


def test_role_revoke_keeps_the_admin_site_while_another_administrator_role_remains(
    organisation: OrganisationTree,
) -> None:
    staff = persona_for(Role.ADMINISTRATOR, organisation.county_east)
    role_grant(staff=staff, unit=organisation.county_west, role=Role.ADMINISTRATOR)

    role_revoke(staff=staff, unit=organisation.county_east, role=Role.ADMINISTRATOR)

    assert User.objects.get(pk=staff.account_id).is_staff
    assert list(RoleAssignment.objects.filter(staff=staff).values_list("unit", flat=True)) == [
        organisation.county_west.pk
    ]


def test_role_revoke_of_another_role_leaves_administrator_alone(organisation: OrganisationTree) -> None:
    staff = persona_for(Role.ADMINISTRATOR, organisation.county_east)
    role_grant(staff=staff, unit=organisation.county_east, role=Role.AUDITOR)

    role_revoke(staff=staff, unit=organisation.county_east, role=Role.AUDITOR)

    assert User.objects.get(pk=staff.account_id).is_staff
    assert RoleAssignment.objects.filter(staff=staff, role=Role.ADMINISTRATOR).exists()


def test_role_revoke_keeps_a_superuser_on_the_admin_site(organisation: OrganisationTree) -> None:
    staff = persona_for(Role.ADMINISTRATOR, organisation.province)
    User.objects.filter(pk=staff.account_id).update(is_superuser=True)
    staff.account.refresh_from_db()

    role_revoke(staff=staff, unit=organisation.province, role=Role.ADMINISTRATOR)

    assert User.objects.get(pk=staff.account_id).is_staff


def test_unit_set_responsible_head_accepts_staff_from_the_unit_or_below(
    organisation: OrganisationTree,
) -> None:
    head = StaffFactory.create(home_unit=organisation.station_east)

    unit = unit_set_responsible_head(unit=organisation.county_east, head=head)

    assert Unit.objects.get(pk=unit.pk).responsible_head == head


def test_unit_set_responsible_head_can_clear_the_head(organisation: OrganisationTree) -> None:
    head = StaffFactory.create(home_unit=organisation.county_east)
    unit_set_responsible_head(unit=organisation.county_east, head=head)

    unit_set_responsible_head(unit=organisation.county_east, head=None)

    assert Unit.objects.get(pk=organisation.county_east.pk).responsible_head is None


@pytest.mark.parametrize("home", ["county_west", "city_east", "province"])
def test_unit_set_responsible_head_refuses_a_head_from_outside_the_subtree(
    organisation: OrganisationTree, home: str
) -> None:
    # Given a staff member homed beside or above the eastern county
    outsider = StaffFactory.create(home_unit=getattr(organisation, home))

    # When they are named its responsible head, then it is refused and nothing changes
    with pytest.raises(ValidationFailed) as caught:
        unit_set_responsible_head(unit=organisation.county_east, head=outsider)

    assert caught.value.code == "head_outside_unit"
    assert Unit.objects.get(pk=organisation.county_east.pk).responsible_head is None
