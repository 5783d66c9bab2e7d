"""The process map's data: a readable layout of the definition, live counts, median times, frequencies."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.monitoring.conftest import Scenario
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role
from yekuo.workflow.models import ProcessDefinition, StageDefinition


def residential_definition() -> ProcessDefinition:
    return ProcessDefinition.objects.get(code="low_voltage_residential.new_connection")


def test_nodes_show_open_items_median_stage_time_and_tone(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    definition = residential_definition()

    data = client.get(reverse("monitoring:process_map", args=[definition.pk])).json()

    nodes = {node["id"]: node for node in data["nodes"]}
    assert list(nodes) == ["acceptance", "metering_and_energisation", "archiving", "return_visit"]
    assert (nodes["acceptance"]["open"], nodes["acceptance"]["overdue"], nodes["acceptance"]["tone"]) == (
        1,
        1,
        "overdue",
    )
    assert nodes["acceptance"]["median_days"] == 0.0  # both accepted at once
    # Opened Mon 09:00, completed Wed 10:00 and Fri 10:00: the median is 3 days and 1 hour.
    assert nodes["metering_and_energisation"]["median_days"] == 3.0
    assert nodes["metering_and_energisation"]["tone"] == "idle"
    assert nodes["archiving"]["url"].startswith("/workbench/applications/?")
    assert "stage=archiving" in nodes["archiving"]["url"]
    edges = {(edge["source"], edge["target"], edge["return"]): edge["count"] for edge in data["edges"]}
    assert edges == {
        ("acceptance", "metering_and_energisation", False): 2,
        ("metering_and_energisation", "archiving", False): 2,
        ("metering_and_energisation", "return_visit", False): 2,
        ("metering_and_energisation", "acceptance", True): 0,
    }


def test_the_layout_runs_left_to_right_with_parallel_stages_stacked(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    definition = residential_definition()

    data = client.get(reverse("monitoring:process_map", args=[definition.pk])).json()

    positions = {node["id"]: (node["x"], node["y"]) for node in data["nodes"]}
    assert positions == {
        "acceptance": (0, 0),
        "metering_and_energisation": (1, 0),
        "archiving": (2, 0),
        "return_visit": (2, 1),
    }


def test_every_shipped_definition_gets_distinct_places(client: Client, crew: Crew) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    for definition in ProcessDefinition.objects.all():
        data = client.get(reverse("monitoring:process_map", args=[definition.pk])).json()
        places = [(node["x"], node["y"]) for node in data["nodes"]]
        assert (
            len(set(places)) == len(places) == StageDefinition.objects.filter(definition=definition).count()
        )
        assert max(y for _, y in places) <= 3  # a few tracks, never a tall stack


def test_the_busiest_definition_is_shown_first_and_another_on_request(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(reverse("monitoring:dashboard"))

    choices = [
        (choice.definition.code, choice.open_work_items) for choice in response.context["definition_choices"]
    ]
    assert choices[:2] == [
        ("high_voltage_single_supply.new_connection", 1),
        ("low_voltage_residential.new_connection", 1),
    ]
    assert response.context["chosen_definition"].code == "high_voltage_single_supply.new_connection"
    wanted = {"definition": residential_definition().pk}
    assert (
        client.get(reverse("monitoring:dashboard"), wanted).context["chosen_definition"]
        == residential_definition()
    )


def test_the_map_of_another_unit_or_an_unknown_definition_is_404(
    client: Client, crew: Crew, organisation: OrganisationTree, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    definition = residential_definition()

    assert client.get(reverse("monitoring:process_map", args=[999_999])).status_code == 404
    foreign = {"unit": organisation.station_west.pk}
    assert client.get(reverse("monitoring:process_map", args=[definition.pk]), foreign).status_code == 404
    bad = client.get(reverse("monitoring:process_map", args=[definition.pk]), {"period_to": "x"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_filters"


def test_the_map_counts_only_the_viewers_units(
    client: Client, crew: Crew, organisation: OrganisationTree, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    data = client.get(reverse("monitoring:process_map", args=[residential_definition().pk])).json()

    assert sum(node["open"] for node in data["nodes"]) == 1  # the western application is not counted
