"""What customers send and receive through the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from yekuo.applications.models import ApplicationDocument
from yekuo.workflow.models import ClockStop
from yekuo.workflow.tracking import Step, Tracking

ID = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ApplicationCreateIn(Schema):
    business_type: Annotated[str, Field(max_length=32)]
    category: Annotated[str, Field(max_length=40)]
    requested_capacity_kva: Annotated[Decimal, Field(gt=0, le=1_000_000, max_digits=11, decimal_places=1)]
    existing_capacity_kva: Annotated[
        Decimal | None, Field(default=None, gt=0, le=1_000_000, max_digits=11, decimal_places=1)
    ] = None
    premises_address: Annotated[str, Field(min_length=1, max_length=200)]
    supply_station_id: ID | None = None
    is_important_customer: bool = Field(
        default=False,
        description=(
            "An important power user (重要电力用户): design review and mid-construction inspection apply."
        ),
    )


class WithdrawIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class RectificationOut(Schema):
    """The customer's report that the inspection defects are rectified; the clock stays stopped until staff
    resume the work item and re-inspect."""

    clock_stop_id: int
    work_item_id: int
    declared_at: datetime
    note: str
    files: int

    @classmethod
    def of(cls, stop: ClockStop) -> RectificationOut:
        assert stop.rectification_declared_at is not None  # noqa: S101  # only after the declaration
        return cls(
            clock_stop_id=stop.pk,
            work_item_id=stop.work_item_id,
            declared_at=stop.rectification_declared_at,
            note=stop.rectification_note,
            files=stop.evidence_files.count(),
        )


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    original_name: str
    received_at: datetime

    @classmethod
    def of(cls, document: ApplicationDocument) -> DocumentOut:
        return cls(
            id=document.pk,
            kind=document.kind,
            kind_label=str(document.get_kind_display()),
            original_name=document.original_name,
            received_at=document.received_at,
        )


class StepOut(Schema):
    stage: str
    stage_label: str
    owner: str
    state: str
    state_label: str
    unit: str
    due_on: date | None
    working_days_left: int | None
    closed_at: datetime | None

    @classmethod
    def of(cls, step: Step) -> StepOut:
        return cls(
            stage=step.stage,
            stage_label=step.label,
            owner=step.owner,
            state=step.state,
            state_label=step.state_label,
            unit=step.unit_name,
            due_on=step.due_on,
            working_days_left=step.working_days_left,
            closed_at=step.closed_at,
        )


class NoticeOut(Schema):
    kind: str
    kind_label: str
    sent_at: datetime
    lines: list[str]
    fee_items: list[dict[str, Any]]
    message: str


class ClockStopOut(Schema):
    stage: str
    reason: str
    reason_label: str
    explanation: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None


class TrackingOut(Schema):
    id: int
    number: str | None
    status: str
    status_label: str
    steps: list[StepOut]
    clock_stops: list[ClockStopOut]
    notices: list[NoticeOut]
    documents: list[DocumentOut]

    @classmethod
    def of(cls, tracking: Tracking) -> TrackingOut:
        application = tracking.application
        return cls(
            id=application.pk,
            number=application.number,
            status=application.status,
            status_label=str(application.get_status_display()),
            steps=[StepOut.of(step) for step in tracking.steps],
            clock_stops=[
                ClockStopOut(
                    stage=stop.work_item.stage,
                    reason=stop.reason,
                    reason_label=str(stop.get_reason_display()),
                    explanation=stop.explanation,
                    status=stop.status,
                    started_at=stop.started_at,
                    ended_at=stop.ended_at,
                )
                for stop in tracking.clock_stops
            ],
            notices=[
                NoticeOut(
                    kind=entry.notice.kind,
                    kind_label=str(entry.notice.get_kind_display()),
                    sent_at=entry.notice.sent_at,
                    lines=entry.lines,
                    fee_items=entry.fee_items,
                    message=entry.notice.message,
                )
                for entry in tracking.notices
            ],
            documents=[DocumentOut.of(document) for document in tracking.documents],
        )
