"""Store a stage's validated outcome as its record. Called by the workflow inside its transition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.applications.outcomes import (
    AcceptanceOutcome,
    ArchiveOutcome,
    CustomerMilestoneOutcome,
    EnergisationOutcome,
    GridWorksOutcome,
    InspectionOutcome,
    MeteringOutcome,
    ReturnVisitOutcome,
    SiteSurveyOutcome,
    StageOutcome,
    SupplyContractOutcome,
    SupplySchemeApprovalOutcome,
    SupplySchemeDraftOutcome,
)
from yekuo.applications.records import (
    ArchiveRecord,
    CustomerMilestone,
    EnergisationRecord,
    GridWorksRecord,
    Inspection,
    InspectionDefect,
    MeteringRecord,
    Notice,
    NoticeKind,
    ReturnVisitRecord,
    SchemeFeeItem,
    SchemeStatus,
    SiteSurvey,
    SupplyContractRecord,
    SupplyScheme,
)
from yekuo.core.errors import Conflict, ValidationFailed


@dataclass(frozen=True)
class RecordContext:
    application: Application
    work_item_id: int
    stage: str
    actor: User
    now: datetime


def _common(context: RecordContext) -> dict[str, Any]:
    return {
        "application": context.application,
        "work_item_id": context.work_item_id,
        "recorded_at": context.now,
        "recorded_by": context.actor,
    }


def latest_scheme(application: Application) -> SupplyScheme | None:
    return SupplyScheme.objects.filter(application=application).order_by("-recorded_at", "-pk").first()


def scheme_reply(*, context: RecordContext, replied_on: date, validity_months: int) -> SupplyScheme:
    """Mark the latest drafted scheme as replied, valid `validity_months` from the reply (1996 Art. 21)."""
    scheme = latest_scheme(context.application)
    if scheme is None or scheme.status != SchemeStatus.DRAFTED:
        raise ValidationFailed(_("There is no drafted supply scheme to approve."), code="no_drafted_scheme")
    scheme.status = SchemeStatus.REPLIED
    scheme.replied_on = replied_on
    scheme.valid_until = replied_on + relativedelta(months=validity_months)
    scheme.approved_by = context.actor
    scheme.save(update_fields=["status", "replied_on", "valid_until", "approved_by"])
    fees = [
        {"name": item.name, "amount_yuan": str(item.amount_yuan), "legal_basis": item.legal_basis}
        for item in scheme.fee_items.all()
    ]
    Notice.objects.create(
        application=context.application,
        kind=NoticeKind.SUPPLY_SCHEME,
        items=[
            {
                "connection_point": scheme.connection_point,
                "supply_voltage": scheme.supply_voltage,
                "circuit_count": scheme.circuit_count,
                "supply_capacity_kva": str(scheme.supply_capacity_kva),
                "metering_method": scheme.metering_method,
                "valid_until": scheme.valid_until.isoformat(),
                "fee_items": fees,
            }
        ],
        sent_at=context.now,
        sent_by=context.actor,
    )
    return scheme


def record_outcome(*, context: RecordContext, outcome: StageOutcome) -> object | None:  # noqa: PLR0911
    """Validate and store; returns the record (None for acceptance, whose record is the application)."""
    outcome.validate()
    common = _common(context)
    if isinstance(outcome, AcceptanceOutcome | SupplySchemeApprovalOutcome):
        return None
    if isinstance(outcome, SiteSurveyOutcome):
        return SiteSurvey.objects.create(
            **common,
            surveyed_on=outcome.surveyed_on,
            site_conditions=outcome.site_conditions,
            nearest_supply_point=outcome.nearest_supply_point,
            suggested_voltage=outcome.suggested_voltage,
        )
    if isinstance(outcome, SupplySchemeDraftOutcome):
        scheme = SupplyScheme.objects.create(
            **common,
            connection_point=outcome.connection_point,
            supply_voltage=outcome.supply_voltage,
            circuit_count=outcome.circuit_count,
            supply_capacity_kva=outcome.supply_capacity_kva,
            metering_method=outcome.metering_method,
        )
        SchemeFeeItem.objects.bulk_create(
            SchemeFeeItem(
                scheme=scheme, name=item.name, amount_yuan=item.amount_yuan, legal_basis=item.legal_basis
            )
            for item in outcome.fee_items
        )
        return scheme
    if isinstance(outcome, InspectionOutcome):
        return _record_inspection(context, outcome, common)
    if isinstance(outcome, CustomerMilestoneOutcome):
        return CustomerMilestone.objects.create(
            **common,
            stage=context.stage,
            completed_on=outcome.completed_on,
            firm_name=outcome.firm_name,
            reference=outcome.reference,
            amount_yuan=outcome.amount_yuan,
            note=outcome.note,
        )
    if isinstance(outcome, SupplyContractOutcome):
        return SupplyContractRecord.objects.create(
            **common,
            contract_number=outcome.contract_number,
            signed_on=outcome.signed_on,
            term_years=outcome.term_years,
            signatory=outcome.signatory,
        )
    if isinstance(outcome, GridWorksOutcome):
        return GridWorksRecord.objects.create(
            **common, description=outcome.description, completed_on=outcome.completed_on
        )
    if isinstance(outcome, MeteringOutcome):
        try:
            with transaction.atomic():
                return MeteringRecord.objects.create(
                    **common,
                    meter_number=outcome.meter_number,
                    initial_reading=outcome.initial_reading,
                    current_transformer_ratio=outcome.current_transformer_ratio,
                    installed_at=outcome.installed_at,
                )
        except IntegrityError as error:
            raise Conflict(
                _("This meter number is already installed elsewhere."), code="meter_in_use"
            ) from error
    if isinstance(outcome, EnergisationOutcome):
        return EnergisationRecord.objects.create(**common, energised_at=outcome.energised_at)
    if isinstance(outcome, ArchiveOutcome):
        return ArchiveRecord.objects.create(**common, archive_number=outcome.archive_number)
    if isinstance(outcome, ReturnVisitOutcome):
        return ReturnVisitRecord.objects.create(
            **common,
            visited_on=outcome.visited_on,
            satisfaction=outcome.satisfaction,
            stage_times_match=outcome.stage_times_match,
            comments=outcome.comments,
        )
    raise TypeError(f"no record for {type(outcome).__name__}")


INSPECTION_KIND_OF_STAGE = {
    "design_review": "design_review",
    "mid_construction_inspection": "mid_construction",
    "completion_inspection": "completion",
}


def _record_inspection(
    context: RecordContext, outcome: InspectionOutcome, common: dict[str, Any]
) -> Inspection:
    inspection = Inspection.objects.create(
        **common,
        kind=INSPECTION_KIND_OF_STAGE[context.stage],
        result="passed" if outcome.passed else "failed",
        inspected_on=outcome.inspected_on,
        remarks=outcome.remarks,
    )
    InspectionDefect.objects.bulk_create(
        InspectionDefect(
            inspection=inspection,
            description=defect.description,
            location=defect.location,
            requirement=defect.requirement,
        )
        for defect in outcome.defects
    )
    if not outcome.passed:
        Notice.objects.create(
            application=context.application,
            kind=NoticeKind.INSPECTION_DEFECTS,
            items=[
                {"description": d.description, "location": d.location, "requirement": d.requirement}
                for d in outcome.defects
            ],
            message=outcome.remarks,
            sent_at=context.now,
            sent_by=context.actor,
        )
    return inspection


def notice_send(
    *, application: Application, kind: str, items: list[Any], message: str, actor: User | None, now: datetime
) -> Notice:
    return Notice.objects.create(
        application=application, kind=kind, items=items, message=message, sent_at=now, sent_by=actor
    )
