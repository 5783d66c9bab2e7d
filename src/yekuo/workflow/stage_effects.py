"""What completing particular stages does beyond closing the work item: the documents check at acceptance,
the scheme reply with its validity, failed inspections stopping the clock for rectification, energisation."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.applications.choices import LOW_VOLTAGE_CATEGORIES
from yekuo.applications.documents import required_documents
from yekuo.applications.models import ApplicationDocument
from yekuo.applications.outcomes import EnergisationOutcome, InspectionOutcome, MeteringOutcome, StageOutcome
from yekuo.applications.recording import RecordContext, notice_send, scheme_reply
from yekuo.applications.records import NoticeKind, SupplyScheme
from yekuo.core.prepared import PreparedQuery, update_statement
from yekuo.customers.models import Customer, PartyKind
from yekuo.workflow.clock_runs import rule_sets_in_force
from yekuo.workflow.engine import Transition
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, WholeProcessLimit, WorkItem
from yekuo.workflow.stage_outcomes import ENERGISING_STAGES, INSPECTION_STAGES
from yekuo.workflow.stages import Stage


class Effect(StrEnum):
    COMPLETE = "complete"
    HOLD = "hold"  # the work item stays, its clock stopped, waiting on the customer


_CUSTOMER = PreparedQuery(lambda customer_id: Customer.objects.filter(pk=customer_id), int)
_DOCUMENT_KINDS = PreparedQuery(
    lambda application_id: ApplicationDocument.objects.filter(application_id=application_id).values_list(
        "kind"
    ),
    int,
)
_RULE_SET_IN_FORCE = PreparedQuery(rule_sets_in_force, date)
_WHOLE_PROCESS_LIMIT_IN_FORCE = PreparedQuery(
    lambda day, category: WholeProcessLimit.objects.filter(
        rule_set_id__in=rule_sets_in_force(day).values("pk"), category=category
    ).order_by("pk")[:1],
    date,
    str,
)


def missing_documents(transition: Transition) -> list[str]:
    """The documents still needed, read with the customer in one round trip."""
    application = transition.application
    customer, documents = (
        _CUSTOMER.statement(application.customer_id),
        _DOCUMENT_KINDS.statement(application.pk),
    )
    transition.run(customer, documents)
    application.customer = customer.objects()[0]
    needed = required_documents(
        category=application.category,
        business_type=application.business_type,
        is_enterprise=application.customer.party_kind == PartyKind.ENTERPRISE,
    )
    received = {kind for (kind,) in documents.rows()}
    return [kind for kind in needed if kind not in received]


def hold_for_customer(
    transition: Transition, item: WorkItem, *, reason: ClockStopReason, explanation: str, restarts_clock: bool
) -> None:
    """Stop the item's clock while the customer acts; approved by the rule that caused it."""
    from yekuo.workflow.services.clock_stops import start_clock_stop  # noqa: PLC0415

    actor = transition.actor
    assert actor is not None  # noqa: S101  # holds are always caused by a person's decision
    transition.run()  # the writes queued so far go first: the ORM statements below do not carry them
    stop = ClockStop.objects.create(
        work_item=item,
        application=transition.application,
        reason=reason,
        explanation=explanation,
        status=ClockStopStatus.REQUESTED,
        restarts_clock=restarts_clock,
        requested_by=actor,
        requested_at=transition.now,
    )
    start_clock_stop(transition, stop, approver=actor)


def before_completion(transition: Transition, item: WorkItem, outcome: StageOutcome) -> Effect:
    if item.stage == Stage.ACCEPTANCE:
        missing = missing_documents(transition)
        if missing:
            notice_send(
                application=transition.application,
                kind=NoticeKind.MISSING_DOCUMENTS,
                items=missing,
                message="",
                actor=transition.actor,
                now=transition.now,
            )
            transition.record(
                WorkflowEvent.APPLICATION_DOCUMENTS_MISSING, work_item=item, new={"missing": missing}
            )
            hold_for_customer(
                transition,
                item,
                reason=ClockStopReason.CUSTOMER_DOCUMENTS,
                explanation=_("Waiting for the documents listed in the notice."),
                restarts_clock=False,
            )
            return Effect.HOLD
    if item.stage in INSPECTION_STAGES and isinstance(outcome, InspectionOutcome) and not outcome.passed:
        transition.record(
            WorkflowEvent.INSPECTION_FAILED,
            work_item=item,
            new={"defects": [defect.description for defect in outcome.defects]},
        )
        reason = (
            ClockStopReason.CUSTOMER_DESIGN
            if item.stage == Stage.DESIGN_REVIEW
            else ClockStopReason.RECTIFICATION
        )
        hold_for_customer(
            transition,
            item,
            reason=reason,
            restarts_clock=True,
            explanation=_("Waiting for the customer to remedy the defects listed in the notice."),
        )
        return Effect.HOLD
    return Effect.COMPLETE


def after_completion(transition: Transition, item: WorkItem, outcome: StageOutcome) -> None:
    application = transition.application
    if item.stage == Stage.ACCEPTANCE:
        _accept(transition)
    replies = item.stage == Stage.SUPPLY_SCHEME_APPROVAL or (
        item.stage == Stage.SUPPLY_SCHEME_DRAFTING
        and not transition.graph.applies(Stage.SUPPLY_SCHEME_APPROVAL)
    )
    if replies:
        rule_set = transition.process.rule_set
        low_voltage = application.category in LOW_VOLTAGE_CATEGORIES
        months = 3 if low_voltage else 12  # 1996 供电营业规则 Art. 21, unless the rule set says otherwise
        if rule_set is not None:
            months = (
                rule_set.low_voltage_scheme_validity_months
                if low_voltage
                else rule_set.high_voltage_scheme_validity_months
            )
        context = RecordContext(application, item.pk, item.stage, transition.actor, transition.now)  # type: ignore[arg-type]
        scheme: SupplyScheme = scheme_reply(
            context=context,
            replied_on=timezone.localdate(transition.now),
            validity_months=months,
            writes=transition,
        )
        transition.record(
            WorkflowEvent.SCHEME_REPLIED,
            work_item=item,
            new={"scheme_id": scheme.pk, "valid_until": scheme.valid_until},
        )
    if item.stage in ENERGISING_STAGES and isinstance(outcome, MeteringOutcome | EnergisationOutcome):
        energised_at = outcome.energised_at or transition.now
        application.energised_at = energised_at
        transition.queue(update_statement(application, ["energised_at"]))
        transition.record(
            WorkflowEvent.APPLICATION_ENERGISED, work_item=item, new={"energised_at": energised_at}
        )


def _accept(transition: Transition) -> None:
    """Acceptance fixes the rule set in force today and the whole-process limit the application meets."""
    application, process = transition.application, transition.process
    application.accepted_at = transition.now
    day = timezone.localdate(transition.now)  # the utility's day, not UTC's
    in_force = _RULE_SET_IN_FORCE.statement(day)
    whole_process = _WHOLE_PROCESS_LIMIT_IN_FORCE.statement(day, application.category)
    transition.run(update_statement(application, ["accepted_at"]), in_force, whole_process)
    rule_set, limit = in_force.first(), whole_process.first()
    if process.rule_set_id != (rule_set.pk if rule_set else None):
        transition.reset_rule_set(rule_set)
    process.whole_process_limit_days = limit.working_days if limit else None
    process.whole_process_scope = limit.scope if limit else ""
    process.counts_grid_supporting_works = limit.includes_grid_supporting_works if limit else False
    transition.queue(
        update_statement(
            process,
            ["rule_set", "whole_process_limit_days", "whole_process_scope", "counts_grid_supporting_works"],
        )
    )
    transition.record(
        WorkflowEvent.APPLICATION_ACCEPTED,
        new={
            "rule_set": rule_set.code if rule_set else None,
            "whole_process_limit_days": process.whole_process_limit_days,
        },
    )
