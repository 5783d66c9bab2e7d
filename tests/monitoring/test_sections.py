"""The live update: each section answers on its own, keeps polling, and refuses bad input clearly."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.monitoring.conftest import Scenario
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role

DASHBOARD = reverse("monitoring:dashboard")


@pytest.mark.parametrize("name", ["work", "deadlines", "flow", "process"])
def test_each_section_renders_alone_and_polls_itself_with_the_same_filters(
    client: Client, crew: Crew, scenario: Scenario, name: str
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(reverse("monitoring:section", args=[name]), {"category": "low_voltage_residential"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<section id="dashboard-{name}"')
    assert f'hx-get="/workbench/dashboard/sections/{name}/?' in html
    assert "category=low_voltage_residential" in html
    assert 'hx-trigger="every 30s"' in html


def test_an_unknown_section_is_404(client: Client, crew: Crew) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    assert client.get(reverse("monitoring:section", args=["secrets"])).status_code == 404


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ({"period_from": "2026-13-01"}, "Enter a valid date."),
        ({"period_to": "yesterday"}, "Enter a valid date."),
        ({"period_from": "2026-03-06", "period_to": "2026-03-01"}, "The period must start on or before"),
        ({"period_from": "2024-01-01", "period_to": "2026-03-01"}, "Choose a period of at most 366 days."),
        ({"category": "spaceship"}, "Select a valid choice."),
        ({"unit": "east"}, "Enter a whole number."),
    ],
)
def test_bad_filters_get_a_clear_error_and_no_figures(
    client: Client, crew: Crew, scenario: Scenario, query: dict[str, str], english: str
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(DASHBOARD, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert english in response.content.decode()
    assert "work" not in response.context
    section = client.get(reverse("monitoring:section", args=["flow"]), query, HTTP_ACCEPT_LANGUAGE="en")
    assert section.status_code == 400
    assert english in section.content.decode()


def test_the_error_is_translated_for_chinese_staff(client: Client, crew: Crew, scenario: Scenario) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    with translation.override("zh-hans"):
        response = client.get(
            DASHBOARD,
            {"period_from": "2026-03-06", "period_to": "2026-03-01"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )

    assert response.status_code == 400
    assert "The period must start" not in response.content.decode()
    assert "统计期" in response.content.decode()


def test_the_refresh_interval_comes_from_the_settings(client: Client, crew: Crew, settings: object) -> None:
    settings.YEKUO_DASHBOARD_REFRESH_SECONDS = 2  # type: ignore[attr-defined]
    client.force_login(crew[Role.UNIT_HEAD].account)

    assert 'hx-trigger="every 2s"' in client.get(DASHBOARD).content.decode()
