"""The work lists of the workbench: the items a member of staff may work, and a unit head's queue.

Scoping follows yekuo.workflow.permissions: a role held at a unit covers the items of every unit below it
(conventions §6), so the list shows exactly what work_item_claim would accept, plus the viewer's own items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.org import access
from yekuo.web.id_urls import id_url
from yekuo.web.templatetags.yekuo_web import due_day
from yekuo.workflow.models import DeadlineState, WorkItem, WorkItemStatus
from yekuo.workflow.selectors import active_work_items, work_items_for_worker
from yekuo.workflow.stages import Stage


class DeadlineFilter(models.TextChoices):
    """What the deadline filter of a work list offers."""

    ON_TIME = "on_time", _("On time")
    WARNING = "warning", _("Warning")
    OVERDUE = "overdue", _("Overdue")
    SUSPENDED = "suspended", _("Clock stopped")
    PENDING = "pending", _("Due date pending calendar")


@dataclass(frozen=True)
class WorkListFilters:
    """The validated filters of a work list; a value nobody offers is dropped, not an error."""

    stage: str = ""
    deadline: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> WorkListFilters:
        stage = query.get("stage", "")
        deadline = query.get("deadline", "")
        return cls(
            stage=stage if stage in Stage.values else "",
            deadline=deadline if deadline in DeadlineFilter.values else "",
        )

    def condition(self) -> Q:
        condition = Q()
        if self.stage:
            condition &= Q(stage=self.stage)
        if self.deadline == DeadlineFilter.SUSPENDED:
            condition &= Q(status=WorkItemStatus.SUSPENDED)
        elif self.deadline == DeadlineFilter.PENDING:
            condition &= Q(due_at__isnull=True, clock__deadline_pending=True)
        elif self.deadline:
            condition &= Q(deadline_state=self.deadline)
        return condition


@dataclass(frozen=True)
class DeadlineBadge:
    """A badge beside the due date. `tone` is a Bootstrap colour: danger, warning, secondary, info."""

    tone: str
    label: str


@dataclass(frozen=True)
class WorkItemRow:
    """A work list's row, its texts and links ready: the template only places them (see web.id_urls)."""

    item: WorkItem
    badges: list[DeadlineBadge]
    application_number: str
    application_url: str
    customer_name: str
    item_url: str
    stage_label: str
    status_label: str
    assignee_name: str
    due_at_iso: str  # the due time in the current time zone, ISO 8601; empty without a due time
    due_day_text: str  # the last day the stage may take, YYYY-MM-DD
    claim_url: str  # empty when the item may not be claimed


def deadline_badges(item: WorkItem) -> list[DeadlineBadge]:
    badges: list[DeadlineBadge] = []
    if item.status == WorkItemStatus.SUSPENDED:
        badges.append(DeadlineBadge("secondary", str(_("Clock stopped"))))
    if item.deadline_state == DeadlineState.OVERDUE:
        badges.append(DeadlineBadge("danger", str(_("Overdue"))))
    elif item.deadline_state == DeadlineState.WARNING:
        badges.append(DeadlineBadge("warning", str(_("Warning"))))
    if item.due_at is None and item.clock is not None and item.clock.deadline_pending:
        badges.append(DeadlineBadge("info", str(_("Due date pending calendar"))))
    return badges


def due_texts(due_at: datetime | None) -> tuple[str, str]:
    """A due time as a page shows it: ISO 8601 in the current time zone, and the last day (YYYY-MM-DD);
    what `due_at|date:'c'` and `due_at|due_day|date:"Y-m-d"` render. Empty strings without a due time."""
    if due_at is None:
        return "", ""
    return local_iso(due_at), f"{due_day(due_at):%Y-%m-%d}"


def local_iso(moment: datetime | None) -> str:
    """A moment in the current time zone, ISO 8601, as `|date:'c'` renders it; empty for none."""
    return timezone.localtime(moment).isoformat() if moment else ""


# What a work list's rows read (work_item_rows): loading only these halves the cost of building its items.
WORK_LIST_FIELDS = (
    "application__number",
    "application__customer__name",
    "stage",
    "status",
    "assignee",
    "due_at",
    "deadline_state",
    "opened_at",
    "clock__deadline_pending",
)


def work_item_rows(items: Iterable[WorkItem]) -> list[WorkItemRow]:
    """The rows of a page of items fetched by active_work_items (application, customer, assignee)."""
    application_url = id_url("workbench:application_detail")
    item_url = id_url("workbench:work_item")
    claim_url = id_url("workbench:work_item_claim")
    rows = []
    for item in items:
        due_at_iso, due_day_text = due_texts(item.due_at)
        may_be_claimed = item.status == WorkItemStatus.OPEN and item.assignee_id is None
        rows.append(
            WorkItemRow(
                item=item,
                badges=deadline_badges(item),
                application_number=str(item.application),
                application_url=application_url(item.application_id),
                customer_name=item.application.customer.name,
                item_url=item_url(item.pk),
                stage_label=item.get_stage_display(),
                status_label=item.get_status_display(),
                assignee_name=item.assignee.account.display_name if item.assignee else "",
                due_at_iso=due_at_iso,
                due_day_text=due_day_text,
                claim_url=claim_url(item.pk) if may_be_claimed else "",
            )
        )
    return rows


def work_items_for(viewer: User, *, filters: WorkListFilters | None = None) -> QuerySet[WorkItem]:
    """The viewer's work: what their roles let them claim, and what is assigned to them."""
    return work_items_for_worker(viewer).filter((filters or WorkListFilters()).condition())


def unit_queue_for(*, paths: Iterable[str], filters: WorkListFilters | None = None) -> QuerySet[WorkItem]:
    """Every active item under the units the viewer heads (`paths`, from headed_unit_paths)."""
    return (
        active_work_items()
        .filter(access.subtree_condition(paths, field="candidate_unit__path"))
        .filter((filters or WorkListFilters()).condition())
    )
