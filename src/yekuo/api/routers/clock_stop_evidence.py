"""Clock stops with their evidence files: the request as multipart (reason, explanation and up to five
files, checked by content like the customer's documents) and each file streamed to staff who may see the
application. Evidence is staff-internal: customers get 403 here and see only the stop and its reason."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponseBase
from ninja import File, Form, Router, UploadedFile
from ninja.params.functions import Path

from yekuo.api.auth import staff_actor_of
from yekuo.api.schemas import MAXIMUM_ID, ErrorOut
from yekuo.api.staff_schemas import ClockStopOut
from yekuo.web.file_responses import private_file_response
from yekuo.workflow import services
from yekuo.workflow.selectors import clock_stop_evidence_get_for_user

router = Router(tags=["work items"])

ObjectId = Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
REFUSALS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/work-items/{work_item_id}/clock-stops/with-evidence",
    response={200: ClockStopOut, **REFUSALS},
    summary="Ask the unit head to stop the clock, with evidence files (multipart: reason, explanation and "
    "up to 5 `evidence` files; PDF, JPEG or PNG, checked by content)",
)
def work_item_clock_stop_request_with_evidence(
    request: HttpRequest,
    work_item_id: ObjectId,
    reason: Form[str],
    explanation: Form[str],
    evidence: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # ninja's optional files
) -> ClockStopOut:
    stop = services.clock_stop_request(
        actor=staff_actor_of(request),
        work_item_id=work_item_id,
        reason=reason,
        explanation=explanation,
        evidence=evidence or [],
    )
    return ClockStopOut.of(stop)


@router.get(
    "/clock-stop-evidence/{evidence_id}/file",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="One evidence file of a clock stop, as it was uploaded (staff who may see the application)",
)
def clock_stop_evidence_file(request: HttpRequest, evidence_id: ObjectId) -> HttpResponseBase:
    evidence = clock_stop_evidence_get_for_user(user=staff_actor_of(request), evidence_id=evidence_id)
    return private_file_response(evidence.file, original_name=evidence.original_name)
