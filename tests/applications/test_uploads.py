"""Uploads are recognised by content, size-limited, stored under random names and seen only by those who
may see the application."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.applications.sample_files import (
    EXECUTABLE,
    HTML_PAGE,
    identity_scan,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)
from tests.conftest import OrganisationTree, persona_for
from yekuo.applications.document_services import (
    DOCUMENT_ADDED,
    application_document_add,
    document_get_for_user,
    missing_document_kinds,
)
from yekuo.applications.documents import DocumentKind
from yekuo.applications.factories import draft_application
from yekuo.applications.file_checks import FileType, detect_file_type
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.applications.uploads import clean_original_name
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.factories import person_customer
from yekuo.events.models import Event
from yekuo.org.roles import Role


@pytest.fixture
def household_draft(organisation: OrganisationTree) -> Application:
    customer = person_customer(service_unit=organisation.station_east)
    return draft_application(actor=customer.account, customer=customer)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(png_bytes(), FileType.PNG, id="png"),
        pytest.param(jpeg_bytes(), FileType.JPEG, id="jpeg"),
        pytest.param(pdf_bytes(), FileType.PDF, id="pdf"),
        pytest.param(EXECUTABLE, None, id="windows-executable"),
        pytest.param(HTML_PAGE, None, id="html"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", None, id="gif"),
        pytest.param(png_bytes()[:40], None, id="truncated-png"),
        pytest.param(png_bytes()[:19] + b"\x07" + png_bytes()[20:], None, id="png-with-bad-crc"),
        pytest.param(b"\xff\xd8\xff\xe0<script>", None, id="jpeg-header-then-markup"),
        pytest.param(b"%PDF-1.4\n<script>alert(1)</script>", None, id="pdf-header-without-body"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_files_are_recognised_by_their_content(content: bytes, expected: FileType | None) -> None:
    assert detect_file_type(content) == expected


def test_the_applicant_adds_a_document_stored_under_a_random_name_with_an_event(
    household_draft: Application, upload_directory: Path
) -> None:
    applicant = household_draft.customer.account

    document = application_document_add(
        actor=applicant,
        application_id=household_draft.pk,
        kind=DocumentKind.IDENTITY_DOCUMENT,
        uploaded=identity_scan("../../etc/身份证\x00.png"),
    )

    assert document.original_name == "身份证.png"
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".png")
    assert "身份证" not in document.file.name
    assert (upload_directory / document.file.name).read_bytes() == png_bytes()
    assert missing_document_kinds(household_draft) == []
    event = Event.objects.get(kind=DOCUMENT_ADDED)
    assert event.application_id == household_draft.pk
    assert event.new_values["file_type"] == "png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("contract.pdf", EXECUTABLE, id="exe-renamed-pdf"),
        pytest.param("photo.png", HTML_PAGE, id="html-renamed-png"),
        pytest.param("photo.jpg", b"\xff\xd8\xff\xe0 not really", id="broken-jpeg"),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_stored(
    household_draft: Application, upload_directory: Path, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        application_document_add(
            actor=household_draft.customer.account,
            application_id=household_draft.pk,
            kind=DocumentKind.IDENTITY_DOCUMENT,
            uploaded=upload(name, content, "image/png"),
        )

    assert refused.value.code == "file_type_not_accepted"
    assert not ApplicationDocument.objects.exists()
    assert not Event.objects.filter(kind=DOCUMENT_ADDED).exists()
    assert not upload_directory.exists() or not any(upload_directory.rglob("*.*"))


def test_an_oversized_file_is_refused(
    household_draft: Application, settings: Settings, upload_directory: Path
) -> None:
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 1024
    big_pdf = pdf_bytes().replace(b"trailer", b"%" + b"x" * 2000 + b"\ntrailer")

    with pytest.raises(ValidationFailed) as refused:
        application_document_add(
            actor=household_draft.customer.account,
            application_id=household_draft.pk,
            kind=DocumentKind.IDENTITY_DOCUMENT,
            uploaded=upload("big.pdf", big_pdf, "application/pdf"),
        )

    assert refused.value.code == "file_too_large"
    assert not ApplicationDocument.objects.exists()


def test_an_unknown_kind_or_a_missing_file_is_refused(household_draft: Application) -> None:
    applicant = household_draft.customer.account
    with pytest.raises(ValidationFailed):
        application_document_add(
            actor=applicant, application_id=household_draft.pk, kind="<script>", uploaded=identity_scan()
        )
    with pytest.raises(ValidationFailed):
        application_document_add(
            actor=applicant, application_id=household_draft.pk, kind=DocumentKind.OTHER, uploaded=None
        )
    assert not ApplicationDocument.objects.exists()


def test_another_customer_and_other_units_cannot_add_or_read_documents(
    organisation: OrganisationTree, household_draft: Application
) -> None:
    document = application_document_add(
        actor=household_draft.customer.account,
        application_id=household_draft.pk,
        kind=DocumentKind.IDENTITY_DOCUMENT,
        uploaded=identity_scan(),
    )
    neighbour = person_customer(service_unit=organisation.station_east)
    west_clerk = persona_for(Role.INTAKE_CLERK, organisation.county_west, "-west")
    east_clerk = persona_for(Role.INTAKE_CLERK, organisation.county_east, "-east")

    for outsider in (neighbour.account, west_clerk.account):
        with pytest.raises(AccessDenied):
            application_document_add(
                actor=outsider,
                application_id=household_draft.pk,
                kind=DocumentKind.OTHER,
                uploaded=identity_scan(),
            )
        with pytest.raises(AccessDenied):
            document_get_for_user(user=outsider, document_id=document.pk)
    assert ApplicationDocument.objects.count() == 1
    assert document_get_for_user(user=east_clerk.account, document_id=document.pk) == document


def test_original_names_lose_folders_and_control_characters() -> None:
    assert clean_original_name("C:\\Users\\me\\scan.pdf") == "scan.pdf"
    assert clean_original_name("a\u202eb\nc.png") == "abc.png"
    assert clean_original_name(None) == ""
