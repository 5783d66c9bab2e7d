"""What completing particular stages does beyond closing the work item: the documents check at acceptance,
the scheme reply with its validity, failed inspections stopping the clock for rectification, energisation."""

from __future__ import annotations

from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.applications.choices import LOW_VOLTAGE_CATEGORIES
from yekuo.applications.documents import required_documents
from yekuo.applications.models import ApplicationDocument
from yekuo.applications.outcomes import EnergisationOutcome, InspectionOutcome, MeteringOutcome, StageOutcome
from yekuo.applications.recording import RecordContext, notice_send, scheme_reply
from yekuo.applications.records import NoticeKind, SupplyScheme
from yekuo.customers.models import PartyKind
from yekuo.workflow.engine import Transition, rule_set_in_force
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, WholeProcessLimit, WorkItem
from yekuo.workflow.stage_outcomes import ENERGISING_STAGES, INSPECTION_STAGES
from yekuo.workflow.stages import Stage


class Effect(StrEnum):
    COMPLETE = "complete"
    HOLD = "hold"  # the work item stays, its clock stopped, waiting on the customer


def missing_documents(transition: Transition) -> list[str]:
    application = transition.application
    needed = required_documents(
        category=application.category,
        business_type=application.business_type,
        is_enterprise=application.customer.party_kind == PartyKind.ENTERPRISE,
    )
    received = set(ApplicationDocument.objects.filter(application=application).values_list("kind", flat=True))
    return [kind for kind in needed if kind not in received]


def hold_for_customer(
    transition: Transition, item: WorkItem, *, reason: ClockStopReason, explanation: str, restarts_clock: bool
) -> None:
    """Stop the item's clock while the customer acts; approved by the rule that caused it."""
    from yekuo.workflow.services.clock_stops import start_clock_stop  # noqa: PLC0415

    actor = transition.actor
    assert actor is not None  # noqa: S101  # holds are always caused by a person's decision
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
            context=context, replied_on=timezone.localdate(transition.now), validity_months=months
        )
        transition.record(
            WorkflowEvent.SCHEME_REPLIED,
            work_item=item,
            new={"scheme_id": scheme.pk, "valid_until": scheme.valid_until},
        )
    if item.stage in ENERGISING_STAGES and isinstance(outcome, MeteringOutcome | EnergisationOutcome):
        energised_at = outcome.energised_at or transition.now
        application.energised_at = energised_at
        application.save(update_fields=["energised_at"])
        transition.record(
            WorkflowEvent.APPLICATION_ENERGISED, work_item=item, new={"energised_at": energised_at}
        )


def _accept(transition: Transition) -> None:
    """Acceptance fixes the rule set in force today and the whole-process limit the application meets."""
    application, process = transition.application, transition.process
    application.accepted_at = transition.now
    application.save(update_fields=["accepted_at"])
    rule_set = rule_set_in_force(transition.now)
    if process.rule_set_id != (rule_set.pk if rule_set else None):
        transition.reset_rule_set(rule_set)
    limit = WholeProcessLimit.objects.filter(rule_set=rule_set, category=application.category).first()
    process.whole_process_limit_days = limit.working_days if limit else None
    process.whole_process_scope = limit.scope if limit else ""
    process.counts_grid_supporting_works = limit.includes_grid_supporting_works if limit else False
    process.save(
        update_fields=[
            "rule_set",
            "whole_process_limit_days",
            "whole_process_scope",
            "counts_grid_supporting_works",
        ]
    )
    transition.record(
        WorkflowEvent.APPLICATION_ACCEPTED,
        new={
            "rule_set": rule_set.code if rule_set else None,
            "whole_process_limit_days": process.whole_process_limit_days,
        },
    )
