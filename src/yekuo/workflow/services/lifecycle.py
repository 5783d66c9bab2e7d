"""Submit, accept, cancel, expire and reopen an application."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.choices import OPEN_STATUSES, ApplicationStatus, Category
from yekuo.applications.models import Application
from yekuo.applications.outcomes import AcceptanceOutcome
from yekuo.applications.recording import latest_scheme
from yekuo.applications.records import SchemeStatus
from yekuo.applications.services import application_number_next
from yekuo.core import clock
from yekuo.core.errors import ValidationFailed
from yekuo.events.services import record_event
from yekuo.org.roles import Role
from yekuo.workflow.definitions import ProcessDefinition, ProcessVariant
from yekuo.workflow.engine import (
    Transition,
    active_items,
    close_item,
    lock_application,
    mark_not_current,
    open_stage,
    rule_set_in_force,
    settle,
)
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ApplicationProcess, WorkItem, WorkItemStatus
from yekuo.workflow.permissions import covers, roles_of
from yekuo.workflow.services.clock_stops import end_active_stops
from yekuo.workflow.services.common import begin, begin_locked
from yekuo.workflow.services.work_items import work_item_complete
from yekuo.workflow.stage_outcomes import ENERGISING_STAGES
from yekuo.workflow.stages import Stage

INTAKE_ROLES = (Role.INTAKE_CLERK, Role.ACCOUNT_MANAGER)
MAXIMUM_REASON_LENGTH = 2_000


def _covers(actor: User, roles: tuple[Role, ...], application: Application) -> bool:
    held, path = roles_of(actor), application.supply_station.path
    return any(covers(held, role, path) for role in roles)


def _is_applicant(actor: User, application: Application) -> bool:
    return actor.kind == AccountKind.CUSTOMER and application.customer.account_id == actor.pk


def definition_for(application: Application) -> ProcessDefinition:
    """The newest version for the application's category, type and variant (三零 for residential and
    eligible low-voltage customers)."""
    variant = (
        ProcessVariant.THREE_ZERO
        if application.category == Category.LOW_VOLTAGE_RESIDENTIAL or application.is_three_zero_eligible
        else ProcessVariant.STANDARD
    )
    definition = (
        ProcessDefinition.objects.filter(
            category=application.category, business_type=application.business_type, variant=variant
        )
        .order_by("-version")
        .first()
    )
    if definition is None:
        raise TransitionNotAllowed(
            _("No process is defined for this kind of application."), code="no_definition"
        )
    return definition


@transaction.atomic
def application_submit(*, actor: User, application_id: int) -> Application:
    """The applicant (or a clerk at the counter) submits the draft: it gets its number and its acceptance
    work item."""
    application = lock_application(application_id)
    if not (_is_applicant(actor, application) or _covers(actor, INTAKE_ROLES, application)):
        raise NotPermitted(
            _("Only the applicant or an intake clerk of this station submits the application.")
        )
    if application.status != ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(
            _("This application has already been submitted."), code="already_submitted"
        )
    now = clock.now()
    process = ApplicationProcess.objects.create(
        application=application, definition=definition_for(application), rule_set=rule_set_in_force(now)
    )
    application.number = application_number_next(
        supply_station=application.supply_station, province=application.province, on=timezone.localdate(now)
    )
    application.status = ApplicationStatus.ACTIVE
    application.submitted_at = now
    application.save(update_fields=["number", "status", "submitted_at"])
    transition = Transition(application=application, process=process, actor=actor, now=now)
    transition.record(
        WorkflowEvent.APPLICATION_SUBMITTED,
        old={"status": ApplicationStatus.DRAFT},
        new={"status": application.status, "number": application.number, "definition": process.definition_id},
    )
    for stage in transition.graph.start_stages():
        open_stage(transition, stage)
    settle(transition)
    return application


def application_accept(*, actor: User, work_item_id: int, remarks: str = "") -> WorkItem:
    """Complete the acceptance stage. With documents missing, one notice lists all of them and the clock
    waits for the customer; otherwise the application is accepted under the rule set in force today."""
    return work_item_complete(
        actor=actor, work_item_id=work_item_id, outcome=AcceptanceOutcome(remarks=remarks)
    )


def _close_everything(transition: Transition, *, status: ApplicationStatus, reason: str) -> None:
    for item in active_items(transition):
        end_active_stops(transition, item)
        close_item(transition, item, WorkItemStatus.CANCELLED, note=reason)
        transition.record(WorkflowEvent.WORK_ITEM_CANCELLED, work_item=item, new={"reason": reason})
    application = transition.application
    old_status = application.status
    application.status = status
    application.closed_at = transition.now
    application.save(update_fields=["status", "closed_at"])
    kind = (
        WorkflowEvent.APPLICATION_CANCELLED
        if status == ApplicationStatus.CANCELLED
        else WorkflowEvent.APPLICATION_EXPIRED
    )
    transition.record(kind, old={"status": old_status}, new={"status": status, "reason": reason})
    settle(transition)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > MAXIMUM_REASON_LENGTH:
        raise ValidationFailed(_("Give the reason (at most 2,000 characters)."), code="reason_required")
    return reason


def is_energised(application: Application) -> bool:
    """Energised (送电) means an energising stage of the definition (metering and energisation, or
    energisation) has completed and is current; `energised_at` is set by that same completion. Past that
    point the connection is live: it is terminated through a separate business (销户), not withdrawn."""
    return (
        application.energised_at is not None
        or WorkItem.objects.filter(
            application=application,
            is_current=True,
            status=WorkItemStatus.COMPLETED,
            stage__in=sorted(ENERGISING_STAGES),
        ).exists()
    )


def _cancel_draft(actor: User, application: Application, reason: str) -> Application:
    """A draft has no process and no number yet: withdrawing it closes it as cancelled (kept, with its
    documents and the reason, for the record) and nothing else."""
    now = clock.now()
    application.status = ApplicationStatus.CANCELLED
    application.closed_at = now
    application.save(update_fields=["status", "closed_at"])
    record_event(
        kind=WorkflowEvent.APPLICATION_CANCELLED,
        actor=actor,
        chain=str(application.province.region_code),
        application_id=application.pk,
        old_values={"status": ApplicationStatus.DRAFT},
        new_values={"status": application.status, "reason": reason},
    )
    return application


@transaction.atomic
def application_cancel(*, actor: User, application_id: int, reason: str) -> Application:
    """The customer withdraws (a draft too), or a unit head cancels with a reason; never once energised."""
    reason = _reason(reason)
    application = lock_application(application_id)
    if not (_is_applicant(actor, application) or _covers(actor, (Role.UNIT_HEAD,), application)):
        raise NotPermitted(_("Only the applicant or a unit head over this station cancels the application."))
    if application.status == ApplicationStatus.DRAFT:
        return _cancel_draft(actor, application, reason)
    if application.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(_("This application is already closed."), code="already_closed")
    transition = begin_locked(application=application, actor=actor)
    if is_energised(application):
        raise TransitionNotAllowed(
            _(
                "The connection has been energised, so the application can no longer be withdrawn or "
                "cancelled; ask the utility to terminate the supply instead."
            ),
            code="already_energised",
        )
    _close_everything(transition, status=ApplicationStatus.CANCELLED, reason=reason)
    return application


@transaction.atomic
def application_expire(*, actor: User | None, application_id: int) -> Application | None:
    """The supply scheme's validity lapsed before the customer's works were reported complete
    (逾期失效). Returns None (and changes nothing) when the application does not qualify, so the daily
    sweep can call it repeatedly."""
    transition = begin(application_id=application_id, actor=actor)
    application = transition.application
    scheme = latest_scheme(application)
    today = timezone.localdate(clock.now())
    if (
        application.status not in (ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED)
        or application.energised_at is not None
        or scheme is None
        or scheme.status != SchemeStatus.REPLIED
        or scheme.valid_until is None
        or scheme.valid_until >= today
        or WorkItem.objects.filter(
            application=application,
            is_current=True,
            status=WorkItemStatus.COMPLETED,
            stage__in=[Stage.CUSTOMER_COMPLETION, Stage.CUSTOMER_CONSTRUCTION],
        ).exists()
    ):
        return None
    scheme.status = SchemeStatus.EXPIRED
    scheme.save(update_fields=["status"])
    reason = _("The supply scheme expired on %(day)s.") % {"day": scheme.valid_until.isoformat()}
    _close_everything(transition, status=ApplicationStatus.EXPIRED, reason=reason)
    return application


@transaction.atomic
def application_reopen(*, actor: User, application_id: int, reason: str) -> Application:
    """A unit head reopens a cancelled or expired application: a cancelled one where it stopped, an expired
    one at scheme drafting (the old scheme has lapsed)."""
    reason = _reason(reason)
    application = lock_application(application_id)
    if not _covers(actor, (Role.UNIT_HEAD,), application):
        raise NotPermitted(_("Only a unit head over this station reopens an application."))
    if application.status == ApplicationStatus.CANCELLED and application.submitted_at is None:
        raise TransitionNotAllowed(
            _("This draft was withdrawn before it was submitted; the customer applies again."),
            code="withdrawn_draft",
        )
    transition = begin(application_id=application_id, actor=actor)
    application = transition.application
    if application.status not in (ApplicationStatus.CANCELLED, ApplicationStatus.EXPIRED):
        raise TransitionNotAllowed(
            _("Only cancelled or expired applications are reopened."), code="not_closed"
        )
    was_expired = application.status == ApplicationStatus.EXPIRED
    if was_expired and transition.graph.applies(Stage.SUPPLY_SCHEME_DRAFTING):
        stages = [Stage.SUPPLY_SCHEME_DRAFTING]
        mark_not_current(
            transition,
            {Stage.SUPPLY_SCHEME_DRAFTING} | transition.graph.downstream(Stage.SUPPLY_SCHEME_DRAFTING),
        )
    else:
        closed = [
            item
            for item in transition.items()
            if item.is_current
            and item.status == WorkItemStatus.CANCELLED
            and item.closed_at == application.closed_at
        ]
        stages = [Stage(item.stage) for item in closed]
        for item in closed:
            item.is_current = False
        WorkItem.objects.filter(pk__in=[item.pk for item in closed]).update(is_current=False)
    old_status = application.status
    application.status = ApplicationStatus.ACTIVE
    application.closed_at = None
    application.completed_utility_working_days = None
    application.completed_whole_process_limit_days = None
    application.save(
        update_fields=[
            "status",
            "closed_at",
            "completed_utility_working_days",
            "completed_whole_process_limit_days",
        ]
    )
    transition.record(
        WorkflowEvent.APPLICATION_REOPENED,
        old={"status": old_status},
        new={"status": application.status, "reason": reason},
    )
    for stage in stages:
        open_stage(transition, stage)
    settle(transition)
    return application
