"""What staff send to act on work items, and what the API answers with beyond the lists."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool

from yekuo.api.outcome_schemas import KIND_OF_OUTCOME
from yekuo.api.schemas import WorkItemOut
from yekuo.events.models import Event
from yekuo.workflow.event_labels import event_label
from yekuo.workflow.models import (
    ClockStop,
    ClockStopEvidence,
    ClockStopReason,
    EscalationAction,
    EscalationHandling,
    WorkItem,
)
from yekuo.workflow.stage_outcomes import OUTCOME_OF_STAGE
from yekuo.workflow.stages import Stage

MAXIMUM_NOTE = 2_000
Note = Annotated[str, Field(max_length=MAXIMUM_NOTE)]


class StrictIn(Schema):
    """Unknown fields are refused, so a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ReturnIn(StrictIn):
    to_stage: Stage
    reason: Note


class AssignIn(StrictIn):
    assignee: Annotated[
        str, Field(min_length=1, max_length=150, description="The staff member's log-in name")
    ]


class ClockStopRequestIn(StrictIn):
    reason: ClockStopReason
    explanation: Note


class ClockStopDecisionIn(StrictIn):
    approve: StrictBool
    note: Note = ""


class EscalationHandlingIn(StrictIn):
    action: EscalationAction
    note: Note


class ClockStopEvidenceOut(Schema):
    id: int
    original_name: str
    file_type: str
    size: int
    uploaded_at: datetime

    @classmethod
    def of(cls, evidence: ClockStopEvidence) -> ClockStopEvidenceOut:
        return cls.model_validate(evidence, from_attributes=True)  # the fields are the model's own


class ClockStopOut(Schema):
    id: int
    work_item_id: int
    application_id: int
    reason: str
    reason_label: str
    explanation: str
    status: str
    status_label: str
    requested_at: datetime
    decided_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    rectification_declared_at: datetime | None  # the customer reported the inspection defects rectified
    rectification_note: str
    evidence: list[ClockStopEvidenceOut]  # staff-internal: fetch each at /clock-stop-evidence/{id}/file

    @classmethod
    def of(cls, stop: ClockStop) -> ClockStopOut:
        return cls(
            id=stop.pk,
            work_item_id=stop.work_item_id,
            application_id=stop.application_id,
            reason=stop.reason,
            reason_label=str(stop.get_reason_display()),
            explanation=stop.explanation,
            status=stop.status,
            status_label=str(stop.get_status_display()),
            requested_at=stop.requested_at,
            decided_at=stop.decided_at,
            started_at=stop.started_at,
            ended_at=stop.ended_at,
            rectification_declared_at=stop.rectification_declared_at,
            rectification_note=stop.rectification_note,
            evidence=[ClockStopEvidenceOut.of(evidence) for evidence in stop.evidence_files.all()],
        )


class ClockStopPage(Schema):
    count: int
    items: list[ClockStopOut]


class EscalationHandlingOut(Schema):
    id: int
    work_item_id: int
    escalated_at: datetime
    action: str
    action_label: str
    note: str
    handled_by: str
    handled_at: datetime

    @classmethod
    def of(cls, handling: EscalationHandling) -> EscalationHandlingOut:
        return cls(
            id=handling.pk,
            work_item_id=handling.work_item_id,
            escalated_at=handling.escalated_at,
            action=handling.action,
            action_label=str(handling.get_action_display()),
            note=handling.note,
            handled_by=handling.handled_by.username,
            handled_at=handling.handled_at,
        )


class WorkItemDetailOut(WorkItemOut):
    outcome_kind: str = Field(description="The `kind` of the outcome that completes this stage")
    return_stages: list[str]
    escalated_at: datetime | None
    escalation_handlings: list[EscalationHandlingOut]
    clock_stops: list[ClockStopOut]

    @classmethod
    def detail(
        cls,
        item: WorkItem,
        *,
        return_stages: list[str],
        handlings: list[EscalationHandling],
        clock_stops: list[ClockStop],
    ) -> WorkItemDetailOut:
        return cls(
            **WorkItemOut.of(item).model_dump(),
            outcome_kind=KIND_OF_OUTCOME[OUTCOME_OF_STAGE[item.stage]],
            return_stages=return_stages,
            escalated_at=item.escalated_at,
            escalation_handlings=[EscalationHandlingOut.of(handling) for handling in handlings],
            clock_stops=[ClockStopOut.of(stop) for stop in clock_stops],
        )


class EventOut(Schema):
    sequence: int
    kind: str
    label: str
    occurred_at: datetime
    actor: str | None
    work_item_id: int | None
    stage: str | None
    old_values: dict[str, Any]
    new_values: dict[str, Any]

    @classmethod
    def of(cls, event: Event, stage_of_item: dict[int, str]) -> EventOut:
        return cls(
            sequence=event.sequence,
            kind=event.kind,
            label=event_label(event.kind),
            occurred_at=event.occurred_at,
            actor=event.actor.username if event.actor is not None else None,
            work_item_id=event.work_item_id,
            stage=stage_of_item.get(event.work_item_id) if event.work_item_id is not None else None,
            old_values=event.old_values,
            new_values=event.new_values,
        )
