"""Claim, assign, complete and return work items."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.outcomes import StageOutcome
from yekuo.applications.recording import RecordContext, record_outcome
from yekuo.core.errors import ValidationFailed
from yekuo.org.models import Staff
from yekuo.workflow.engine import (
    active_items,
    close_item,
    current_completions,
    mark_not_current,
    open_stage,
    settle,
)
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import RUNNING_WORK_ITEM_STATUSES, WorkItem, WorkItemStatus
from yekuo.workflow.permissions import may_be_assigned, may_manage, may_work
from yekuo.workflow.services.clock_stops import end_active_stops
from yekuo.workflow.services.common import begin_for_item, item_under_lock
from yekuo.workflow.stage_effects import Effect, after_completion, before_completion
from yekuo.workflow.stage_outcomes import OUTCOME_OF_STAGE

MAXIMUM_REASON_LENGTH = 2_000


@transaction.atomic
def work_item_claim(*, actor: User, work_item_id: int) -> WorkItem:
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, [WorkItemStatus.OPEN])
    if not may_work(actor, item, transition.actor_roles()):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    staff = Staff.objects.filter(account=actor).first()
    if staff is None:
        raise NotPermitted(_("Only staff claim work items."))
    item.assignee = staff
    item.status = WorkItemStatus.CLAIMED
    item.claimed_at = transition.now
    item.save(update_fields=["assignee", "status", "claimed_at"])
    transition.record(WorkflowEvent.WORK_ITEM_CLAIMED, work_item=item, new={"assignee": staff.pk})
    settle(transition)
    return item


@transaction.atomic
def work_item_assign(*, actor: User, work_item_id: int, assignee: Staff) -> WorkItem:
    """A unit head assigns or reassigns an item to a staff member who holds the stage's role."""
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, RUNNING_WORK_ITEM_STATUSES)
    if not may_manage(actor, item, transition.actor_roles()):
        raise NotPermitted(_("Only a unit head over this unit assigns its work."))
    if not may_be_assigned(assignee.account, item):
        raise ValidationFailed(_("The assignee does not hold the role this stage needs for this unit."))
    old_assignee = item.assignee_id
    item.assignee = assignee
    item.status = WorkItemStatus.CLAIMED
    item.claimed_at = transition.now
    item.save(update_fields=["assignee", "status", "claimed_at"])
    transition.record(
        WorkflowEvent.WORK_ITEM_ASSIGNED,
        work_item=item,
        old={"assignee": old_assignee},
        new={"assignee": assignee.pk},
    )
    settle(transition)
    return item


@transaction.atomic
def work_item_complete(*, actor: User, work_item_id: int, outcome: StageOutcome) -> WorkItem:
    """Record the stage's outcome and move on: open every stage whose predecessors are now all done.
    A second attempt on the same item gets StaleWorkItem and changes nothing."""
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, RUNNING_WORK_ITEM_STATUSES)
    if not may_work(actor, item, transition.actor_roles()):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    expected = OUTCOME_OF_STAGE[item.stage]
    if not isinstance(outcome, expected):
        raise ValidationFailed(_("This stage needs a different form."), code="wrong_outcome")
    context = RecordContext(transition.application, item.pk, item.stage, actor, transition.now)
    record_outcome(context=context, outcome=outcome, writes=transition)
    if before_completion(transition, item, outcome) == Effect.HOLD:
        settle(transition)
        return item
    close_item(transition, item, WorkItemStatus.COMPLETED)
    transition.record(WorkflowEvent.WORK_ITEM_COMPLETED, work_item=item, new={"stage": item.stage})
    after_completion(transition, item, outcome)
    completions = current_completions(transition)
    active_stages = {other.stage for other in active_items(transition)}
    for stage in transition.graph.ready_after(item.stage, completions):
        if stage not in active_stages and stage not in completions:
            open_stage(transition, stage)
    settle(transition)
    return item


@transaction.atomic
def work_item_return(*, actor: User, work_item_id: int, to_stage: str, reason: str) -> WorkItem:
    """Send the application back to an earlier stage. Everything downstream of it is done again; parallel
    tracks that do not lie downstream keep their completions."""
    reason = reason.strip()
    if not reason or len(reason) > MAXIMUM_REASON_LENGTH:
        raise ValidationFailed(
            _("Give the reason for the return (at most 2,000 characters)."), code="reason_required"
        )
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, RUNNING_WORK_ITEM_STATUSES)
    if actor.is_customer or not may_work(actor, item, transition.actor_roles()):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    if (item.stage, to_stage) not in transition.return_edges or not transition.graph.applies(to_stage):
        raise TransitionNotAllowed(_("This stage cannot return to that stage."), code="return_not_allowed")
    close_item(transition, item, WorkItemStatus.RETURNED, note=reason)
    redo = {to_stage} | transition.graph.downstream(to_stage)
    for other in active_items(transition):
        if other.stage in redo and other.is_current and other.pk != item.pk:
            end_active_stops(transition, other)
            close_item(transition, other, WorkItemStatus.CANCELLED, note=reason)
            transition.record(WorkflowEvent.WORK_ITEM_CANCELLED, work_item=other, new={"reason": reason})
    mark_not_current(transition, redo)
    transition.record(
        WorkflowEvent.APPLICATION_RETURNED,
        work_item=item,
        new={"from_stage": item.stage, "to_stage": to_stage, "reason": reason},
    )
    open_stage(transition, to_stage)
    settle(transition)
    return item
