"""Store a stage's validated outcome as its record. Called by the workflow inside its transition."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
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
    StageRecord,
    SupplyContractRecord,
    SupplyScheme,
)
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.core.prepared import Immediately, PreparedQuery, Writes, insert_statement, update_statement

# The outcomes stored as one record each, field by field under the same names.
PLAIN_RECORDS: dict[type[StageOutcome], type[StageRecord]] = {
    SiteSurveyOutcome: SiteSurvey,
    CustomerMilestoneOutcome: CustomerMilestone,
    SupplyContractOutcome: SupplyContractRecord,
    GridWorksOutcome: GridWorksRecord,
    EnergisationOutcome: EnergisationRecord,
    ArchiveOutcome: ArchiveRecord,
    ReturnVisitOutcome: ReturnVisitRecord,
}


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


def _latest_scheme_of(application_id: Any) -> QuerySet[SupplyScheme]:
    return SupplyScheme.objects.filter(application_id=application_id).order_by("-recorded_at", "-pk")[:1]


_LATEST_SCHEME = PreparedQuery(_latest_scheme_of, int)
_LATEST_SCHEME_FEES = PreparedQuery(
    lambda application_id: (
        SchemeFeeItem.objects.filter(scheme_id__in=_latest_scheme_of(application_id).values("pk"))
        .order_by("pk")
        .values_list("name", "amount_yuan", "legal_basis")
    ),
    int,
)


def scheme_reply(
    *, context: RecordContext, replied_on: date, validity_months: int, writes: Writes | None = None
) -> SupplyScheme:
    """Mark the latest drafted scheme as replied, valid `validity_months` from the reply (1996 Art. 21).
    `writes`: the caller's transition; the scheme is read with its fee items in one round trip (after
    the writes it has queued) and the scheme's update and the notice are queued."""
    writes = writes or Immediately()
    read, fee_items = (
        _LATEST_SCHEME.statement(context.application.pk),
        _LATEST_SCHEME_FEES.statement(context.application.pk),
    )
    writes.run(read, fee_items)
    scheme = read.first()
    if scheme is None or scheme.status != SchemeStatus.DRAFTED:
        raise ValidationFailed(_("There is no drafted supply scheme to approve."), code="no_drafted_scheme")
    scheme.status = SchemeStatus.REPLIED
    scheme.replied_on = replied_on
    scheme.valid_until = replied_on + relativedelta(months=validity_months)
    scheme.approved_by = context.actor
    fees = [
        {"name": name, "amount_yuan": str(amount_yuan), "legal_basis": legal_basis}
        for name, amount_yuan, legal_basis in fee_items.rows()
    ]
    notice = Notice(
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
    writes.queue(
        update_statement(scheme, ["status", "replied_on", "valid_until", "approved_by"]),
        insert_statement([notice]),
    )
    return scheme


def record_outcome(
    *, context: RecordContext, outcome: StageOutcome, writes: Writes | None = None
) -> object | None:
    """Validate and store; returns the record (None for acceptance, whose record is the application).

    `writes`: the caller's transition, where the inserts are queued to travel with its next statement
    (the record has its key once that has run); without it they run at once."""
    outcome.validate()
    writes = writes or Immediately()
    common = _common(context)
    if isinstance(outcome, AcceptanceOutcome | SupplySchemeApprovalOutcome):
        return None
    if isinstance(outcome, SupplySchemeDraftOutcome):
        return _record_scheme(outcome, common, writes)
    if isinstance(outcome, InspectionOutcome):
        return _record_inspection(context, outcome, common, writes)
    if isinstance(outcome, MeteringOutcome):
        return _record_metering(outcome, common, writes)
    record_model = PLAIN_RECORDS.get(type(outcome))
    if record_model is None:
        raise TypeError(f"no record for {type(outcome).__name__}")
    # Every field of these outcomes is a column of the same name in its record.
    values = {field.name: getattr(outcome, field.name) for field in dataclasses.fields(outcome)}
    if record_model is CustomerMilestone:
        values["stage"] = context.stage
    record = record_model(**common, **values)
    writes.queue(insert_statement([record]))
    return record


def _record_scheme(outcome: SupplySchemeDraftOutcome, common: dict[str, Any], writes: Writes) -> SupplyScheme:
    scheme = SupplyScheme(
        **common,
        connection_point=outcome.connection_point,
        supply_voltage=outcome.supply_voltage,
        circuit_count=outcome.circuit_count,
        supply_capacity_kva=outcome.supply_capacity_kva,
        metering_method=outcome.metering_method,
    )
    fees = [
        SchemeFeeItem(
            scheme=scheme, name=item.name, amount_yuan=item.amount_yuan, legal_basis=item.legal_basis
        )
        for item in outcome.fee_items
    ]
    if not fees:
        writes.queue(insert_statement([scheme]))
        return scheme
    writes.run(insert_statement([scheme]))  # the fee items need its key
    for fee in fees:
        fee.scheme = scheme  # takes the key it now has
    writes.queue(insert_statement(fees))
    return scheme


def _record_metering(outcome: MeteringOutcome, common: dict[str, Any], writes: Writes) -> MeteringRecord:
    """A meter is installed in one place only. The insert skips a taken meter number and raises Conflict
    once it has run, so no savepoint is needed; the caller's transaction is rolled back."""
    record = MeteringRecord(
        **common,
        meter_number=outcome.meter_number,
        initial_reading=outcome.initial_reading,
        current_transformer_ratio=outcome.current_transformer_ratio,
        installed_at=outcome.installed_at,
    )
    conflict = Conflict(_("This meter number is already installed elsewhere."), code="meter_in_use")
    writes.queue(insert_statement([record], conflict_fields=("meter_number",), on_conflict=conflict))
    return record


INSPECTION_KIND_OF_STAGE = {
    "design_review": "design_review",
    "mid_construction_inspection": "mid_construction",
    "completion_inspection": "completion",
}


def _record_inspection(
    context: RecordContext, outcome: InspectionOutcome, common: dict[str, Any], writes: Writes
) -> Inspection:
    inspection = Inspection(
        **common,
        kind=INSPECTION_KIND_OF_STAGE[context.stage],
        result="passed" if outcome.passed else "failed",
        inspected_on=outcome.inspected_on,
        remarks=outcome.remarks,
    )
    defects = [
        InspectionDefect(
            inspection=inspection,
            description=defect.description,
            location=defect.location,
            requirement=defect.requirement,
        )
        for defect in outcome.defects
    ]
    if not defects:
        writes.queue(insert_statement([inspection]))
    else:
        writes.run(insert_statement([inspection]))  # the defects need its key
        for defect in defects:
            defect.inspection = inspection  # takes the key it now has
        writes.queue(insert_statement(defects))
    if not outcome.passed:
        notice = Notice(
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
        writes.queue(insert_statement([notice]))
    return inspection


def notice_send(
    *, application: Application, kind: str, items: list[Any], message: str, actor: User | None, now: datetime
) -> Notice:
    return Notice.objects.create(
        application=application, kind=kind, items=items, message=message, sent_at=now, sent_by=actor
    )
