"""What a client sends to complete a work item: one schema per outcome kind, told apart by `kind`.

The schemas only parse types and bound sizes (unknown fields are refused); whether the values make sense is
decided by the outcome dataclass's validate() inside the service, as for the workbench's forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, get_args

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field, StrictBool, StrictInt

from yekuo.applications import outcomes
from yekuo.applications.outcome_values import from_values

MAXIMUM_TEXT = outcomes.MAXIMUM_TEXT
MAXIMUM_ROWS = 50

Text = Annotated[str, Field(max_length=MAXIMUM_TEXT)]
Count = Annotated[StrictInt, Field(ge=-1_000_000, le=1_000_000)]
Yuan = Annotated[Decimal, Field(max_digits=12, decimal_places=2, allow_inf_nan=False)]


class OutcomeIn(Schema):
    """Fields named as the outcome's (rows as nested schemas named as the row's fields), so the outcome
    is built from them by name, as from the workbench's forms."""

    model_config = ConfigDict(extra="forbid")
    outcome_type: ClassVar[type[outcomes.StageOutcome]]

    def to_outcome(self) -> outcomes.StageOutcome:
        return from_values(self.outcome_type, self.model_dump(exclude={"kind"}))


class AcceptanceIn(OutcomeIn):
    outcome_type = outcomes.AcceptanceOutcome
    kind: Literal["acceptance"]
    remarks: Text = ""


class SiteSurveyIn(OutcomeIn):
    outcome_type = outcomes.SiteSurveyOutcome
    kind: Literal["site_survey"]
    surveyed_on: date
    site_conditions: Text
    nearest_supply_point: Text
    suggested_voltage: Text


class FeeItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: Text
    amount_yuan: Yuan
    legal_basis: Text


class SupplySchemeDraftIn(OutcomeIn):
    outcome_type = outcomes.SupplySchemeDraftOutcome
    kind: Literal["supply_scheme_draft"]
    connection_point: Text
    supply_voltage: Text
    circuit_count: Count
    supply_capacity_kva: Annotated[Decimal, Field(max_digits=10, decimal_places=1, allow_inf_nan=False)]
    metering_method: Text
    fee_items: Annotated[tuple[FeeItemIn, ...], Field(max_length=MAXIMUM_ROWS)] = ()


class SupplySchemeApprovalIn(OutcomeIn):
    outcome_type = outcomes.SupplySchemeApprovalOutcome
    kind: Literal["supply_scheme_approval"]
    remarks: Text = ""


class DefectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    description: Text
    location: Text = ""
    requirement: Text = ""


class InspectionIn(OutcomeIn):
    outcome_type = outcomes.InspectionOutcome
    kind: Literal["inspection"]
    inspected_on: date
    passed: StrictBool
    defects: Annotated[tuple[DefectIn, ...], Field(max_length=MAXIMUM_ROWS)] = ()
    remarks: Text = ""


class CustomerMilestoneIn(OutcomeIn):
    outcome_type = outcomes.CustomerMilestoneOutcome
    kind: Literal["customer_milestone"]
    completed_on: date
    firm_name: Text = ""
    reference: Text = ""
    amount_yuan: Yuan | None = None
    note: Text = ""


class SupplyContractIn(OutcomeIn):
    outcome_type = outcomes.SupplyContractOutcome
    kind: Literal["supply_contract"]
    contract_number: Text
    signed_on: date
    term_years: Count
    signatory: Text


class GridWorksIn(OutcomeIn):
    outcome_type = outcomes.GridWorksOutcome
    kind: Literal["grid_works"]
    description: Text
    completed_on: date


class MeteringIn(OutcomeIn):
    outcome_type = outcomes.MeteringOutcome
    kind: Literal["metering"]
    meter_number: Text
    initial_reading: Yuan
    installed_at: AwareDatetime
    current_transformer_ratio: Text = ""
    energised_at: AwareDatetime | None = None


class EnergisationIn(OutcomeIn):
    outcome_type = outcomes.EnergisationOutcome
    kind: Literal["energisation"]
    energised_at: AwareDatetime


class ArchiveIn(OutcomeIn):
    outcome_type = outcomes.ArchiveOutcome
    kind: Literal["archive"]
    archive_number: Text


class ReturnVisitIn(OutcomeIn):
    outcome_type = outcomes.ReturnVisitOutcome
    kind: Literal["return_visit"]
    visited_on: date
    satisfaction: Count
    stage_times_match: StrictBool
    comments: Text = ""


AnyOutcomeIn = Annotated[
    AcceptanceIn
    | SiteSurveyIn
    | SupplySchemeDraftIn
    | SupplySchemeApprovalIn
    | InspectionIn
    | CustomerMilestoneIn
    | SupplyContractIn
    | GridWorksIn
    | MeteringIn
    | EnergisationIn
    | ArchiveIn
    | ReturnVisitIn,
    Field(discriminator="kind"),
]

OUTCOME_SCHEMAS: tuple[type[OutcomeIn], ...] = get_args(get_args(AnyOutcomeIn)[0])  # the union's members
# The `kind` a stage's outcome is sent as, e.g. SiteSurveyOutcome → "site_survey".
KIND_OF_OUTCOME: dict[type, str] = {
    schema.outcome_type: schema.model_fields["kind"].annotation.__args__[0]  # type: ignore[union-attr]
    for schema in OUTCOME_SCHEMAS
}


class CompleteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: AnyOutcomeIn
