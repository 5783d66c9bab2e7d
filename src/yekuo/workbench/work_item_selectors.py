"""What the work item page shows. The application is fetched only through
yekuo.applications.access.application_get_for_user (conventions §6) and the item must belong to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.org.models import Staff
from yekuo.workbench.unit_head_selectors import approver_paths, assignable_staff
from yekuo.workbench.work_selectors import DeadlineBadge, deadline_badges
from yekuo.workflow.definitions import ReturnEdge
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ClockStop,
    ClockStopStatus,
    EscalationHandling,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.permissions import may_handle_escalation, may_manage, may_work, roles_of
from yekuo.workflow.selectors import escalation_handlings_of, work_item_get_for_user
from yekuo.workflow.stages import Stage, StageOwner

WORKABLE_STATUSES = frozenset({WorkItemStatus.OPEN, WorkItemStatus.CLAIMED})


@dataclass(frozen=True)
class WorkItemPage:
    item: WorkItem
    application: Application
    badges: list[DeadlineBadge]
    may_be_worked: bool
    why_not: str  # why no form is offered, or ""
    return_stages: list[tuple[str, str]]  # (stage, label) the definition lets this stage return to
    may_request_clock_stop: bool
    may_assign: bool  # the viewer heads the item's unit and the item is open or claimed
    assignable_staff: list[Staff]  # whom the assignment form offers
    escalation_handlings: list[EscalationHandling]  # how each escalation (督办) of the item was handled
    may_handle_escalation: bool  # escalated, not yet handled, and the viewer answers for the unit
    clock_stops: list[ClockStop]  # the item's clock stops with their evidence files, oldest first
    active_clock_stops: list[ClockStop]  # why the item's clock is stopped now
    may_resume: bool  # the clock is stopped and the viewer works the stage or heads its unit


def _why_not(item: WorkItem, *, permitted: bool) -> str:
    if item.status not in WORKABLE_STATUSES:
        return _("This work item is %(status)s: there is nothing to enter here.") % {
            "status": item.get_status_display()
        }
    if not permitted:
        return _(
            "You can see this work item, but only staff holding the stage's role for its unit "
            "(or its assignee) can work it."
        )
    return ""


def return_stages_of(item: WorkItem) -> list[tuple[str, str]]:
    """The stages the process definition lets this stage send the application back to."""
    stages = ReturnEdge.objects.filter(
        definition_id=item.stage_definition.definition_id, from_stage=item.stage
    ).values_list("to_stage", flat=True)
    return [(stage, str(Stage(stage).label)) for stage in sorted(stages, key=list(Stage.values).index)]


def work_item_page_for(*, viewer: User, work_item_id: int) -> WorkItemPage:
    """Raises AccessDenied when the item does not exist or its application is not visible (404)."""
    item = work_item_get_for_user(user=viewer, work_item_id=work_item_id)
    roles = roles_of(viewer)
    permitted = may_work(viewer, item, roles)
    workable = permitted and item.status in WORKABLE_STATUSES
    may_assign = item.status in WORKABLE_STATUSES and may_manage(viewer, item, roles)
    handlings = list(escalation_handlings_of(item))
    suspended = item.status == WorkItemStatus.SUSPENDED
    return WorkItemPage(
        item=item,
        application=item.application,
        badges=deadline_badges(item),
        may_be_worked=workable,
        why_not=_why_not(item, permitted=permitted),
        return_stages=return_stages_of(item),
        may_request_clock_stop=workable and item.owner == StageOwner.UTILITY,
        may_assign=may_assign,
        assignable_staff=(
            list(assignable_staff(item=item, paths=approver_paths(viewer))) if may_assign else []
        ),
        escalation_handlings=handlings,
        may_handle_escalation=(
            escalation_pending(item, handlings) and may_handle_escalation(viewer, item, roles)
        ),
        clock_stops=list(
            ClockStop.objects.filter(work_item=item)
            .select_related("decided_by")
            .prefetch_related("evidence_files")
            .order_by("requested_at", "pk")
        ),
        active_clock_stops=(
            list(ClockStop.objects.filter(work_item=item, status=ClockStopStatus.ACTIVE).order_by("pk"))
            if suspended
            else []
        ),
        may_resume=suspended and (permitted or may_manage(viewer, item, roles)),
    )


def escalation_pending(item: WorkItem, handlings: list[EscalationHandling]) -> bool:
    """Escalated, still active, and its latest escalation not yet handled."""
    return (
        item.escalated_at is not None
        and item.status in ACTIVE_WORK_ITEM_STATUSES
        and not any(handling.escalated_at == item.escalated_at for handling in handlings)
    )
