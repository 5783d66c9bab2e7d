"""Customers create, document, submit, track and withdraw their applications through the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.applications.sample_files import EXECUTABLE, HTML_PAGE, pdf_bytes, png_bytes, upload
from tests.workflow.conftest import Crew
from yekuo.accounts.models import User
from yekuo.api.services import api_token_issue
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.org.roles import Role

BASE = "/api/v1/customer/applications"
HOUSEHOLD = {
    "business_type": "new_connection",
    "category": "low_voltage_residential",
    "requested_capacity_kva": "8",
    "premises_address": "南京市江宁区东山街道竹山路18号",
}


@pytest.fixture(autouse=True)
def uploads(tmp_path: Path, settings: Settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


class Caller:
    def __init__(self, user: User) -> None:
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user, name='app')}"}
        self.client = Client()

    def get(self, path: str) -> Any:
        return self.client.get(path, **self.headers)

    def post_json(self, path: str, body: object) -> Any:
        return self.client.post(path, json.dumps(body), content_type="application/json", **self.headers)

    def post_form(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(path, data, **self.headers)


def test_a_customer_applies_uploads_submits_and_tracks(household: Customer, crew: Crew) -> None:
    caller = Caller(household.account)

    created = caller.post_json(BASE, HOUSEHOLD)
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    assert created.json()["status"] == "draft"

    uploaded = caller.post_form(
        f"{BASE}/{application_id}/documents",
        {"kind": "identity_document", "file": upload("id.pdf", pdf_bytes(), "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["kind"] == "identity_document"

    submitted = caller.post_json(f"{BASE}/{application_id}/submit", {})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "active"
    assert submitted.json()["number"]

    tracking = caller.get(f"{BASE}/{application_id}/tracking")
    assert tracking.status_code == 200
    steps = tracking.json()["steps"]
    assert [step["stage"] for step in steps] == [
        "acceptance",
        "metering_and_energisation",
        "archiving",
        "return_visit",
    ]
    assert steps[0]["state"] == "in_progress"
    assert steps[0]["working_days_left"] is not None

    withdrawn = caller.post_json(f"{BASE}/{application_id}/withdraw", {"reason": "不需要了"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == ApplicationStatus.CANCELLED


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({**HOUSEHOLD, "requested_capacity_kva": "abc"}, id="capacity-not-a-number"),
        pytest.param({**HOUSEHOLD, "requested_capacity_kva": "1e400"}, id="capacity-huge"),
        pytest.param({**HOUSEHOLD, "premises_address": "x" * 100_000}, id="address-huge"),
        pytest.param({**HOUSEHOLD, "category": "<script>"}, id="category-markup"),
        pytest.param({**HOUSEHOLD, "requested_capacity_kva": "500"}, id="household-too-large"),
        pytest.param({**HOUSEHOLD, "supply_station_id": 2**70}, id="station-id-huge"),
        pytest.param({**HOUSEHOLD, "supply_station_id": 999999}, id="station-unknown"),
        pytest.param({"category": 5}, id="wrong-types"),
        pytest.param([1, 2], id="not-an-object"),
    ],
)
def test_bad_input_gets_4xx_json_and_nothing_is_stored(household: Customer, body: object) -> None:
    response = Caller(household.account).post_json(BASE, body)

    assert 400 <= response.status_code < 500
    assert set(response.json()) >= {"code", "message"}
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [pytest.param("a.pdf", EXECUTABLE, id="exe-as-pdf"), pytest.param("a.png", HTML_PAGE, id="html-as-png")],
)
def test_disguised_uploads_are_refused(household: Customer, name: str, content: bytes) -> None:
    caller = Caller(household.account)
    application_id = caller.post_json(BASE, HOUSEHOLD).json()["id"]

    response = caller.post_form(
        f"{BASE}/{application_id}/documents", {"kind": "identity_document", "file": upload(name, content)}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "file_type_not_accepted"
    assert not ApplicationDocument.objects.exists()


def test_an_oversized_upload_is_refused(household: Customer, settings: Settings) -> None:
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 100
    caller = Caller(household.account)
    application_id = caller.post_json(BASE, HOUSEHOLD).json()["id"]

    response = caller.post_form(
        f"{BASE}/{application_id}/documents",
        {"kind": "identity_document", "file": upload("a.png", png_bytes(200, 200), "image/png")},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"


def test_another_customer_gets_404_and_nothing_changes(household: Customer, crew: Crew) -> None:
    owner = Caller(household.account)
    application_id = owner.post_json(BASE, HOUSEHOLD).json()["id"]
    stranger = Caller(person_customer(service_unit=household.service_unit).account)

    assert stranger.get(f"{BASE}/{application_id}/tracking").status_code == 404
    assert stranger.post_json(f"{BASE}/{application_id}/submit", {}).status_code == 404
    assert stranger.post_json(f"{BASE}/{application_id}/withdraw", {"reason": "x"}).status_code == 404
    assert (
        stranger.post_form(
            f"{BASE}/{application_id}/documents",
            {"kind": "other", "file": upload("a.png", png_bytes(), "image/png")},
        ).status_code
        == 404
    )
    application = Application.objects.get(pk=application_id)
    assert application.status == ApplicationStatus.DRAFT
    assert not ApplicationDocument.objects.exists()


def test_staff_cannot_use_the_customer_endpoints(household: Customer, crew: Crew) -> None:
    application_id = Caller(household.account).post_json(BASE, HOUSEHOLD).json()["id"]
    clerk = Caller(crew[Role.INTAKE_CLERK].account)

    created = clerk.post_json(BASE, HOUSEHOLD)
    submitted = clerk.post_json(f"{BASE}/{application_id}/submit", {})

    assert created.status_code == 403
    assert created.json()["code"] == "customer_only"
    assert submitted.status_code == 403
    assert Application.objects.count() == 1
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_customers_cannot_use_the_staff_work_endpoints(household: Customer) -> None:
    response = Caller(household.account).get("/api/v1/work-items")

    assert response.status_code == 403


def test_an_important_power_user_says_so_through_the_api(factory_owner: Customer) -> None:
    caller = Caller(factory_owner.account)
    body = HOUSEHOLD | {
        "category": "high_voltage_multiple_supply",
        "requested_capacity_kva": "2500",
        "is_important_customer": True,
    }

    created = caller.post_json(BASE, body)

    assert created.status_code == 201, created.content
    assert Application.objects.get(pk=created.json()["id"]).is_important_customer
    assert caller.post_json(BASE, body | {"is_important_customer": "perhaps"}).status_code in (400, 422)


def test_a_customer_withdraws_a_draft_through_the_api(household: Customer, crew: Crew) -> None:
    caller = Caller(household.account)
    application_id = caller.post_json(BASE, HOUSEHOLD).json()["id"]

    withdrawn = caller.post_json(f"{BASE}/{application_id}/withdraw", {"reason": "填错了，重新申请"})

    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["status"] == ApplicationStatus.CANCELLED
    again = caller.post_json(f"{BASE}/{application_id}/withdraw", {"reason": "再撤一次"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_closed"
    assert caller.get(f"{BASE}/{application_id}/tracking").status_code == 200
