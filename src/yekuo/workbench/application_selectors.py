"""What the application page of the workbench shows. The application itself is fetched only through
yekuo.applications.access.application_get_for_user (conventions §6); everything else hangs off it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.applications.access import application_get_for_user
from yekuo.applications.documents import DocumentKind
from yekuo.applications.models import Application
from yekuo.applications.records import Inspection, InspectionDefect, Notice, SupplyScheme
from yekuo.events.models import Event
from yekuo.workbench.work_selectors import DeadlineBadge, deadline_badges
from yekuo.workflow.event_labels import event_label
from yekuo.workflow.models import ApplicationProcess, ClockStop, ClockStopReason, WorkItem


@dataclass(frozen=True)
class WorkItemEntry:
    item: WorkItem
    badges: list[DeadlineBadge]


@dataclass(frozen=True)
class EventEntry:
    event: Event
    label: str
    actor_name: str
    stage_label: str  # the stage of the event's work item, or ""


@dataclass(frozen=True)
class NoticeEntry:
    notice: Notice
    lines: list[str]


@dataclass(frozen=True)
class ApplicationDetail:
    application: Application
    process: ApplicationProcess | None
    work_items: list[WorkItemEntry]
    clock_stops: list[ClockStop]
    notices: list[NoticeEntry]
    supply_schemes: list[SupplyScheme]
    inspections: list[Inspection]
    events: list[EventEntry]

    @property
    def is_over_whole_process_limit(self) -> bool:
        process = self.process
        if process is None or process.whole_process_limit_days is None:
            return False
        return process.utility_working_days_used > process.whole_process_limit_days


def _choice_label(choices: type[DocumentKind] | type[ClockStopReason], value: object) -> str:
    if isinstance(value, str) and value in choices.values:
        return str(choices(value).label)
    return str(value)


def notice_item_line(item: Any) -> str:  # a notice's items are free-form JSON
    """One listed item of a notice, in the reader's language where the item is a known code."""
    if isinstance(item, str):
        return _choice_label(DocumentKind, item)
    if not isinstance(item, dict):
        return str(item)
    if "description" in item:
        where = item.get("location") or ""
        return f"{item['description']} ({where})" if where else str(item["description"])
    if "reason" in item:
        return " · ".join(
            part for part in (_choice_label(ClockStopReason, item["reason"]), item.get("explanation")) if part
        )
    if "connection_point" in item:
        return str(
            _("Connection point %(point)s, %(capacity)s kVA, valid until %(valid_until)s")
            % {
                "point": item["connection_point"],
                "capacity": item.get("supply_capacity_kva", ""),
                "valid_until": item.get("valid_until", ""),
            }
        )
    return ", ".join(f"{key}: {value}" for key, value in item.items())


def application_detail_for(*, viewer: User, application_id: int) -> ApplicationDetail:
    """Raises AccessDenied when the viewer may not see the application (the page answers 404)."""
    application = application_get_for_user(
        user=viewer, application_id=application_id, related=("customer", "supply_station")
    )
    process = (
        ApplicationProcess.objects.select_related("definition", "rule_set")
        .filter(application=application)
        .first()
    )
    work_items = (
        WorkItem.objects.filter(application=application)
        .select_related("clock")
        .prefetch_related("assignee__account")  # not joined: see workflow.selectors.active_work_items
        .order_by("opened_at", "pk")
    )
    clock_stops = (
        ClockStop.objects.filter(application=application)
        .select_related("work_item", "decided_by")
        .prefetch_related("evidence_files")
        .order_by("requested_at", "pk")
    )
    notices = Notice.objects.filter(application=application).order_by("sent_at", "pk")
    schemes = (
        SupplyScheme.objects.filter(application=application)
        .prefetch_related("fee_items")
        .order_by("recorded_at", "pk")
    )
    inspections = (
        Inspection.objects.filter(application=application)
        .prefetch_related(Prefetch("defects", queryset=InspectionDefect.objects.order_by("pk")))
        .order_by("recorded_at", "pk")
    )
    events = (
        Event.objects.filter(application_id=application.pk)
        .select_related("actor")
        .order_by("occurred_at", "sequence")
    )
    work_item_list = list(work_items)
    stage_of_item = {item.pk: item.get_stage_display() for item in work_item_list}
    return ApplicationDetail(
        application=application,
        process=process,
        work_items=[WorkItemEntry(item=item, badges=deadline_badges(item)) for item in work_item_list],
        clock_stops=list(clock_stops),
        notices=[
            NoticeEntry(notice=notice, lines=[notice_item_line(item) for item in notice.items])
            for notice in notices
        ],
        supply_schemes=list(schemes),
        inspections=list(inspections),
        events=[
            EventEntry(
                event=event,
                label=event_label(event.kind),
                actor_name=event.actor.display_name if event.actor else str(_("System")),
                stage_label=str(stage_of_item.get(event.work_item_id or 0, "")),
            )
            for event in events
        ],
    )
