"""Who sees the dashboard, over which units, and what a foreign unit gets: nothing (404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.monitoring.conftest import Scenario
from tests.workflow.conftest import Crew
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.org.services import unit_set_responsible_head

DASHBOARD = reverse("monitoring:dashboard")


def unit_rows(response: object) -> list[str]:
    return [row.unit.name for row in response.context["work"].rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.MARKETING_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR])
def test_watching_roles_see_the_dashboard_of_their_units(
    client: Client, organisation: OrganisationTree, role: Role
) -> None:
    client.force_login(persona_for(role, organisation.county_east).account)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["scope"].unit == organisation.county_east
    assert unit_rows(response) == [organisation.station_east.name]


@pytest.mark.parametrize("role", [Role.INTAKE_CLERK, Role.SURVEYOR, Role.METERING_TECHNICIAN])
def test_staff_with_only_working_roles_get_no_dashboard(
    client: Client, organisation: OrganisationTree, role: Role
) -> None:
    client.force_login(persona_for(role, organisation.county_east).account)

    assert client.get(DASHBOARD).status_code == 404
    assert client.get(reverse("monitoring:section", args=["work"])).status_code == 404
    assert client.get(reverse("monitoring:process_map", args=[1])).status_code == 404


def test_a_responsible_head_without_the_role_watches_the_unit_they_answer_for(
    client: Client, organisation: OrganisationTree
) -> None:
    clerk = persona_for(Role.INTAKE_CLERK, organisation.station_east)
    unit_set_responsible_head(unit=organisation.station_east, head=clerk)
    client.force_login(clerk.account)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["scope"].unit == organisation.station_east


def test_a_customer_is_refused_and_a_visitor_sent_to_log_in(client: Client, scenario: Scenario) -> None:
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(scenario.east_waiting.customer.account)

    assert client.get(DASHBOARD).status_code == 403


def test_a_county_head_sees_only_their_county(client: Client, crew: Crew, scenario: Scenario) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(DASHBOARD)

    totals = response.context["work"].totals
    assert totals.total.value == 2  # the western application is not counted
    assert scenario.west_waiting.number not in response.content.decode()


def test_a_unit_outside_the_viewers_units_is_404_and_shows_nothing(
    client: Client, organisation: OrganisationTree, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    for unit in (organisation.station_west, organisation.city_west, organisation.province):
        assert client.get(DASHBOARD, {"unit": unit.pk}).status_code == 404
        assert client.get(reverse("monitoring:section", args=["work"]), {"unit": unit.pk}).status_code == 404
        assert client.get(reverse("monitoring:process_map", args=[1]), {"unit": unit.pk}).status_code == 404
    assert client.get(DASHBOARD, {"unit": 999_999}).status_code == 404


def test_a_station_head_sees_only_their_station(
    client: Client, station_head: Staff, organisation: OrganisationTree, scenario: Scenario
) -> None:
    client.force_login(station_head.account)

    response = client.get(DASHBOARD)

    assert unit_rows(response) == [organisation.station_west.name]
    assert response.context["work"].totals.total.value == 1
    assert client.get(DASHBOARD, {"unit": organisation.station_east.pk}).status_code == 404


def test_the_navigation_offers_the_dashboard_only_to_those_who_may_see_it(
    client: Client, organisation: OrganisationTree, county_head: Staff, intake_clerk: Staff
) -> None:
    client.force_login(county_head.account)
    assert f'href="{DASHBOARD}"' in client.get(reverse("workbench:home")).content.decode()

    client.force_login(intake_clerk.account)
    assert f'href="{DASHBOARD}"' not in client.get(reverse("workbench:home")).content.decode()
