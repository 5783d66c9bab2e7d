"""The analysis page: who may see which log over which units, what bad choices get, and that the figures
shown are the analytics selectors' figures for the viewer's selection."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.analytics.conftest import ACCEPTANCE, METERING, Households, two_households
from tests.conftest import OrganisationTree, persona_for
from tests.workflow.conftest import Crew
from yekuo.analytics import store
from yekuo.analytics.errors import AnalyticsBusy
from yekuo.analytics.selectors import (
    LogSelection,
    directly_follows_graph,
    off_system_signals,
    rework,
    stage_durations,
)
from yekuo.analytics.sync import live_log_sync
from yekuo.monitoring import analysis_views
from yekuo.org.roles import Role

__all__ = ["two_households"]
pytestmark = pytest.mark.django_db
ANALYSIS = reverse("monitoring_analysis:analysis")


@pytest.fixture(autouse=True)
def analytics_database(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.ANALYTICS_DATABASE = path
    return path


def test_a_county_head_sees_the_selectors_figures_for_the_county(
    client: Client, crew: Crew, organisation: OrganisationTree, two_households: Households
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(ANALYSIS)

    assert response.status_code == 200
    county = LogSelection(unit_paths=(organisation.county_east.path,))
    report = response.context["report"]
    assert report.graph == directly_follows_graph(county)
    assert (report.graph.cases, report.graph.events) == (2, 9)
    assert report.durations == stage_durations(county)
    assert report.rework == rework(county)
    chart = response.context["chart"]
    assert {(edge["source"], edge["target"]): edge["count"] for edge in chart["edges"]} == {
        (edge.source, edge.target): edge.count for edge in report.graph.edges
    }
    assert {node["name"]: node["count"] for node in chart["nodes"]}[ACCEPTANCE] == 3


def test_every_signal_and_return_lists_the_applications_behind_it(
    client: Client, crew: Crew, two_households: Households
) -> None:
    straight, returned = two_households
    straight.refresh_from_db()
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(ANALYSIS)

    report = response.context["report"]
    fast = report.fast_completions
    assert [(row.row.stage, row.cases[0].label) for row in fast] == [(METERING, straight.number)]
    assert off_system_signals(LogSelection()).fast_completions[0].case_id == str(straight.pk)
    [reason] = report.return_reasons
    assert reason.row.reason == "表计型号与方案不符"
    detail = reverse("workbench:application_detail", args=[returned.pk])
    assert [case.url for case in reason.cases] == [detail]
    page = response.content.decode()
    assert f'href="{detail}"' in page
    assert "表计型号与方案不符" in page


def test_another_unit_sees_none_of_it_and_a_foreign_unit_is_404(
    client: Client, organisation: OrganisationTree, two_households: Households
) -> None:
    client.force_login(persona_for(Role.UNIT_HEAD, organisation.station_west).account)

    response = client.get(ANALYSIS)

    assert response.status_code == 200
    assert response.context["report"].graph.cases == 0
    two_households[0].refresh_from_db()
    assert two_households[0].number not in response.content.decode()
    assert client.get(ANALYSIS, {"unit": organisation.station_east.pk}).status_code == 404
    export = reverse("monitoring_analysis:export")
    assert client.get(export, {"unit": organisation.station_east.pk, "format": "csv"}).status_code == 404


@pytest.mark.parametrize("role", [Role.INTAKE_CLERK, Role.SURVEYOR])
def test_working_roles_get_404_customers_403_visitors_the_log_in(
    client: Client, organisation: OrganisationTree, two_households: Households, role: Role
) -> None:
    export, upload = reverse("monitoring_analysis:export"), reverse("monitoring_analysis:import")
    assert client.get(ANALYSIS).status_code == 302
    assert client.get(export, {"format": "csv"}).status_code == 302
    client.force_login(two_households[0].customer.account)
    assert client.get(ANALYSIS).status_code == 403
    assert client.get(export, {"format": "csv"}).status_code == 403
    client.force_login(persona_for(role, organisation.county_east).account)
    assert client.get(ANALYSIS).status_code == 404
    assert client.get(export, {"format": "csv"}).status_code == 404
    assert client.get(upload).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"period_from": "2026-13-01"},
        {"period_from": "yesterday"},
        {"period_from": "2026-03-05", "period_to": "2026-03-01"},
        {"top": "0"},
        {"log": "../etc"},
    ],
)
def test_malformed_choices_get_400_with_the_reason(client: Client, crew: Crew, query: dict[str, str]) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(ANALYSIS, query)

    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    assert "report" not in response.context


def test_an_unknown_log_is_404_and_imported_logs_are_not_for_unit_heads(
    client: Client, crew: Crew, organisation: OrganisationTree
) -> None:
    client.force_login(persona_for(Role.ADMINISTRATOR, organisation.province).account)
    assert client.get(ANALYSIS, {"log": "nothing-here"}).status_code == 404
    client.force_login(crew[Role.UNIT_HEAD].account)
    assert client.get(ANALYSIS, {"log": "nothing-here"}).status_code == 404


def test_a_busy_store_is_answered_with_a_translated_message(
    client: Client, crew: Crew, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy() -> None:
        raise AnalyticsBusy("分析库正被其他进程使用")

    monkeypatch.setattr(analysis_views, "live_log_sync", busy)
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(ANALYSIS)

    assert response.status_code == 503
    assert "分析库正被其他进程使用" in response.content.decode()


HOLD_THE_FILE = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"
)


def test_a_file_held_by_another_process_gets_503_soon_and_a_clear_message(
    client: Client, crew: Crew, settings: Settings, analytics_database: Path
) -> None:
    settings.ANALYTICS_PAGE_WAIT_SECONDS = 0
    with store.connection():
        pass  # the file exists, with its schema
    holder = subprocess.Popen(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", HOLD_THE_FILE, str(analytics_database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        client.force_login(crew[Role.UNIT_HEAD].account)

        response = client.get(ANALYSIS, headers={"accept-language": "en"})
        export = client.get(reverse("monitoring_analysis:export"), {"format": "csv"})
    finally:
        holder.kill()
        holder.wait()

    assert response.status_code == 503
    assert "in use by another process" in response.content.decode()
    assert export.status_code == 503
    assert store._wait_seconds.get() is None  # the CLI and the worker still wait the full time


def test_the_page_reads_in_chinese(client: Client, crew: Crew, two_households: Households) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    page = client.get(ANALYSIS, headers={"accept-language": "zh-hans"}).content.decode()

    assert "流程分析" in page
    assert "业务受理" in page


def test_the_live_log_is_synced_when_the_page_is_read(
    client: Client, crew: Crew, organisation: OrganisationTree, two_households: Households
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    client.get(ANALYSIS)

    assert live_log_sync().events_copied == 0


def test_unit_and_period_choices_cut_the_selection(
    client: Client, crew: Crew, organisation: OrganisationTree, two_households: Households
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    station = client.get(ANALYSIS, {"unit": organisation.station_east.pk})
    later = client.get(ANALYSIS, {"period_from": "2026-04-01"})
    during = client.get(ANALYSIS, {"period_from": "2026-03-03", "period_to": "2026-03-03", "top": "1"})

    assert station.context["report"].graph.cases == 2
    assert later.context["report"].graph.cases == 0
    assert during.context["report"].graph.cases == 1  # only the returned one has an activity that day
    assert len(during.context["report"].variants) == 1
