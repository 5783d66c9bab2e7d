"""Evidence for a clock stop: staff attach files when they ask for the stop, checked by content like the
customer's documents; the unit head sees and opens them on the approval queue, and staff who may see the
application on its pages. Evidence is staff-internal: customers and other units never get the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.applications.sample_files import EXECUTABLE, HTML_PAGE, pdf_bytes, png_bytes, upload
from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from tests.workflow.database_state import database_state
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopEvidence, ClockStopReason, WorkItem


@pytest.fixture(autouse=True)
def upload_directory(tmp_path: Path, settings: Settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def surveyor(crew: Crew) -> Staff:
    return crew[Role.SURVEYOR]


@pytest.fixture
def survey_item(workload: Workload) -> WorkItem:
    return workload.item(workload.east_survey)


def stored_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file()) if directory.exists() else []


def request_stop(
    client: Client, item: WorkItem, files: list[Any], explanation: str = "客户书面申请暂缓"
) -> Any:
    return client.post(
        reverse("workbench:work_item_clock_stop_request", args=[item.pk]),
        {
            "clock_stop-reason": ClockStopReason.CUSTOMER_REQUEST,
            "clock_stop-explanation": explanation,
            "clock_stop-evidence": files,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_worker_attaches_two_files_and_the_event_records_them(
    client: Client, surveyor: Staff, survey_item: WorkItem, upload_directory: Path
) -> None:
    client.force_login(surveyor.account)

    response = request_stop(
        client,
        survey_item,
        [upload("客户申请函.pdf", pdf_bytes(), "application/pdf"), upload("现场.png", png_bytes())],
    )

    assert response.status_code == 302
    stop = ClockStop.objects.get(work_item=survey_item)
    evidence = list(stop.evidence_files.order_by("pk"))
    assert [(file.original_name, file.file_type) for file in evidence] == [
        ("客户申请函.pdf", "pdf"),
        ("现场.png", "png"),
    ]
    assert all(file.uploaded_by == surveyor.account for file in evidence)
    assert len(stored_files(upload_directory)) == 2
    assert "客户申请函" not in str(stored_files(upload_directory)[0])  # a random name on disk
    event = Event.objects.get(kind=WorkflowEvent.CLOCK_STOP_REQUESTED)
    assert event.new_values["evidence"] == [
        {"evidence": file.pk, "file_type": file.file_type, "size": file.size} for file in evidence
    ]


def test_a_request_without_evidence_is_still_accepted(
    client: Client, surveyor: Staff, survey_item: WorkItem
) -> None:
    client.force_login(surveyor.account)

    assert request_stop(client, survey_item, []).status_code == 302
    assert ClockStop.objects.get(work_item=survey_item).evidence_files.count() == 0


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            [upload("ok.png", png_bytes()), upload("letter.pdf", EXECUTABLE)],
            "Upload a PDF, JPEG or PNG file; this file is none of them or is damaged.",
            id="executable-disguised-as-pdf",
        ),
        pytest.param(
            [upload("photo.png", HTML_PAGE, "image/png")],
            "Upload a PDF, JPEG or PNG file; this file is none of them or is damaged.",
            id="web-page-disguised-as-png",
        ),
        pytest.param(
            [upload(f"{number}.png", png_bytes()) for number in range(6)],
            "Attach at most 5 evidence files.",
            id="six-files",
        ),
    ],
)
def test_bad_evidence_refuses_the_whole_request_and_stores_nothing(
    client: Client,
    *,
    surveyor: Staff,
    survey_item: WorkItem,
    upload_directory: Path,
    files: list[Any],
    message: str,
) -> None:
    client.force_login(surveyor.account)
    before = database_state()

    response = request_stop(client, survey_item, files, explanation="<script>alert(1)</script>")

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "<script>alert(1)</script>" not in content  # the kept input comes back escaped
    assert database_state() == before
    assert not ClockStopEvidence.objects.exists()
    assert stored_files(upload_directory) == []


def test_an_oversized_evidence_file_is_refused(
    client: Client, surveyor: Staff, survey_item: WorkItem, settings: Settings, upload_directory: Path
) -> None:
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 100
    client.force_login(surveyor.account)
    before = database_state()

    response = request_stop(client, survey_item, [upload("big.png", png_bytes(200, 200))])

    assert response.status_code == 400
    assert "The file is larger than 100\xa0bytes." in response.content.decode()
    assert database_state() == before
    assert stored_files(upload_directory) == []


@pytest.fixture
def stop_with_evidence(client: Client, surveyor: Staff, survey_item: WorkItem) -> ClockStop:
    client.force_login(surveyor.account)
    assert request_stop(client, survey_item, [upload("申请函.png", png_bytes(3, 3))]).status_code == 302
    client.logout()
    return ClockStop.objects.get(work_item=survey_item)


def evidence_url(stop: ClockStop) -> str:
    return reverse("workbench:clock_stop_evidence_file", args=[stop.evidence_files.get().pk])


def test_the_approver_sees_and_opens_the_evidence(
    client: Client, crew: Crew, stop_with_evidence: ClockStop
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    url = evidence_url(stop_with_evidence)

    for page in [
        reverse("workbench:clock_stop_queue"),
        reverse("workbench:work_item", args=[stop_with_evidence.work_item_id]),
        reverse("workbench:application_detail", args=[stop_with_evidence.application_id]),
    ]:
        content = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'href="{url}"' in content, page
        assert "申请函.png" in content

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes(3, 3)  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_others_never_get_the_evidence(
    client: Client, organisation: OrganisationTree, household: Customer, stop_with_evidence: ClockStop
) -> None:
    url = evidence_url(stop_with_evidence)

    assert client.get(url).status_code == 302  # anonymous: to the staff log-in
    client.force_login(persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account)
    assert client.get(url).status_code == 404
    client.force_login(stop_with_evidence.application.customer.account)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    missing = reverse("workbench:clock_stop_evidence_file", args=[999_999])
    client.force_login(persona_for(Role.UNIT_HEAD, organisation.county_east, ".other").account)
    assert client.get(missing).status_code == 404


def test_the_customer_sees_the_stop_and_its_reason_but_not_the_files(
    client: Client, crew: Crew, stop_with_evidence: ClockStop
) -> None:
    services.clock_stop_decide(
        actor=crew[Role.UNIT_HEAD].account, clock_stop_id=stop_with_evidence.pk, approve=True
    )
    client.force_login(stop_with_evidence.application.customer.account)

    content = client.get(
        reverse("portal:application", args=[stop_with_evidence.application_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "客户书面申请暂缓" in content
    assert "申请函.png" not in content
    assert evidence_url(stop_with_evidence) not in content
