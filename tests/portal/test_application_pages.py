"""Applying, uploading, submitting and following an application in the portal; nobody else gets in."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.applications.sample_files import EXECUTABLE, HTML_PAGE, png_bytes, upload
from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew
from yekuo.applications.choices import ApplicationStatus, VoltageLevel
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role


def apply_for_household(client: Client, customer: Customer, **overrides: object) -> Application:
    fields = {
        "business_type": "new_connection",
        "category": "low_voltage_residential",
        "requested_capacity_kva": "8",
        "premises_address": "南京市江宁区东山街道竹山路18号 2-301",
        "supply_station": customer.service_unit_id,
    } | overrides
    response = client.post(reverse("portal:apply"), fields)
    assert response.status_code == 302, response.content.decode()
    return Application.objects.get(customer=customer)


@pytest.fixture
def logged_in(client: Client, household: Customer) -> Client:
    client.force_login(household.account)
    return client


def test_a_household_applies_uploads_its_identity_card_submits_and_sees_the_timeline(
    logged_in: Client, household: Customer, crew: Crew, upload_directory: Path
) -> None:
    form = logged_in.get(reverse("portal:apply"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Only your identity document is needed (一证办)" in form

    application = apply_for_household(logged_in, household)
    assert application.voltage_level == VoltageLevel.V220
    assert application.channel == "online"
    draft_page = logged_in.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert "Identity document of the applicant" in draft_page
    assert "Missing" in draft_page

    uploaded = logged_in.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "identity_document", "file": upload("身份证.png", png_bytes(), "image/png")},
    )
    assert uploaded.status_code == 302
    document = ApplicationDocument.objects.get(application=application)
    served = logged_in.get(reverse("portal:document_file", args=[document.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_bytes()  # type: ignore[attr-defined]

    submitted = logged_in.post(reverse("portal:submit", args=[application.pk]))
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE

    page = logged_in.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert application.number in page
    assert "Acceptance" in page
    assert "In progress" in page
    assert "working day" in page
    assert "Metering and energisation" in page
    assert "Not started" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("申请表.pdf", EXECUTABLE, id="exe-as-pdf"),
        pytest.param("照片.png", HTML_PAGE, id="html-as-png"),
    ],
)
def test_a_disguised_upload_is_refused_with_a_clear_message(
    logged_in: Client, household: Customer, crew: Crew, name: str, content: bytes
) -> None:
    application = apply_for_household(logged_in, household)

    response = logged_in.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "identity_document", "file": upload(name, content, "application/pdf")},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_bad_input_on_the_application_form_is_refused(logged_in: Client, household: Customer) -> None:
    cases = [
        {"category": "low_voltage_residential", "requested_capacity_kva": "500"},
        {"category": "bogus", "requested_capacity_kva": "8"},
        {"category": "low_voltage_residential", "requested_capacity_kva": "abc"},
        {
            "category": "low_voltage_residential",
            "requested_capacity_kva": "8",
            "premises_address": "x" * 5000,
        },
        {"category": "low_voltage_residential", "requested_capacity_kva": "8", "supply_station": "999999"},
    ]
    for case in cases:
        fields = {
            "business_type": "new_connection",
            "premises_address": "南京",
            "supply_station": household.service_unit_id,
        } | case
        response = logged_in.post(reverse("portal:apply"), fields)
        assert response.status_code == 400, case
    assert not Application.objects.exists()


def test_markup_in_the_address_is_shown_as_text(logged_in: Client, household: Customer) -> None:
    application = apply_for_household(logged_in, household, premises_address="<img src=x onerror=alert(1)>")

    page = logged_in.get(reverse("portal:application", args=[application.pk])).content.decode()

    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_another_customer_gets_404_everywhere_and_nothing_changes(
    client: Client, household: Customer, organisation: OrganisationTree, crew: Crew
) -> None:
    client.force_login(household.account)
    application = apply_for_household(client, household)
    client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "identity_document", "file": upload("id.png", png_bytes(), "image/png")},
    )
    document = ApplicationDocument.objects.get()
    neighbour = person_customer(service_unit=organisation.station_east)
    client.force_login(neighbour.account)
    events_before = Event.objects.count()

    gets = [
        reverse("portal:application", args=[application.pk]),
        reverse("portal:document_file", args=[document.pk]),
    ]
    for address in gets:
        assert client.get(address).status_code == 404
    posts = {
        "portal:document_upload": {"kind": "other", "file": upload("x.png", png_bytes(), "image/png")},
        "portal:submit": {},
        "portal:withdraw": {"reason": "恶意撤销"},
        "portal:scheme_answer": {"answer": "confirmed"},
        "portal:documents_supplied": {},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[application.pk]), data).status_code == 404, name

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert ApplicationDocument.objects.count() == 1
    assert Event.objects.count() == events_before


def test_staff_get_403_on_customer_pages(client: Client, household: Customer, crew: Crew) -> None:
    client.force_login(household.account)
    application = apply_for_household(client, household)
    client.force_login(crew[Role.INTAKE_CLERK].account)

    assert client.get(reverse("portal:application", args=[application.pk])).status_code == 403
    assert client.get(reverse("portal:apply")).status_code == 403
    assert client.post(reverse("portal:submit", args=[application.pk])).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_customer_withdraws_a_submitted_application(
    logged_in: Client, household: Customer, crew: Crew
) -> None:
    application = apply_for_household(logged_in, household)
    logged_in.post(reverse("portal:submit", args=[application.pk]))

    empty = logged_in.post(reverse("portal:withdraw", args=[application.pk]), {"reason": ""})
    assert empty.status_code == 400
    done = logged_in.post(reverse("portal:withdraw", args=[application.pk]), {"reason": "不再需要"})

    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED


def test_the_customer_withdraws_a_draft_from_its_page(
    logged_in: Client, household: Customer, crew: Crew
) -> None:
    application = apply_for_household(logged_in, household)
    page = logged_in.get(reverse("portal:application", args=[application.pk])).content.decode()
    assert reverse("portal:withdraw", args=[application.pk]) in page

    done = logged_in.post(reverse("portal:withdraw", args=[application.pk]), {"reason": "填错了"})

    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED
    after = logged_in.get(reverse("portal:application", args=[application.pk]))
    assert after.status_code == 200
    assert reverse("portal:withdraw", args=[application.pk]) not in after.content.decode()


def test_an_important_power_user_says_so_when_applying(
    client: Client, factory_owner: Customer, crew: Crew
) -> None:
    client.force_login(factory_owner.account)
    form = client.get(reverse("portal:apply"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Important power user" in form

    application = apply_for_household(
        client,
        factory_owner,
        category="high_voltage_multiple_supply",
        requested_capacity_kva="2500",
        is_important_customer="on",
    )

    assert application.is_important_customer
    assert application.voltage_level != VoltageLevel.V220


def test_an_application_is_not_important_unless_the_box_is_ticked(
    logged_in: Client, household: Customer
) -> None:
    assert not apply_for_household(logged_in, household).is_important_customer
