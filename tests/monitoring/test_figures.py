"""The dashboard's figures on the hand-built scenario (see tests/monitoring/conftest.py), at each level."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.monitoring.conftest import Scenario, complete
from tests.workflow.conftest import Crew
from yekuo.applications.choices import Category
from yekuo.applications.factories import supply_all_documents
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow.stages import Stage

DASHBOARD = reverse("monitoring:dashboard")


def query_of(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert parts.path == "/workbench/applications/"
    return {name: values[0] for name, values in parse_qs(parts.query).items()}


@pytest.fixture
def county_page(client: Client, crew: Crew, scenario: Scenario) -> Any:
    client.force_login(crew[Role.UNIT_HEAD].account)
    return client.get(DASHBOARD)


def test_work_in_progress_per_stage_and_unit(county_page: Any, organisation: OrganisationTree) -> None:
    work = county_page.context["work"]

    assert [code for code, _ in work.stages] == ["acceptance", "site_survey"]
    (row,) = work.rows
    assert row.unit == organisation.station_east
    assert [cell.value for cell in row.cells] == [1, 1]
    assert (row.total.value, row.warning.value, row.overdue.value) == (2, 0, 1)
    assert (row.due_today.value, row.due_week.value) == (0, 1)


def test_province_rows_are_the_cities_and_a_click_drills_down_to_the_county_and_station(
    client: Client, province_administrator: Staff, organisation: OrganisationTree, scenario: Scenario
) -> None:
    client.force_login(province_administrator.account)

    province = client.get(DASHBOARD).context["work"]
    rows = {row.unit.name: row for row in province.rows}
    assert list(rows) == [organisation.city_east.name, organisation.city_west.name]
    east, west = rows[organisation.city_east.name], rows[organisation.city_west.name]
    assert (east.total.value, east.overdue.value, east.due_week.value) == (2, 1, 1)
    assert (west.total.value, west.warning.value, west.due_today.value, west.due_week.value) == (1, 1, 1, 1)
    assert (province.totals.total.value, province.totals.warning.value, province.totals.overdue.value) == (
        3,
        1,
        1,
    )

    city = client.get(DASHBOARD, {"unit": organisation.city_east.pk})
    assert [row.unit for row in city.context["work"].rows] == [organisation.county_east]
    assert f"?unit={organisation.county_east.pk}&amp;" in city.content.decode()  # the drill-down link

    station = client.get(DASHBOARD, {"unit": organisation.station_east.pk})
    assert [row.unit for row in station.context["work"].rows] == [organisation.station_east]
    assert [unit.name for unit in station.context["scope"].breadcrumb] == [
        organisation.province.name,
        organisation.city_east.name,
        organisation.county_east.name,
        organisation.station_east.name,
    ]


def test_every_figure_links_to_the_applications_behind_it(
    county_page: Any, organisation: OrganisationTree
) -> None:
    (row,) = county_page.context["work"].rows
    unit = str(organisation.station_east.pk)

    assert query_of(row.cells[1].url) == {"unit": unit, "stage": "site_survey"}
    assert query_of(row.overdue.url) == {"unit": unit, "deadline": "overdue"}
    assert query_of(row.due_week.url) == {"unit": unit, "due": "week"}
    assert query_of(county_page.context["work"].totals.due_today.url) == {
        "unit": str(organisation.county_east.pk),
        "due": "today",
    }
    flow = county_page.context["flow"]
    assert query_of(flow.days[-5].received.url) == {
        "unit": str(organisation.county_east.pk),
        "received_from": "2026-03-02",
        "received_to": "2026-03-02",
    }
    (residential,) = county_page.context["durations"]
    assert query_of(residential.completed.url) == {
        "unit": str(organisation.county_east.pk),
        "category": Category.LOW_VOLTAGE_RESIDENTIAL,
        "status": "completed",
        "completed_from": "2026-02-07",
        "completed_to": "2026-03-06",
    }
    (stop,) = county_page.context["clock_stops"]
    assert query_of(stop.stopped_now.url) == {
        "unit": str(organisation.county_east.pk),
        "clock_stop_reason": "customer_documents",
    }
    html = county_page.content.decode()
    assert 'href="/workbench/applications/?unit=' in html


def test_received_and_completed_per_day_and_week(county_page: Any) -> None:
    flow = county_page.context["flow"]

    assert (flow.days[0].first_day, flow.days[-1].first_day) == (date(2026, 2, 7), date(2026, 3, 6))
    per_day = {day.first_day: (day.received.value, day.completed.value) for day in flow.days}
    assert per_day[date(2026, 3, 2)] == (4, 0)
    assert per_day[date(2026, 3, 4)] == (0, 1)
    assert per_day[date(2026, 3, 6)] == (0, 1)
    assert sum(received for received, _ in per_day.values()) == 4  # the western one is not counted
    this_week = flow.weeks[-1]
    assert (this_week.first_day, this_week.last_day) == (date(2026, 3, 2), date(2026, 3, 6))
    assert (this_week.received.value, this_week.completed.value) == (4, 2)
    assert (flow.weeks[0].first_day, flow.weeks[0].last_day) == (date(2026, 2, 7), date(2026, 2, 8))
    assert (flow.received_total.value, flow.completed_total.value) == (4, 2)


def test_mean_and_p90_of_utility_working_days_per_category_against_the_limit(county_page: Any) -> None:
    (residential,) = county_page.context["durations"]

    assert residential.category == Category.LOW_VOLTAGE_RESIDENTIAL
    assert residential.completed.value == 2
    assert residential.mean_days == pytest.approx(3.0)  # 2 and 4 working days
    assert residential.p90_days == pytest.approx(3.8)  # 2 + 0.9 × (4 − 2), as PERCENTILE_CONT
    assert (residential.limit_days, residential.over_limit) == (5, 0)


def test_clock_stops_by_reason(county_page: Any) -> None:
    (stop,) = county_page.context["clock_stops"]

    assert stop.reason == "customer_documents"
    assert (stop.stopped_now.value, stop.started_in_period.value) == (1, 1)


def test_overdue_and_warning_lists(client: Client, province_administrator: Staff, scenario: Scenario) -> None:
    client.force_login(province_administrator.account)

    response = client.get(DASHBOARD)

    assert [item.application for item in response.context["overdue_items"]] == [scenario.east_waiting]
    assert [item.application for item in response.context["warning_items"]] == [scenario.west_waiting]
    assert str(scenario.west_waiting.number) in response.content.decode()


def test_the_category_filter_narrows_every_figure(client: Client, crew: Crew, scenario: Scenario) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(DASHBOARD, {"category": Category.HIGH_VOLTAGE_SINGLE_SUPPLY})

    assert response.context["work"].totals.total.value == 1
    assert response.context["flow"].received_total.value == 1
    assert response.context["durations"] == []
    assert (
        query_of(response.context["work"].totals.total.url)["category"] == Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )


def test_the_period_filter_moves_the_window(client: Client, crew: Crew, scenario: Scenario) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(DASHBOARD, {"period_from": "2026-03-03", "period_to": "2026-03-05"})

    flow = response.context["flow"]
    assert [day.first_day.day for day in flow.days] == [3, 4, 5]
    assert (flow.received_total.value, flow.completed_total.value) == (0, 1)
    assert [row.completed.value for row in response.context["durations"]] == [1]


def test_a_completed_work_item_changes_the_figures_of_the_next_poll(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    section = reverse("monitoring:section", args=["work"])
    assert client.get(section).context["work"].totals.total.value == 2

    supply_all_documents(scenario.east_waiting, received_by=crew[Role.INTAKE_CLERK].account)
    complete(crew, scenario.east_waiting, Stage.ACCEPTANCE)

    work = client.get(section).context["work"]
    assert [code for code, _ in work.stages] == ["site_survey", "metering_and_energisation"]
    assert (work.totals.total.value, work.totals.overdue.value) == (2, 0)
