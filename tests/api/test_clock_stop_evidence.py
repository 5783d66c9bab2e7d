"""Clock stop evidence through the API: a multipart request with the files, the stop's evidence listed for
staff, each file streamed after the access check; bad files refuse the whole request and store nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.applications.sample_files import EXECUTABLE, HTML_PAGE, pdf_bytes, png_bytes, upload
from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from tests.workflow.database_state import database_state
from yekuo.accounts.models import User
from yekuo.api.services import api_token_issue
from yekuo.org.roles import Role
from yekuo.workflow.models import ClockStop, ClockStopEvidence, WorkItem


@pytest.fixture(autouse=True)
def upload_directory(tmp_path: Path, settings: Settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return Path(settings.MEDIA_ROOT)


class Caller:
    def __init__(self, user: User) -> None:
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user, name='system')}"}
        self.client = Client()

    def get(self, path: str) -> Any:
        return self.client.get(path, **self.headers)

    def post_form(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(path, data, **self.headers)


def url_of(item: WorkItem) -> str:
    return f"/api/v1/work-items/{item.pk}/clock-stops/with-evidence"


def form(files: list[Any], reason: str = "customer_documents") -> dict[str, Any]:
    return {"reason": reason, "explanation": "客户资料待补，附客户回函", "evidence": files}


@pytest.fixture
def survey_item(workload: Workload) -> WorkItem:
    return workload.item(workload.east_survey)


def test_a_surveyor_requests_a_stop_with_two_files_and_the_head_fetches_them(
    crew: Crew, survey_item: WorkItem
) -> None:
    surveyor = Caller(crew[Role.SURVEYOR].account)

    response = surveyor.post_form(
        url_of(survey_item), form([upload("回函.pdf", pdf_bytes()), upload("现场.png", png_bytes())])
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(file["original_name"], file["file_type"]) for file in body["evidence"]] == [
        ("回函.pdf", "pdf"),
        ("现场.png", "png"),
    ]
    head = Caller(crew[Role.UNIT_HEAD].account)
    queue = head.get("/api/v1/clock-stops").json()
    assert [file["id"] for file in queue["items"][0]["evidence"]] == [file["id"] for file in body["evidence"]]
    fetched = head.get(f"/api/v1/clock-stop-evidence/{body['evidence'][0]['id']}/file")
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "application/pdf"
    assert b"".join(fetched.streaming_content) == pdf_bytes()


def test_no_files_is_a_stop_without_evidence(crew: Crew, survey_item: WorkItem) -> None:
    response = Caller(crew[Role.SURVEYOR].account).post_form(url_of(survey_item), form([]))

    assert response.status_code == 200, response.content
    assert response.json()["evidence"] == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(form([upload("a.pdf", EXECUTABLE)]), "file_type_not_accepted", id="executable-as-pdf"),
        pytest.param(form([upload("a.png", HTML_PAGE)]), "file_type_not_accepted", id="html-as-png"),
        pytest.param(
            form([upload(f"{number}.png", png_bytes()) for number in range(6)]), "too_many_files", id="six"
        ),
        pytest.param(form([upload("a.png", png_bytes())], reason="<b>x</b>"), "invalid_reason", id="reason"),
        pytest.param({"reason": "customer_documents"}, "invalid_input", id="no-explanation"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    crew: Crew, survey_item: WorkItem, upload_directory: Path, data: dict[str, Any], code: str
) -> None:
    before = database_state()

    response = Caller(crew[Role.SURVEYOR].account).post_form(url_of(survey_item), data)

    assert 400 <= response.status_code < 500
    assert response.json()["code"] == code
    assert "<b>" not in response.content.decode()
    assert database_state() == before
    assert not ClockStopEvidence.objects.exists()
    assert not upload_directory.exists() or not any(upload_directory.rglob("*.*"))


def test_an_oversized_file_is_refused(crew: Crew, survey_item: WorkItem, settings: Settings) -> None:
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 100

    response = Caller(crew[Role.SURVEYOR].account).post_form(
        url_of(survey_item), form([upload("big.png", png_bytes(200, 200))])
    )

    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert not ClockStop.objects.exists()


def test_other_units_and_customers_get_neither_the_request_nor_the_files(
    crew: Crew, organisation: OrganisationTree, survey_item: WorkItem
) -> None:
    stop = Caller(crew[Role.SURVEYOR].account).post_form(
        url_of(survey_item), form([upload("a.png", png_bytes())])
    )
    file_url = f"/api/v1/clock-stop-evidence/{stop.json()['evidence'][0]['id']}/file"
    west = Caller(persona_for(Role.SURVEYOR, organisation.county_west, ".west").account)
    west_head = Caller(persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account)
    customer = Caller(survey_item.application.customer.account)
    before = database_state()

    assert west.post_form(url_of(survey_item), form([upload("b.png", png_bytes())])).status_code == 404
    assert west_head.get(file_url).status_code == 404
    assert customer.get(file_url).status_code == 403
    assert customer.post_form(url_of(survey_item), form([])).status_code == 403
    assert Client().get(file_url).status_code == 401
    assert database_state() == before
    assert ClockStopEvidence.objects.count() == 1
