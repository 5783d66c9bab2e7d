"""The customer's documents: added with their file (checked and stored by uploads.py), read back only
through the application's access function."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.access import application_get_for_user
from yekuo.applications.choices import OPEN_STATUSES
from yekuo.applications.documents import DocumentKind, required_documents
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.applications.uploads import upload_store
from yekuo.core import clock
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.models import PartyKind
from yekuo.events.services import record_event

DOCUMENT_ADDED = "application.document_added"
DOCUMENTS_FOLDER = "documents"


def document_checklist(application: Application) -> tuple[DocumentKind, ...]:
    """What this application needs (一证办 for households)."""
    return required_documents(
        category=application.category,
        business_type=application.business_type,
        is_enterprise=application.customer.party_kind == PartyKind.ENTERPRISE,
    )


def missing_document_kinds(application: Application) -> list[DocumentKind]:
    received = set(ApplicationDocument.objects.filter(application=application).values_list("kind", flat=True))
    return [kind for kind in document_checklist(application) if kind not in received]


@transaction.atomic
def application_document_add(
    *, actor: User, application_id: int, kind: str, uploaded: UploadedFile | None
) -> ApplicationDocument:
    """The applicant (or staff over the station) adds a document while the application is open."""
    visible = application_get_for_user(user=actor, application_id=application_id)
    application = (
        Application.objects.select_for_update().select_related("customer", "province").get(pk=visible.pk)
    )
    if application.status not in OPEN_STATUSES:
        raise ValidationFailed(_("This application is closed."), code="application_closed")
    if kind not in DocumentKind.values:
        raise ValidationFailed(_("Choose the kind of document."), code="invalid_document_kind")
    stored = upload_store(uploaded=uploaded, folder=DOCUMENTS_FOLDER)
    document = ApplicationDocument.objects.create(
        application=application,
        kind=kind,
        file=stored.name,
        original_name=stored.original_name,
        received_at=clock.now(),
        received_by=actor,
    )
    record_event(
        kind=DOCUMENT_ADDED,
        actor=actor,
        chain=str(application.province.region_code),
        application_id=application.pk,
        subject_type="application_document",
        subject_id=document.pk,
        new_values={"kind": kind, "file_type": stored.file_type.value, "size": stored.size},
    )
    return document


def document_get_for_user(*, user: User, document_id: int) -> ApplicationDocument:
    """A document whose application the user may see; AccessDenied (404) otherwise or without a file."""
    document = ApplicationDocument.objects.filter(pk=document_id).only("application_id").first()
    if document is None:
        raise AccessDenied(_("This document does not exist."), code="document_not_found")
    application_get_for_user(user=user, application_id=document.application_id)
    full = ApplicationDocument.objects.get(pk=document_id)
    if not full.file:
        raise AccessDenied(_("This document does not exist."), code="document_not_found")
    return full
