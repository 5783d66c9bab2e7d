"""Staff act on a work item: read it, complete it with its stage's outcome, return it, assign it, ask for
a clock stop, resume it, and record how its escalation was handled. The same services as the workbench
decide; a refusal is a coded JSON error (403/404 for others' items, 409 for a changed item)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params.functions import Path

from yekuo.api.auth import staff_actor_of
from yekuo.api.outcome_schemas import CompleteIn
from yekuo.api.schemas import MAXIMUM_ID, ErrorOut, WorkItemOut
from yekuo.api.staff_schemas import (
    AssignIn,
    ClockStopOut,
    ClockStopRequestIn,
    EscalationHandlingIn,
    EscalationHandlingOut,
    ReturnIn,
    WorkItemDetailOut,
)
from yekuo.core.errors import ValidationFailed
from yekuo.org.access import staff_visible_to
from yekuo.workflow import services
from yekuo.workflow.definitions import ReturnEdge
from yekuo.workflow.models import ClockStop
from yekuo.workflow.selectors import escalation_handlings_of, work_item_get_for_user
from yekuo.workflow.stages import Stage

router = Router(tags=["work items"])

WorkItemId = Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
REFUSALS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get(
    "/work-items/{work_item_id}",
    response={200: WorkItemDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One work item: the outcome kind that completes it, where it may return, its clock stops "
    "and escalations",
)
def work_item_detail(request: HttpRequest, work_item_id: WorkItemId) -> WorkItemDetailOut:
    item = work_item_get_for_user(user=staff_actor_of(request), work_item_id=work_item_id)
    return_stages = ReturnEdge.objects.filter(
        definition_id=item.stage_definition.definition_id, from_stage=item.stage
    ).values_list("to_stage", flat=True)
    return WorkItemDetailOut.detail(
        item,
        return_stages=sorted(return_stages, key=list(Stage.values).index),
        handlings=list(escalation_handlings_of(item)),
        clock_stops=list(ClockStop.objects.filter(work_item=item).order_by("requested_at", "pk")),
    )


@router.post(
    "/work-items/{work_item_id}/complete",
    response={200: WorkItemOut, **REFUSALS},
    summary="Complete a work item with its stage's outcome (`outcome.kind` as the item's `outcome_kind`)",
)
def work_item_complete(request: HttpRequest, work_item_id: WorkItemId, payload: CompleteIn) -> WorkItemOut:
    item = services.work_item_complete(
        actor=staff_actor_of(request), work_item_id=work_item_id, outcome=payload.outcome.to_outcome()
    )
    return WorkItemOut.of(item)


@router.post(
    "/work-items/{work_item_id}/return",
    response={200: WorkItemOut, **REFUSALS},
    summary="Send the application back to an earlier stage, with the reason",
)
def work_item_return(request: HttpRequest, work_item_id: WorkItemId, payload: ReturnIn) -> WorkItemOut:
    item = services.work_item_return(
        actor=staff_actor_of(request),
        work_item_id=work_item_id,
        to_stage=payload.to_stage,
        reason=payload.reason,
    )
    return WorkItemOut.of(item)


@router.post(
    "/work-items/{work_item_id}/assign",
    response={200: WorkItemOut, **REFUSALS},
    summary="Assign or reassign a work item to a member of staff (unit heads)",
)
def work_item_assign(request: HttpRequest, work_item_id: WorkItemId, payload: AssignIn) -> WorkItemOut:
    actor = staff_actor_of(request)
    work_item_get_for_user(user=actor, work_item_id=work_item_id)  # 404 for other units' items first
    assignee = (
        staff_visible_to(actor).select_related("account").filter(account__username=payload.assignee).first()
    )
    if assignee is None:
        raise ValidationFailed(_("There is no such member of staff in your units."), code="unknown_assignee")
    item = services.work_item_assign(actor=actor, work_item_id=work_item_id, assignee=assignee)
    return WorkItemOut.of(item)


@router.post(
    "/work-items/{work_item_id}/clock-stops",
    response={200: ClockStopOut, **REFUSALS},
    summary="Ask the unit head to stop the clock of a work item",
)
def work_item_clock_stop_request(
    request: HttpRequest, work_item_id: WorkItemId, payload: ClockStopRequestIn
) -> ClockStopOut:
    stop = services.clock_stop_request(
        actor=staff_actor_of(request),
        work_item_id=work_item_id,
        reason=payload.reason,
        explanation=payload.explanation,
    )
    return ClockStopOut.of(stop)


@router.post(
    "/work-items/{work_item_id}/resume",
    response={200: WorkItemOut, **REFUSALS},
    summary="End the clock stop of a suspended work item",
)
def work_item_resume(request: HttpRequest, work_item_id: WorkItemId) -> WorkItemOut:
    item = services.work_item_resume(actor=staff_actor_of(request), work_item_id=work_item_id)
    return WorkItemOut.of(item)


@router.post(
    "/work-items/{work_item_id}/escalation-handling",
    response={200: EscalationHandlingOut, **REFUSALS},
    summary="Record how the work item's escalation (督办) was handled (responsible or unit heads)",
)
def work_item_escalation_handle(
    request: HttpRequest, work_item_id: WorkItemId, payload: EscalationHandlingIn
) -> EscalationHandlingOut:
    handling = services.escalation_handle(
        actor=staff_actor_of(request), work_item_id=work_item_id, action=payload.action, note=payload.note
    )
    return EscalationHandlingOut.of(handling)
