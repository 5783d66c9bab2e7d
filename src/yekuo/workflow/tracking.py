"""What the customer sees of their application: every stage of the process with its state, owner unit,
due date and working days left; the clock stops; the notices; schemes with fees; inspections with defects.
The application is fetched only through applications.access (conventions §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.applications.access import application_get_for_user
from yekuo.applications.documents import DocumentKind
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.applications.records import Inspection, InspectionDefect, Notice, SupplyScheme
from yekuo.calendar.selectors import working_day_calendar
from yekuo.calendar.working_days import CalendarYearMissing
from yekuo.core import clock
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ApplicationProcess,
    ClockStop,
    ClockStopReason,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.stages import Stage, StageOwner
from yekuo.workflow.transition import graph_for, stage_definitions_of


class StepState:
    DONE = "done"
    IN_PROGRESS = "in_progress"
    WAITING_FOR_CUSTOMER = "waiting_for_customer"
    CLOCK_STOPPED = "clock_stopped"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"


STATE_LABELS = {
    StepState.DONE: _("Done"),
    StepState.IN_PROGRESS: _("In progress"),
    StepState.WAITING_FOR_CUSTOMER: _("Waiting for you"),
    StepState.CLOCK_STOPPED: _("Clock stopped"),
    StepState.NOT_STARTED: _("Not started"),
    StepState.CANCELLED: _("Cancelled"),
}


def due_day_of(due_at: datetime | None) -> date | None:
    """Due times are stored as the midnight that ends the last allowed day."""
    if due_at is None:
        return None
    local = timezone.localtime(due_at)
    return local.date() - timedelta(days=1) if local.time() == time.min else local.date()


def working_days_left(due_on: date | None, today: date) -> int | None:
    """Working days from today to the due day (negative when late); None when the calendar is missing."""
    if due_on is None:
        return None
    try:
        return working_day_calendar().working_days_between(today, due_on)
    except CalendarYearMissing:
        return None


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    owner: str
    owner_label: str
    state: str
    unit_name: str
    opened_at: datetime | None
    closed_at: datetime | None
    due_on: date | None
    working_days_left: int | None
    deadline_state: str
    work_item_id: int | None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_late(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0


@dataclass(frozen=True)
class NoticeView:
    notice: Notice
    lines: list[str]
    fee_items: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Tracking:
    application: Application
    process: ApplicationProcess | None
    steps: list[Step]
    clock_stops: list[ClockStop]
    notices: list[NoticeView]
    schemes: list[SupplyScheme]
    inspections: list[Inspection]
    documents: list[ApplicationDocument]


def _choice(choices: type[DocumentKind] | type[ClockStopReason], value: object) -> str:
    if isinstance(value, str) and value in choices.values:
        return str(choices(value).label)
    return str(value)


def notice_lines(items: list[Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """Each listed item in the reader's language, and the fee items of a scheme reply."""
    lines: list[str] = []
    fees: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            lines.append(_choice(DocumentKind, item))
        elif isinstance(item, dict) and "description" in item:
            parts = [
                str(item["description"]),
                str(item.get("location") or ""),
                str(item.get("requirement") or ""),
            ]
            lines.append(" · ".join(part for part in parts if part))
        elif isinstance(item, dict) and "reason" in item:
            lines.append(
                " · ".join(
                    p for p in (_choice(ClockStopReason, item["reason"]), item.get("explanation")) if p
                )
            )
        elif isinstance(item, dict) and "connection_point" in item:
            lines.append(
                str(
                    _(
                        "Connection point %(point)s, %(capacity)s kVA at %(voltage)s, "
                        "valid until %(valid_until)s"
                    )
                    % {
                        "point": item["connection_point"],
                        "capacity": item.get("supply_capacity_kva", ""),
                        "voltage": item.get("supply_voltage", ""),
                        "valid_until": item.get("valid_until", ""),
                    }
                )
            )
            fees.extend(item.get("fee_items") or [])
        else:
            lines.append(str(item))
    return lines, fees


def _step_for(stage: str, item: WorkItem | None, owner: str, today: date) -> Step:
    label = str(Stage(stage).label)
    owner_label = str(StageOwner(owner).label)
    if item is None:
        return Step(
            stage, label, owner, owner_label, StepState.NOT_STARTED, "", None, None, None, None, "", None
        )
    if item.status == WorkItemStatus.COMPLETED:
        state = StepState.DONE
    elif item.status == WorkItemStatus.SUSPENDED:
        state = StepState.CLOCK_STOPPED
    elif item.status in (WorkItemStatus.CANCELLED, WorkItemStatus.RETURNED):
        state = StepState.CANCELLED
    elif item.owner == StageOwner.CUSTOMER:
        state = StepState.WAITING_FOR_CUSTOMER
    else:
        state = StepState.IN_PROGRESS
    due_on = due_day_of(item.due_at)
    running = item.status in ACTIVE_WORK_ITEM_STATUSES
    return Step(
        stage=stage,
        label=label,
        owner=owner,
        owner_label=owner_label,
        state=state,
        unit_name=item.candidate_unit.name,
        opened_at=item.opened_at,
        closed_at=item.closed_at,
        due_on=due_on,
        working_days_left=working_days_left(due_on, today) if running else None,
        deadline_state=item.deadline_state,
        work_item_id=item.pk,
    )


def application_tracking_for(*, viewer: User, application_id: int) -> Tracking:
    """Raises AccessDenied when the viewer may not see the application (the page answers 404)."""
    visible = application_get_for_user(user=viewer, application_id=application_id)
    application = Application.objects.select_related("customer", "supply_station", "province").get(
        pk=visible.pk
    )
    process = ApplicationProcess.objects.filter(application=application).first()
    today = timezone.localdate(clock.now())
    steps: list[Step] = []
    if process is not None:
        items = list(
            WorkItem.objects.filter(application=application)
            .select_related("candidate_unit")
            .order_by("opened_at", "pk")
        )
        latest: dict[str, WorkItem] = {}
        for item in items:
            if item.is_current or item.status in ACTIVE_WORK_ITEM_STATUSES:
                latest[item.stage] = item
        definitions = stage_definitions_of(process.definition_id)
        graph = graph_for(process.definition_id, application)
        steps = [
            _step_for(stage, latest.get(stage), definitions[stage].owner, today) for stage in graph.stages
        ]
    notices = []
    for notice in Notice.objects.filter(application=application).order_by("sent_at", "pk"):
        lines, fees = notice_lines(notice.items if isinstance(notice.items, list) else [])
        notices.append(NoticeView(notice=notice, lines=lines, fee_items=fees))
    return Tracking(
        application=application,
        process=process,
        steps=steps,
        clock_stops=list(
            ClockStop.objects.filter(application=application)
            .select_related("work_item")
            .order_by("requested_at", "pk")
        ),
        notices=notices,
        schemes=list(
            SupplyScheme.objects.filter(application=application)
            .prefetch_related("fee_items")
            .order_by("recorded_at", "pk")
        ),
        inspections=list(
            Inspection.objects.filter(application=application)
            .prefetch_related(Prefetch("defects", queryset=InspectionDefect.objects.order_by("pk")))
            .order_by("recorded_at", "pk")
        ),
        documents=list(
            ApplicationDocument.objects.filter(application=application).order_by("received_at", "pk")
        ),
    )
