"""The outcome of each stage as a typed value, validated as a whole (every problem reported at once), and
the function that stores it. The workflow decides which outcome each stage needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.applications.choices import VoltageLevel
from yekuo.core import clock
from yekuo.core.errors import ValidationFailed

MAXIMUM_TEXT = 2_000


def _require(problems: list[str], condition: bool, message: str) -> None:
    if not condition:
        problems.append(message)


def _text(problems: list[str], value: str, label: str, *, required: bool = True, limit: int = 200) -> None:
    if required and not value.strip():
        problems.append(_("%(field)s is required.") % {"field": label})
    if len(value) > limit:
        problems.append(
            _("%(field)s is longer than %(limit)s characters.") % {"field": label, "limit": limit}
        )


def raise_if(problems: list[str]) -> None:
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_outcome")


@dataclass(frozen=True)
class AcceptanceOutcome:
    """Acceptance checks the documents; the workflow lists every missing one in one notice."""

    remarks: str = ""

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.remarks, _("Remarks"), required=False, limit=MAXIMUM_TEXT)
        raise_if(problems)


@dataclass(frozen=True)
class SiteSurveyOutcome:
    surveyed_on: date
    site_conditions: str
    nearest_supply_point: str
    suggested_voltage: str

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.site_conditions, _("Site conditions"), limit=MAXIMUM_TEXT)
        _text(problems, self.nearest_supply_point, _("Nearest supply point"))
        _require(problems, self.suggested_voltage in VoltageLevel.values, _("Choose a supply voltage."))
        raise_if(problems)


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount_yuan: Decimal
    legal_basis: str


@dataclass(frozen=True)
class SupplySchemeDraftOutcome:
    connection_point: str
    supply_voltage: str
    circuit_count: int
    supply_capacity_kva: Decimal
    metering_method: str
    fee_items: tuple[FeeItem, ...] = ()

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.connection_point, _("Connection point"))
        _text(problems, self.metering_method, _("Metering method"))
        _require(problems, self.supply_voltage in VoltageLevel.values, _("Choose a supply voltage."))
        _require(problems, 1 <= self.circuit_count <= 8, _("A scheme has 1 to 8 supply circuits."))
        _require(
            problems,
            Decimal(0) < self.supply_capacity_kva < Decimal(10_000_000),
            _("Enter a positive capacity."),
        )
        for item in self.fee_items:
            _text(problems, item.name, _("Fee item"), limit=100)
            _text(problems, item.legal_basis, _("Legal basis of the fee"))
            _require(problems, item.amount_yuan >= 0, _("A fee cannot be negative."))
        raise_if(problems)


@dataclass(frozen=True)
class SupplySchemeApprovalOutcome:
    """Approving sends the reply; the validity end date follows from the rule set."""

    remarks: str = ""

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.remarks, _("Remarks"), required=False, limit=MAXIMUM_TEXT)
        raise_if(problems)


@dataclass(frozen=True)
class Defect:
    description: str
    location: str = ""
    requirement: str = ""


@dataclass(frozen=True)
class InspectionOutcome:
    """A design review or inspection. Failed: every defect listed at once, at least one."""

    inspected_on: date
    passed: bool
    defects: tuple[Defect, ...] = ()
    remarks: str = ""

    def validate(self) -> None:
        problems: list[str] = []
        if self.passed:
            _require(problems, not self.defects, _("A passed inspection lists no defects."))
        else:
            _require(problems, bool(self.defects), _("List every defect found (at least one)."))
        for defect in self.defects:
            _text(problems, defect.description, _("Defect"), limit=300)
            _text(problems, defect.location, _("Location"), required=False)
            _text(problems, defect.requirement, _("Requirement"), required=False, limit=300)
        _text(problems, self.remarks, _("Remarks"), required=False, limit=MAXIMUM_TEXT)
        raise_if(problems)


@dataclass(frozen=True)
class CustomerMilestoneOutcome:
    completed_on: date
    firm_name: str = ""
    reference: str = ""
    amount_yuan: Decimal | None = None
    note: str = ""

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.firm_name, _("Firm"), required=False)
        _text(problems, self.reference, _("Reference number"), required=False, limit=100)
        _text(problems, self.note, _("Note"), required=False, limit=MAXIMUM_TEXT)
        _require(
            problems, self.amount_yuan is None or self.amount_yuan >= 0, _("An amount cannot be negative.")
        )
        raise_if(problems)


@dataclass(frozen=True)
class SupplyContractOutcome:
    contract_number: str
    signed_on: date
    term_years: int
    signatory: str

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.contract_number, _("Contract number"), limit=40)
        _text(problems, self.signatory, _("Signatory"), limit=60)
        _require(problems, 1 <= self.term_years <= 30, _("A supply contract runs 1 to 30 years."))
        raise_if(problems)


@dataclass(frozen=True)
class GridWorksOutcome:
    description: str
    completed_on: date

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.description, _("Works carried out"), limit=MAXIMUM_TEXT)
        raise_if(problems)


@dataclass(frozen=True)
class MeteringOutcome:
    meter_number: str
    initial_reading: Decimal
    installed_at: datetime
    current_transformer_ratio: str = ""
    energised_at: datetime | None = field(default=None)

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.meter_number, _("Meter number"), limit=40)
        _require(problems, self.initial_reading >= 0, _("The initial reading cannot be negative."))
        _text(
            problems, self.current_transformer_ratio, _("Current transformer ratio"), required=False, limit=20
        )
        _check_moment(problems, self.installed_at, _("Installation time"))
        _check_moment(problems, self.energised_at, _("Energisation time"))
        raise_if(problems)


def _check_moment(problems: list[str], moment: datetime | None, label: str) -> None:
    """A recorded moment must carry its time zone and may not lie in the future."""
    if moment is None:
        return
    if timezone.is_naive(moment):
        problems.append(_("%(field)s needs a time zone.") % {"field": label})
    elif moment > clock.now():
        problems.append(_("%(field)s cannot be in the future.") % {"field": label})


@dataclass(frozen=True)
class EnergisationOutcome:
    energised_at: datetime

    def validate(self) -> None:
        problems: list[str] = []
        _check_moment(problems, self.energised_at, _("Energisation time"))
        raise_if(problems)


@dataclass(frozen=True)
class ArchiveOutcome:
    archive_number: str

    def validate(self) -> None:
        problems: list[str] = []
        _text(problems, self.archive_number, _("Archive number"), limit=40)
        raise_if(problems)


@dataclass(frozen=True)
class ReturnVisitOutcome:
    visited_on: date
    satisfaction: int
    stage_times_match: bool
    comments: str = ""

    def validate(self) -> None:
        problems: list[str] = []
        _require(problems, 1 <= self.satisfaction <= 5, _("Satisfaction is rated from 1 to 5."))
        _text(problems, self.comments, _("Comments"), required=False, limit=MAXIMUM_TEXT)
        raise_if(problems)


StageOutcome = (
    AcceptanceOutcome
    | SiteSurveyOutcome
    | SupplySchemeDraftOutcome
    | SupplySchemeApprovalOutcome
    | InspectionOutcome
    | CustomerMilestoneOutcome
    | SupplyContractOutcome
    | GridWorksOutcome
    | MeteringOutcome
    | EnergisationOutcome
    | ArchiveOutcome
    | ReturnVisitOutcome
)
