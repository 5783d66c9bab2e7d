"""The organisation in the admin: lists load, and a county administrator sees only the county's rows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from tests.org.population import EAST_COUNTY_SUBTREE, OUTSIDE_EAST_COUNTY, staff_at_every_unit, unit_named
from yekuo.accounts.models import User
from yekuo.org.models import RoleAssignment, Staff
from yekuo.org.roles import Role
from yekuo.org.services import role_grant

CHANGELISTS = [
    pytest.param("admin:org_unit_changelist", id="units"),
    pytest.param("admin:org_staff_changelist", id="staff"),
    pytest.param("admin:org_roleassignment_changelist", id="role-assignments"),
]


@pytest.fixture
def staff_by_unit(organisation: OrganisationTree) -> dict[str, Staff]:
    """A staff member at every unit, each holding the surveyor role at their own unit."""
    staff = staff_at_every_unit(organisation)
    for name, member in staff.items():
        role_grant(staff=member, unit=unit_named(organisation, name), role=Role.SURVEYOR)
    return staff


@pytest.fixture
def county_administrator(organisation: OrganisationTree) -> Staff:
    return persona_for(Role.ADMINISTRATOR, organisation.county_east, suffix=".county")


@pytest.fixture
def county_admin_client(county_administrator: Staff) -> Client:
    return client_for(county_administrator.account)


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelists_load_for_a_province_administrator(
    changelist: str, province_administrator: Staff, staff_by_unit: dict[str, Staff]
) -> None:
    response = client_for(province_administrator.account).get(reverse(changelist))

    assert response.status_code == 200
    for member in staff_by_unit.values():
        if changelist != "admin:org_unit_changelist":
            assert member.employee_number in response.text


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelists_load_for_a_superuser(
    changelist: str, organisation: OrganisationTree, staff_by_unit: dict[str, Staff]
) -> None:
    superuser = User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")

    response = client_for(superuser).get(reverse(changelist))

    assert response.status_code == 200


def unit_tree_children(client: Client, parent_pk: int) -> str:
    """The HTML rows treebeard loads when a unit is expanded in the tree."""
    response = client.get(reverse("admin:org_unit_changelist") + f"children/{parent_pk}/")
    assert response.status_code == 200
    result_html: str = response.json()["result_html"]
    return result_html


def test_the_unit_tree_of_a_province_administrator_starts_at_the_province(
    organisation: OrganisationTree, province_administrator: Staff
) -> None:
    client = client_for(province_administrator.account)

    top = client.get(reverse("admin:org_unit_changelist")).text
    below_province = unit_tree_children(client, organisation.province.pk)

    assert organisation.province.name in top
    assert organisation.city_east.name in below_province
    assert organisation.city_west.name in below_province


def test_the_unit_tree_of_a_county_administrator_starts_at_the_county(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    top = county_admin_client.get(reverse("admin:org_unit_changelist"))
    below_county = unit_tree_children(county_admin_client, organisation.county_east.pk)

    assert top.status_code == 200
    assert organisation.county_east.name in top.text
    assert organisation.station_east.name in below_county
    for name in OUTSIDE_EAST_COUNTY:
        assert unit_named(organisation, name).name not in top.text + below_county


@pytest.mark.parametrize("parent", ["province", "city_west", "county_west"])
def test_expanding_a_unit_outside_the_county_shows_nothing(
    organisation: OrganisationTree, county_admin_client: Client, parent: str
) -> None:
    rows = unit_tree_children(county_admin_client, unit_named(organisation, parent).pk)

    for name in OUTSIDE_EAST_COUNTY:
        assert unit_named(organisation, name).name not in rows


def test_searching_units_finds_only_the_countys(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    response = county_admin_client.get(reverse("admin:org_unit_changelist"), {"q": "供电"})

    assert organisation.county_east.name in response.text
    assert organisation.station_east.name in response.text
    for name in OUTSIDE_EAST_COUNTY:
        assert unit_named(organisation, name).name not in response.text


def test_a_county_administrator_lists_only_the_countys_staff(
    county_admin_client: Client, staff_by_unit: dict[str, Staff]
) -> None:
    response = county_admin_client.get(reverse("admin:org_staff_changelist"))

    assert response.status_code == 200
    for name in EAST_COUNTY_SUBTREE:
        assert staff_by_unit[name].employee_number in response.text
    for name in OUTSIDE_EAST_COUNTY:
        assert staff_by_unit[name].employee_number not in response.text


def test_a_county_administrator_lists_only_the_countys_role_assignments(
    county_admin_client: Client, staff_by_unit: dict[str, Staff]
) -> None:
    response = county_admin_client.get(reverse("admin:org_roleassignment_changelist"))

    assert response.status_code == 200
    for name in EAST_COUNTY_SUBTREE:
        assert staff_by_unit[name].employee_number in response.text
    for name in OUTSIDE_EAST_COUNTY:
        assert staff_by_unit[name].employee_number not in response.text


@pytest.mark.parametrize("outside", OUTSIDE_EAST_COUNTY)
def test_a_county_administrator_cannot_open_another_branchs_rows(
    outside: str, organisation: OrganisationTree, county_admin_client: Client, staff_by_unit: dict[str, Staff]
) -> None:
    member = staff_by_unit[outside]
    assignment = RoleAssignment.objects.get(staff=member)
    pages = [
        reverse("admin:org_unit_change", args=[unit_named(organisation, outside).pk]),
        reverse("admin:org_staff_change", args=[member.pk]),
        reverse("admin:org_roleassignment_change", args=[assignment.pk]),
    ]

    for page in pages:
        response = county_admin_client.get(page)
        assert response.status_code in {302, 404}, page
        assert member.employee_number not in response.text


def test_a_county_administrator_opens_the_countys_own_rows(
    organisation: OrganisationTree, county_admin_client: Client, staff_by_unit: dict[str, Staff]
) -> None:
    member = staff_by_unit["station_east"]

    for page in [
        reverse("admin:org_unit_change", args=[organisation.station_east.pk]),
        reverse("admin:org_staff_change", args=[member.pk]),
        reverse("admin:org_roleassignment_change", args=[RoleAssignment.objects.get(staff=member).pk]),
    ]:
        assert county_admin_client.get(page).status_code == 200, page


def test_staff_without_the_administrator_role_cannot_use_the_admin(
    organisation: OrganisationTree, county_head: Staff
) -> None:
    response = client_for(county_head.account).get(reverse("admin:org_unit_changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
