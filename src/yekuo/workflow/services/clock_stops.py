"""Clock stops (中止计时): requested with a reason and evidence, approved by a unit head, ended on resume."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.recording import notice_send
from yekuo.applications.records import NoticeKind
from yekuo.applications.uploads import checked_upload, upload_store
from yekuo.core.errors import ValidationFailed
from yekuo.workflow.engine import Transition, clock_run_for, pause_clock, settle
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import (
    RUNNING_WORK_ITEM_STATUSES,
    ClockStop,
    ClockStopEvidence,
    ClockStopReason,
    ClockStopStatus,
    DeadlineState,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.permissions import may_end_customer_wait, may_manage, may_work
from yekuo.workflow.services.common import begin, begin_for_item, item_under_lock
from yekuo.workflow.stages import StageOwner

MAXIMUM_EXPLANATION_LENGTH = 2_000
MAXIMUM_EVIDENCE_FILES = 5
EVIDENCE_FOLDER = "clock-stops"


def start_clock_stop(transition: Transition, stop: ClockStop, *, approver: User) -> None:
    """Approve the stop and stop the item's clock now."""
    item = stop.work_item
    stop.status = ClockStopStatus.ACTIVE
    stop.decided_by = approver
    stop.decided_at = stop.started_at = transition.now
    stop.save(update_fields=["status", "decided_by", "decided_at", "started_at"])
    item.status = WorkItemStatus.SUSPENDED
    item.save(update_fields=["status"])
    run = transition.clock_by_id(item.clock_id)
    if run is not None:
        pause_clock(transition, run)
    notice_send(
        application=transition.application,
        kind=NoticeKind.CLOCK_STOP,
        items=[{"reason": stop.reason, "explanation": stop.explanation}],
        message=stop.explanation,
        actor=approver,
        now=transition.now,
    )
    transition.record(
        WorkflowEvent.WORK_ITEM_SUSPENDED,
        work_item=item,
        new={"clock_stop": stop.pk, "reason": stop.reason, "approved_by": approver.pk},
    )


def checked_evidence(evidence: Sequence[UploadedFile]) -> None:
    """Refuse the whole request before anything is stored when one file is missing, too large or not a
    PDF, JPEG or PNG (uploads.checked_upload reads each file, so it is rewound for storing)."""
    if len(evidence) > MAXIMUM_EVIDENCE_FILES:
        raise ValidationFailed(
            _("Attach at most %(count)d evidence files.") % {"count": MAXIMUM_EVIDENCE_FILES},
            code="too_many_files",
        )
    for uploaded in evidence:
        checked_upload(uploaded)
        uploaded.seek(0)


def evidence_store(
    stop: ClockStop, evidence: Sequence[UploadedFile], *, actor: User, now: datetime
) -> list[dict[str, object]]:
    """One ClockStopEvidence row per file; what the event records about each."""
    recorded: list[dict[str, object]] = []
    for uploaded in evidence:
        stored = upload_store(uploaded=uploaded, folder=EVIDENCE_FOLDER)
        row = ClockStopEvidence.objects.create(
            clock_stop=stop,
            file=stored.name,
            original_name=stored.original_name,
            file_type=stored.file_type.value,
            size=stored.size,
            uploaded_by=actor,
            uploaded_at=now,
        )
        recorded.append({"evidence": row.pk, "file_type": row.file_type, "size": row.size})
    return recorded


@transaction.atomic
def clock_stop_request(
    *,
    actor: User,
    work_item_id: int,
    reason: str,
    explanation: str,
    evidence: Sequence[UploadedFile] = (),
) -> ClockStop:
    """Ask the unit head to stop the clock, with the evidence files that support it (regulations §3);
    the item keeps running until approved."""
    explanation = explanation.strip()
    if reason not in ClockStopReason.values:
        raise ValidationFailed(_("Choose a reason from the list."), code="invalid_reason")
    if not explanation or len(explanation) > MAXIMUM_EXPLANATION_LENGTH:
        raise ValidationFailed(
            _("Explain the clock stop (at most 2,000 characters)."), code="explanation_required"
        )
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, RUNNING_WORK_ITEM_STATUSES)
    if item.owner != StageOwner.UTILITY or not may_work(actor, item, transition.actor_roles()):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    if ClockStop.objects.filter(work_item=item, status=ClockStopStatus.REQUESTED).exists():
        raise TransitionNotAllowed(
            _("A clock stop for this item is already awaiting approval."), code="stop_pending"
        )
    checked_evidence(evidence)
    stop = ClockStop.objects.create(
        work_item=item,
        application=transition.application,
        reason=reason,
        explanation=explanation,
        status=ClockStopStatus.REQUESTED,
        requested_by=actor,
        requested_at=transition.now,
    )
    transition.record(
        WorkflowEvent.CLOCK_STOP_REQUESTED,
        work_item=item,
        new={
            "clock_stop": stop.pk,
            "reason": reason,
            "evidence": evidence_store(stop, evidence, actor=actor, now=transition.now),
        },
    )
    settle(transition)
    return stop


@transaction.atomic
def clock_stop_decide(*, actor: User, clock_stop_id: int, approve: bool, note: str = "") -> ClockStop:
    stop = ClockStop.objects.filter(pk=clock_stop_id).select_related("work_item").first()
    if stop is None:
        raise ValidationFailed(_("This clock stop does not exist."), code="clock_stop_not_found")
    transition = begin(application_id=stop.application_id, actor=actor)
    item = item_under_lock(
        transition, stop.work_item_id, [*RUNNING_WORK_ITEM_STATUSES, WorkItemStatus.SUSPENDED]
    )
    stop = ClockStop.objects.select_for_update().get(pk=clock_stop_id)
    stop.work_item = item
    if stop.status != ClockStopStatus.REQUESTED:
        raise TransitionNotAllowed(_("This clock stop has already been decided."), code="stop_decided")
    if not may_manage(actor, item, transition.actor_roles()):
        raise NotPermitted(_("Only a unit head over this unit approves clock stops."))
    if approve:
        if item.status == WorkItemStatus.SUSPENDED:
            raise TransitionNotAllowed(
                _("The clock of this item is already stopped."), code="already_stopped"
            )
        start_clock_stop(transition, stop, approver=actor)
        transition.record(WorkflowEvent.CLOCK_STOP_APPROVED, work_item=item, new={"clock_stop": stop.pk})
    else:
        stop.status = ClockStopStatus.REJECTED
        stop.decided_by = actor
        stop.decided_at = transition.now
        stop.save(update_fields=["status", "decided_by", "decided_at"])
        transition.record(
            WorkflowEvent.CLOCK_STOP_REJECTED, work_item=item, new={"clock_stop": stop.pk, "note": note}
        )
    settle(transition)
    return stop


def end_active_stops(transition: Transition, item: WorkItem) -> list[ClockStop]:
    stops = list(ClockStop.objects.filter(work_item=item, status=ClockStopStatus.ACTIVE))
    for stop in stops:
        stop.status = ClockStopStatus.ENDED
        stop.ended_at = transition.now
        stop.save(update_fields=["status", "ended_at"])
    return stops


@transaction.atomic
def work_item_resume(*, actor: User, work_item_id: int) -> WorkItem:
    """End the clock stop: the clock runs again with the days it had left, or afresh after a failed
    inspection (a re-inspection starts a new clock, regulations §3)."""
    transition = begin_for_item(work_item_id=work_item_id, actor=actor)
    item = item_under_lock(transition, work_item_id, [WorkItemStatus.SUSPENDED])
    roles = transition.actor_roles()
    if not (
        may_work(actor, item, roles) or may_manage(actor, item, roles) or may_end_customer_wait(actor, item)
    ):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    stops = end_active_stops(transition, item)
    restarts = any(stop.restarts_clock for stop in stops)
    item.status = WorkItemStatus.CLAIMED if item.assignee_id else WorkItemStatus.OPEN
    clock_code = transition.stage_definitions[item.stage].clock
    if clock_code:
        run = clock_run_for(transition, clock_code, fresh=restarts)
        item.clock = run
        item.warn_at, item.due_at = run.warn_at, run.due_at
        if restarts:
            # A fresh clock: the sweep will warn and mark overdue again as it crosses the thresholds.
            item.deadline_state = DeadlineState.ON_TIME
        # Otherwise the state is kept: lowering it would make the sweep escalate the same delay twice,
        # and raising it here would skip the sweep's events and notices.
    item.save(update_fields=["status", "clock", "warn_at", "due_at", "deadline_state"])
    transition.record(
        WorkflowEvent.WORK_ITEM_RESUMED,
        work_item=item,
        new={"due_at": item.due_at, "clock_restarted": restarts},
    )
    settle(transition)
    return item
