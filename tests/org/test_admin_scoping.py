"""A county administrator cannot use the admin's forms to reach beyond the county: every posted id for a
unit, a staff member or an account outside it is refused and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from yekuo.accounts.models import AccountKind, User
from yekuo.customers.factories import person_customer
from yekuo.org.factories import StaffFactory
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import unit_create


@pytest.fixture
def county_administrator(organisation: OrganisationTree) -> Staff:
    return persona_for(Role.ADMINISTRATOR, organisation.county_east, suffix=".county")


@pytest.fixture
def county_admin_client(county_administrator: Staff) -> Client:
    return client_for(county_administrator.account)


def role_assignment_snapshot() -> set[tuple[int, int, str]]:
    return set(RoleAssignment.objects.values_list("staff_id", "unit_id", "role"))


@pytest.mark.parametrize("unit", ["province", "city_east", "county_west"])
def test_a_county_administrator_cannot_grant_a_role_outside_the_county(
    organisation: OrganisationTree, county_administrator: Staff, county_admin_client: Client, unit: str
) -> None:
    # Given the county administrator's own staff record
    before = role_assignment_snapshot()

    # When they post a new administrator role for themselves at a unit above or beside the county
    response = county_admin_client.post(
        reverse("admin:org_roleassignment_add"),
        {
            "staff": county_administrator.pk,
            "unit": getattr(organisation, unit).pk,
            "role": Role.ADMINISTRATOR,
        },
    )

    # Then the form refuses the unit and no role is granted
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert role_assignment_snapshot() == before


def test_a_county_administrator_cannot_grant_a_role_to_staff_outside_the_county(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    outsider = StaffFactory.create(home_unit=organisation.county_west)
    before = role_assignment_snapshot()

    response = county_admin_client.post(
        reverse("admin:org_roleassignment_add"),
        {"staff": outsider.pk, "unit": organisation.county_east.pk, "role": Role.SURVEYOR},
    )

    assert "staff" in response.context["adminform"].form.errors
    assert role_assignment_snapshot() == before


def test_a_county_administrator_grants_roles_inside_the_county(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    member = StaffFactory.create(home_unit=organisation.station_east)

    response = county_admin_client.post(
        reverse("admin:org_roleassignment_add"),
        {"staff": member.pk, "unit": organisation.station_east.pk, "role": Role.SURVEYOR},
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(staff=member, unit=organisation.station_east).exists()


def staff_change_form(member: Staff, *, new_role_unit: Unit) -> dict[str, object]:
    """The staff change form as the browser posts it, with one extra inline row adding a role."""
    existing = list(RoleAssignment.objects.filter(staff=member))
    data: dict[str, object] = {
        "account": member.account_id,
        "employee_number": member.employee_number,
        "home_unit": member.home_unit_id,
        "job_title": member.job_title,
        "office_phone": member.office_phone,
        "role_assignments-TOTAL_FORMS": len(existing) + 1,
        "role_assignments-INITIAL_FORMS": len(existing),
        "role_assignments-MIN_NUM_FORMS": 0,
        "role_assignments-MAX_NUM_FORMS": 1000,
    }
    for index, assignment in enumerate(existing):
        data |= {
            f"role_assignments-{index}-id": assignment.pk,
            f"role_assignments-{index}-staff": member.pk,
            f"role_assignments-{index}-unit": assignment.unit_id,
            f"role_assignments-{index}-role": assignment.role,
        }
    new = len(existing)
    data |= {
        f"role_assignments-{new}-staff": member.pk,
        f"role_assignments-{new}-unit": new_role_unit.pk,
        f"role_assignments-{new}-role": Role.ADMINISTRATOR,
    }
    return data


def test_a_county_administrator_cannot_grant_a_province_role_through_the_staff_form(
    organisation: OrganisationTree, county_administrator: Staff, county_admin_client: Client
) -> None:
    before = role_assignment_snapshot()

    response = county_admin_client.post(
        reverse("admin:org_staff_change", args=[county_administrator.pk]),
        staff_change_form(county_administrator, new_role_unit=organisation.province),
    )

    assert response.status_code == 200  # the form comes back with the error
    assert role_assignment_snapshot() == before


def test_the_staff_form_still_adds_a_role_inside_the_county(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    member = persona_for(Role.SURVEYOR, organisation.station_east)

    response = county_admin_client.post(
        reverse("admin:org_staff_change", args=[member.pk]),
        staff_change_form(member, new_role_unit=organisation.station_east),
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(staff=member, role=Role.ADMINISTRATOR).exists()


@pytest.mark.parametrize("kind", ["customer", "superuser"])
def test_a_county_administrator_cannot_attach_a_customer_or_superuser_account_to_staff(
    organisation: OrganisationTree, county_admin_client: Client, kind: str
) -> None:
    if kind == "customer":
        account = person_customer(service_unit=organisation.station_east).account
    else:
        account = User.objects.create_superuser(
            "root.admin", "correct-horse-battery-staple", display_name="根"
        )
    staff_before = Staff.objects.count()

    response = county_admin_client.post(
        reverse("admin:org_staff_add"),
        {
            "account": account.pk,
            "employee_number": "E777777",
            "home_unit": organisation.station_east.pk,
            "role_assignments-TOTAL_FORMS": 0,
            "role_assignments-INITIAL_FORMS": 0,
            "role_assignments-MIN_NUM_FORMS": 0,
            "role_assignments-MAX_NUM_FORMS": 1000,
        },
    )

    assert "account" in response.context["adminform"].form.errors
    assert Staff.objects.count() == staff_before


def test_a_county_administrator_attaches_a_new_staff_account(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    account = User.objects.create_user(
        "new.clerk", "correct-horse-battery-staple", display_name="新", kind="staff"
    )

    response = county_admin_client.post(
        reverse("admin:org_staff_add"),
        {
            "account": account.pk,
            "employee_number": "E777778",
            "home_unit": organisation.station_east.pk,
            "role_assignments-TOTAL_FORMS": 0,
            "role_assignments-INITIAL_FORMS": 0,
            "role_assignments-MIN_NUM_FORMS": 0,
            "role_assignments-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 302
    assert Staff.objects.get(account=account).home_unit == organisation.station_east
    assert account.kind == AccountKind.STAFF


def test_the_unit_form_offers_only_the_countys_units_and_the_current_parent(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    response = county_admin_client.get(reverse("admin:org_unit_change", args=[organisation.county_east.pk]))

    offered = set(response.context["adminform"].form.fields["treebeard_ref_node"].queryset)
    assert offered == {organisation.city_east}  # the county cannot sit below itself or its station
    for outside in ("province", "city_west", "county_west", "station_west"):
        assert getattr(organisation, outside).name not in response.text


def unit_form(unit: Unit, *, parent: Unit, position: str = "sorted-child") -> dict[str, object]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "region_code": unit.region_code,
        "address": unit.address,
        "phone": unit.phone,
        "treebeard_position": position,
        "treebeard_ref_node": parent.pk,
    }


def test_a_county_administrator_cannot_move_a_unit_into_another_branch(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    response = county_admin_client.post(
        reverse("admin:org_unit_change", args=[organisation.station_east.pk]),
        unit_form(organisation.station_east, parent=organisation.county_west),
    )

    assert response.status_code == 200
    assert "treebeard_ref_node" in response.context["adminform"].form.errors
    assert Unit.objects.get(pk=organisation.station_east.pk).path == organisation.station_east.path


def test_a_county_administrator_cannot_create_a_root_unit(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    units_before = Unit.objects.count()
    data = unit_form(organisation.station_east, parent=organisation.county_east) | {
        "name": "独立王国",
        "region_code": "320116",
        "treebeard_ref_node": "",
    }

    response = county_admin_client.post(reverse("admin:org_unit_add"), data)

    assert response.status_code == 200
    assert Unit.objects.count() == units_before


def test_a_county_administrator_saves_the_county_where_it_is(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    data = unit_form(organisation.county_east, parent=organisation.city_east) | {"phone": "025-52100000"}

    response = county_admin_client.post(
        reverse("admin:org_unit_change", args=[organisation.county_east.pk]), data
    )

    assert response.status_code == 302
    county = Unit.objects.get(pk=organisation.county_east.pk)
    assert county.phone == "025-52100000"
    assert county.path == organisation.county_east.path


@pytest.mark.parametrize(
    ("node", "target", "relation"),
    [
        pytest.param("county_west", "county_east", "child", id="pull-a-western-county-in"),
        pytest.param("station_east", "county_west", "child", id="push-a-station-out"),
        pytest.param("station_east", "county_east", "sibling", id="beside-the-county-is-outside"),
    ],
)
def test_drag_and_drop_cannot_cross_the_county_boundary(
    organisation: OrganisationTree, county_admin_client: Client, node: str, target: str, relation: str
) -> None:
    paths_before = dict(Unit.objects.values_list("pk", "path"))

    response = county_admin_client.post(
        reverse("admin:org_unit_changelist") + "move/",
        {
            "node": getattr(organisation, node).pk,
            "target": getattr(organisation, target).pk,
            "relation": relation,
        },
    )

    assert response.status_code == 403
    assert dict(Unit.objects.values_list("pk", "path")) == paths_before


def test_drag_and_drop_moves_a_unit_within_the_county(
    organisation: OrganisationTree, county_admin_client: Client
) -> None:
    team = unit_create(
        name="抢修班", level=UnitLevel.TEAM, region_code="320115", parent=organisation.county_east
    )

    response = county_admin_client.post(
        reverse("admin:org_unit_changelist") + "move/",
        {"node": team.pk, "target": organisation.station_east.pk, "relation": "child"},
    )

    # (a sorted insert renumbers siblings, so the station's path is read afresh)
    station = Unit.objects.get(pk=organisation.station_east.pk)
    assert response.status_code == 200
    assert Unit.objects.get(pk=team.pk).path.startswith(station.path)
