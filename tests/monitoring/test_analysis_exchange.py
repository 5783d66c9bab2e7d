"""Export of the viewer's selection and import of another system's log from the analysis page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.analytics.conftest import Households, two_households
from tests.conftest import OrganisationTree, persona_for
from tests.workflow.conftest import Crew
from yekuo.analytics.selectors import LogSelection, directly_follows_graph, imported_logs, variants
from yekuo.events.models import Event
from yekuo.org.roles import Role

__all__ = ["two_households"]
pytestmark = pytest.mark.django_db
ANALYSIS = reverse("monitoring_analysis:analysis")
EXPORT = reverse("monitoring_analysis:export")
IMPORT = reverse("monitoring_analysis:import")
SMALL_LOG = (
    "case:concept:name,concept:name,time:timestamp,org:resource\n"
    "c1,register,2024-01-01T08:00:00+00:00,ann\n"
    "c1,check,2024-01-01T10:00:00+00:00,bob\n"
    "c1,decide,2024-01-02T10:00:00+00:00,ann\n"
    "c2,register,2024-01-03T08:00:00+00:00,ann\n"
    "c2,decide,2024-01-03T09:00:00+00:00,bob\n"
)


@pytest.fixture(autouse=True)
def analytics_database(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.ANALYTICS_DATABASE = path
    return path


def upload(text: str, name: str = "old-system.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def administrator(client: Client, organisation: OrganisationTree) -> Client:
    client.force_login(persona_for(Role.ADMINISTRATOR, organisation.province).account)
    return client


def test_an_administrator_imports_a_log_and_analyses_it_on_the_same_page(administrator: Client) -> None:
    response = administrator.post(IMPORT, {"name": "old-system", "log_file": upload(SMALL_LOG)})

    assert response.status_code == 302
    assert [log.name for log in imported_logs()] == ["old-system"]
    page = administrator.get(ANALYSIS, {"log": "old-system"})
    assert page.status_code == 200
    selection = LogSelection(name="old-system")
    report = page.context["report"]
    assert report.graph == directly_follows_graph(selection)
    assert (report.graph.cases, report.graph.events, report.graph.start) == (2, 5, {"register": 2})
    assert report.variants == variants(selection, limit=10)
    assert report.conformance is None
    assert "old-system" in page.content.decode()


def test_a_mapping_names_other_columns(administrator: Client) -> None:
    text = "Ticket,Step,When\nT1,open,2024-02-01 09:00:00\nT1,close,2024-02-01 10:00:00\n"

    response = administrator.post(
        IMPORT,
        {
            "name": "tickets",
            "log_file": upload(text),
            "case": "Ticket",
            "activity": "Step",
            "timestamp": "When",
        },
    )

    assert response.status_code == 302
    graph = directly_follows_graph(LogSelection(name="tickets"))
    assert [(edge.source, edge.target, edge.count, edge.mean_seconds) for edge in graph.edges] == [
        ("open", "close", 1, 3600)
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "log_file": upload(SMALL_LOG, "log.txt")}, "Upload a .csv or .xes file."),
        ({"name": "live", "log_file": upload(SMALL_LOG)}, "live log"),
        ({"name": "bad name!", "log_file": upload(SMALL_LOG)}, "Log name"),
        ({"name": "x", "log_file": upload(SMALL_LOG), "case": "Nope"}, "Unknown column"),
        ({"name": "x", "log_file": upload("case_id,activity,timestamp\nc1,a,not a time\n")}, "timestamp"),
        ({"name": "x"}, "CSV or XES file"),
    ],
)
def test_a_bad_upload_is_refused_with_its_reason_and_imports_nothing(
    administrator: Client, data: dict[str, object], message: str
) -> None:
    events_before = Event.objects.count()

    response = administrator.post(IMPORT, data, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert imported_logs() == []
    assert Event.objects.count() == events_before


def test_a_file_over_the_limit_is_refused(administrator: Client, settings: Settings) -> None:
    settings.ANALYTICS_IMPORT_MAXIMUM_BYTES = 100

    response = administrator.post(IMPORT, {"name": "big", "log_file": upload(SMALL_LOG)})

    assert response.status_code == 400
    assert imported_logs() == []


def test_importing_is_for_administrators_and_auditors(client: Client, crew: Crew) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"name": "x", "log_file": upload(SMALL_LOG)}).status_code == 403
    client.force_login(crew[Role.AUDITOR].account)
    assert client.get(IMPORT).status_code == 200


def test_the_export_holds_only_the_viewers_cases_and_is_recorded(
    client: Client, crew: Crew, organisation: OrganisationTree, two_households: Households
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(EXPORT, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert len(rows) == 9
    assert Event.objects.filter(kind="analytics.log_exported", actor=crew[Role.UNIT_HEAD].account).exists()
    client.force_login(persona_for(Role.UNIT_HEAD, organisation.station_west).account)
    west = client.get(EXPORT, {"format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(b"".join(west.streaming_content).decode())))) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("export_format", ["xes", "parquet"])
def test_other_formats_download(
    client: Client, crew: Crew, two_households: Households, export_format: str
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)

    response = client.get(EXPORT, {"format": export_format})

    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"<?xml" if export_format == "xes" else b"PAR1")


def test_bad_export_requests(client: Client, crew: Crew, administrator: Client) -> None:
    administrator.post(IMPORT, {"name": "old-system", "log_file": upload(SMALL_LOG)})
    assert administrator.get(EXPORT, {"format": "pdf"}).status_code == 400
    assert administrator.get(EXPORT, {"format": "csv", "log": "missing"}).status_code == 404
    assert administrator.get(EXPORT, {"format": "csv", "log": "old-system"}).status_code == 200
    client.force_login(crew[Role.UNIT_HEAD].account)
    assert client.get(EXPORT, {"format": "csv", "log": "old-system"}).status_code == 404


def test_a_second_log_of_the_same_name_needs_replace(administrator: Client) -> None:
    administrator.post(IMPORT, {"name": "old-system", "log_file": upload(SMALL_LOG)})
    shorter = "\n".join(SMALL_LOG.splitlines()[:3]) + "\n"

    refused = administrator.post(
        IMPORT, {"name": "old-system", "log_file": upload(shorter)}, headers={"accept-language": "en"}
    )
    replace = {"name": "old-system", "log_file": upload(shorter), "replace": "on"}
    replaced = administrator.post(IMPORT, replace)

    assert refused.status_code == 400
    assert "exists already" in refused.content.decode()
    assert replaced.status_code == 302
    assert [(log.name, log.events) for log in imported_logs()] == [("old-system", 2)]
