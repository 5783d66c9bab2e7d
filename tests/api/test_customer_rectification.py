"""Through the API, as in the portal: the customer reports a failed inspection's defects rectified."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.api.test_customer_applications import BASE, Caller
from tests.applications.sample_files import HTML_PAGE, pdf_bytes, upload
from tests.workbench.test_work_item_page import at_completion_inspection, at_customer_construction
from tests.workbench.test_work_item_resume import rectifying
from tests.workflow.conftest import Crew
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopStatus, WorkItem

__all__ = ["at_completion_inspection", "at_customer_construction", "rectifying"]


@pytest.fixture(autouse=True)
def uploads(tmp_path: Path, settings: Settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


def url(item: WorkItem) -> str:
    return f"{BASE}/{item.application_id}/rectification"


def test_the_customer_reports_rectification_with_a_pdf(crew: Crew, rectifying: WorkItem) -> None:
    caller = Caller(Application.objects.get(pk=rectifying.application_id).customer.account)

    response = caller.post_form(
        url(rectifying), {"note": "已整改", "file": upload("report.pdf", pdf_bytes(), "application/pdf")}
    )

    assert response.status_code == 201, response.content
    assert response.json()["note"] == "已整改"
    assert response.json()["files"] == 1
    assert response.json()["work_item_id"] == rectifying.pk
    staff = Caller(crew[Role.INSPECTOR].account)
    detail = staff.get(f"/api/v1/work-items/{rectifying.pk}")
    assert [stop["rectification_note"] for stop in detail.json()["clock_stops"]] == ["已整改"]
    again = caller.post_form(url(rectifying), {"note": "again"})
    assert again.status_code == 409
    assert again.json()["code"] == "rectification_declared"


def test_bad_files_and_strangers_change_nothing(
    crew: Crew, rectifying: WorkItem, household: Customer
) -> None:
    owner = Caller(Application.objects.get(pk=rectifying.application_id).customer.account)

    disguised = owner.post_form(url(rectifying), {"file": upload("photo.pdf", HTML_PAGE, "application/pdf")})
    stranger = Caller(household.account).post_form(url(rectifying), {"note": "x"})
    staff = Caller(crew[Role.INSPECTOR].account).post_form(url(rectifying), {"note": "x"})

    assert disguised.status_code == 400
    assert disguised.json()["code"] == "file_type_not_accepted"
    assert stranger.status_code == 404
    assert staff.status_code == 403
    stop = ClockStop.objects.get(work_item=rectifying, status=ClockStopStatus.ACTIVE)
    assert stop.rectification_declared_at is None
    assert not stop.evidence_files.exists()
    assert not Event.objects.filter(kind=WorkflowEvent.RECTIFICATION_DECLARED).exists()
