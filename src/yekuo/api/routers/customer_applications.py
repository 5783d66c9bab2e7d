"""Customers' own applications: create a draft, upload documents (multipart), submit, track, withdraw.
The same services and access functions as the portal; staff get 403 here (customer_only)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.params.functions import Path

from yekuo.accounts.models import AccountKind, User
from yekuo.api.auth import actor_of
from yekuo.api.customer_schemas import (
    ApplicationCreateIn,
    DocumentOut,
    RectificationOut,
    TrackingOut,
    WithdrawIn,
)
from yekuo.api.errors import CustomerOnly
from yekuo.api.schemas import MAXIMUM_ID, ApplicationOut, ErrorOut
from yekuo.applications.access import application_get_for_user
from yekuo.applications.document_services import application_document_add
from yekuo.applications.online import application_apply_online
from yekuo.workflow.selectors import work_items_of_application
from yekuo.workflow.services import application_cancel, application_submit
from yekuo.workflow.services.customer import rectification_declare
from yekuo.workflow.tracking import application_tracking_for

router = Router(tags=["customer applications"])
ApplicationId = Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def customer_of(request: HttpRequest) -> User:
    actor = actor_of(request)
    if actor.kind != AccountKind.CUSTOMER:
        raise CustomerOnly(_("Only customers use these endpoints."))
    return actor


def _detail(actor: User, application_id: int) -> ApplicationOut:
    application = application_get_for_user(user=actor, application_id=application_id)
    return ApplicationOut.detail(application, list(work_items_of_application(application)))


@router.post(
    "/customer/applications",
    response={201: ApplicationOut, **ERRORS},
    summary="Create a draft application for the calling customer",
)
def customer_application_create(
    request: HttpRequest, payload: ApplicationCreateIn
) -> tuple[int, ApplicationOut]:
    actor = customer_of(request)
    application = application_apply_online(
        actor=actor,
        business_type=payload.business_type,
        category=payload.category,
        requested_capacity_kva=payload.requested_capacity_kva,
        existing_capacity_kva=payload.existing_capacity_kva,
        premises_address=payload.premises_address,
        supply_station_id=payload.supply_station_id,
        is_important_customer=payload.is_important_customer,
    )
    return 201, _detail(actor, application.pk)


@router.post(
    "/customer/applications/{application_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Upload a document (multipart: kind and file; PDF, JPEG or PNG, checked by content)",
)
def customer_document_upload(
    request: HttpRequest,
    application_id: ApplicationId,
    kind: Form[str],
    file: File[UploadedFile],
) -> tuple[int, DocumentOut]:
    document = application_document_add(
        actor=customer_of(request), application_id=application_id, kind=kind, uploaded=file
    )
    return 201, DocumentOut.of(document)


@router.post(
    "/customer/applications/{application_id}/submit",
    response={200: ApplicationOut, **ERRORS},
    summary="Submit the draft: it gets its number and its acceptance work item",
)
def customer_application_submit(request: HttpRequest, application_id: ApplicationId) -> ApplicationOut:
    actor = customer_of(request)
    application_get_for_user(user=actor, application_id=application_id)
    application_submit(actor=actor, application_id=application_id)
    return _detail(actor, application_id)


@router.get(
    "/customer/applications/{application_id}/tracking",
    response={200: TrackingOut, **ERRORS},
    summary="Every stage with status, unit, due date and working days left; clock stops; notices",
)
def customer_application_tracking(request: HttpRequest, application_id: ApplicationId) -> TrackingOut:
    tracking = application_tracking_for(viewer=customer_of(request), application_id=application_id)
    return TrackingOut.of(tracking)


@router.post(
    "/customer/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **ERRORS},
    summary="Withdraw the application (a draft too) with a reason; refused (409) once energised",
)
def customer_application_withdraw(
    request: HttpRequest, application_id: ApplicationId, payload: WithdrawIn
) -> ApplicationOut:
    actor = customer_of(request)
    application_get_for_user(user=actor, application_id=application_id)
    application_cancel(actor=actor, application_id=application_id, reason=payload.reason)
    return _detail(actor, application_id)


@router.post(
    "/customer/applications/{application_id}/rectification",
    response={201: RectificationOut, **ERRORS},
    summary="Report the defects of a failed inspection rectified (multipart: optional note and up to 5 "
    "`file` photos or PDFs, checked by content); staff then resume and re-inspect",
)
def customer_rectification_declare(
    request: HttpRequest,
    application_id: ApplicationId,
    note: Form[str] = "",
    file: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # ninja's optional files
) -> tuple[int, RectificationOut]:
    actor = customer_of(request)
    application_get_for_user(user=actor, application_id=application_id)
    stop = rectification_declare(actor=actor, application_id=application_id, note=note, evidence=file or [])
    return 201, RectificationOut.of(stop)
