"""Handling an escalation (督办): the head records what they did about an overdue work item.

The sweep escalates (workflow.sweep._escalate sets WorkItem.escalated_at and records work_item.escalated);
this records the answer, once per escalation, as a row and an event in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.core.errors import ValidationFailed
from yekuo.workflow.engine import settle
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    EscalationAction,
    EscalationHandling,
)
from yekuo.workflow.permissions import may_handle_escalation
from yekuo.workflow.services.common import begin_for_item, item_under_lock

MAXIMUM_NOTE_LENGTH = 2_000


@transaction.atomic
def escalation_handle(*, actor: User, work_item_id: int, action: str, note: str) -> EscalationHandling:
    """Record how the head handled the item's latest escalation. The item stays as it is: reassigning or
    approving a clock stop is done with its own service first, and recorded here."""
    note = note.strip()
    if action not in EscalationAction.values:
        raise ValidationFailed(_("Choose the action you took from the list."), code="invalid_action")
    if not note or len(note) > MAXIMUM_NOTE_LENGTH:
        raise ValidationFailed(
            _("Write a note on how you handled it (at most 2,000 characters)."), code="note_required"
        )
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    roles = transition.actor_roles()
    # The escalation list shows what may_handle_escalation admits, so it decides visibility here too:
    # a named head without a role at the unit gets their escalation, not a 404.
    item = item_under_lock(
        transition,
        work_item_id,
        ACTIVE_WORK_ITEM_STATUSES,
        also_seen_by=lambda found: may_handle_escalation(actor, found, roles),
    )
    if not may_handle_escalation(actor, item, roles):
        raise NotPermitted(
            _("Only the responsible head or a unit head over this unit handles its escalations.")
        )
    if item.escalated_at is None:
        raise TransitionNotAllowed(_("This work item has not been escalated."), code="not_escalated")
    if EscalationHandling.objects.filter(work_item=item, escalated_at=item.escalated_at).exists():
        raise TransitionNotAllowed(
            _("This escalation has already been handled; reload to see the latest state."),
            code="escalation_already_handled",
        )
    handling = EscalationHandling.objects.create(
        work_item=item,
        escalated_at=item.escalated_at,
        action=action,
        note=note,
        handled_by=actor,
        handled_at=transition.now,
    )
    transition.record(
        WorkflowEvent.WORK_ITEM_ESCALATION_HANDLED,
        work_item=item,
        new={"escalated_at": item.escalated_at, "action": action, "note": note, "handling": handling.pk},
    )
    settle(transition)
    return handling
