"""The workbench home page is built from the roles a member of staff holds; the unit and staff lists show
only what those roles cover."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from yekuo.org.factories import StaffFactory
from yekuo.org.models import Staff, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import role_grant, unit_create, unit_set_responsible_head


def english_page(client: Client, url_name: str, **query: str) -> str:
    response = client.get(reverse(url_name), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def figures_of(page: str) -> dict[str, int]:
    """The figures (label → number) on a role card."""
    return {label: int(number) for label, number in re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page)}


def test_a_county_head_sees_a_card_for_the_role_with_its_units_and_staff(
    client: Client, organisation: OrganisationTree, county_head: Staff, intake_clerk: Staff
) -> None:
    client.force_login(county_head.account)

    page = english_page(client, "workbench:home")

    assert "Hello, 李主任" in page
    assert "Unit head" in page
    assert "Responsible head of the unit" in page
    for unit in (organisation.province, organisation.city_east, organisation.county_east):
        assert unit.name in page  # the breadcrumb from the province down
    assert figures_of(page) == {"Units covered": 2, "Supply stations": 1, "Staff": 2}


def test_a_member_of_staff_with_two_roles_gets_two_cards(
    client: Client, organisation: OrganisationTree, intake_clerk: Staff
) -> None:
    role_grant(staff=intake_clerk, unit=organisation.station_east, role=Role.RETURN_VISIT_AGENT)
    client.force_login(intake_clerk.account)

    page = english_page(client, "workbench:home")

    assert page.count('class="card h-100 yekuo-role-card"') == 2
    assert "Intake clerk" in page
    assert "Return-visit agent" in page


def test_a_responsible_head_sees_the_staff_of_the_unit_per_role(
    client: Client, organisation: OrganisationTree, county_head: Staff, intake_clerk: Staff
) -> None:
    unit_set_responsible_head(unit=organisation.county_east, head=county_head)
    persona_for(Role.SURVEYOR, organisation.station_east)
    persona_for(Role.SURVEYOR, organisation.station_east, suffix=".two")
    persona_for(Role.SURVEYOR, organisation.station_west, suffix=".west")
    client.force_login(county_head.account)

    page = english_page(client, "workbench:home")

    assert "Units you are responsible for" in page
    staff_per_role = dict(re.findall(r"<tr><td>([^<]+)</td><td class=\"text-end\">(\d+)</td></tr>", page))
    assert staff_per_role == {"Intake clerk": "1", "Site surveyor": "2", "Unit head": "1"}


def test_staff_without_a_role_are_asked_to_see_their_administrator(
    client: Client, organisation: OrganisationTree
) -> None:
    newcomer = StaffFactory.create(home_unit=organisation.station_west, username="new.comer")
    client.force_login(newcomer.account)

    page = english_page(client, "workbench:home")

    assert "ask your administrator" in page
    assert "yekuo-role-card" not in page


def test_administrators_get_a_link_to_the_administration_site(
    client: Client, province_administrator: Staff
) -> None:
    client.force_login(province_administrator.account)

    page = english_page(client, "workbench:home")

    assert "Open the administration site" in page
    assert figures_of(page) == {"Units covered": 7, "Supply stations": 2, "Staff": 1}


def test_the_unit_list_shows_the_county_subtree_as_an_indented_tree(
    client: Client, organisation: OrganisationTree, county_head: Staff
) -> None:
    unit_set_responsible_head(unit=organisation.county_east, head=county_head)
    client.force_login(county_head.account)

    page = english_page(client, "workbench:units")

    rows = re.findall(r'<th scope="row" class="yekuo-tree-indent-(\d)">([^<]+)<span', page)
    assert rows == [("0", "江宁区供电公司"), ("1", "东山供电所")]
    assert "320115001" in page
    assert "Supply station" in page
    assert "李主任" in page
    assert organisation.station_west.name not in page


def test_the_unit_list_is_paginated_by_fifty(
    client: Client, organisation: OrganisationTree, province_administrator: Staff
) -> None:
    for number in range(50):
        unit_create(
            name=f"测试班组{number:02d}",
            level=UnitLevel.TEAM,
            region_code=f"320115{number + 100:03d}",
            parent=organisation.station_east,
        )
    client.force_login(province_administrator.account)

    first_page = english_page(client, "workbench:units")
    second_page = english_page(client, "workbench:units", page="2")

    assert first_page.count('<th scope="row"') == 50
    assert second_page.count('<th scope="row"') == 7
    assert "Page 2 of 2" in second_page
    assert "57 units within your roles" in first_page


def test_the_staff_list_shows_the_staff_of_the_viewers_units_with_their_roles(
    client: Client, organisation: OrganisationTree, county_head: Staff, intake_clerk: Staff
) -> None:
    western_clerk = persona_for(Role.INTAKE_CLERK, organisation.station_west, suffix=".west")
    role_grant(staff=intake_clerk, unit=organisation.station_west, role=Role.SURVEYOR)
    client.force_login(county_head.account)

    page = english_page(client, "workbench:staff")

    assert "李主任" in page
    assert "王受理" in page
    assert western_clerk.account.display_name not in page
    assert "Intake clerk" in page
    # The clerk's role in the west lies outside the county head's units, so it is not shown.
    assert "Site surveyor" not in page
    assert "2 members of staff in your units" in page
