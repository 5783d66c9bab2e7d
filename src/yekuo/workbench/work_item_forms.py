"""Forms of the work item page: one per stage outcome, plus the return and clock stop requests, and the
unit head's assignment and clock stop decision.

The forms only parse what the person typed into types (dates, numbers, bounded text); whether the values
make sense is decided by the outcome's validate() and the services (conventions §8), and the view shows
their messages. Text fields are therefore optional here: a missing required value is reported by the
outcome, with every other problem, at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from yekuo.applications import outcomes
from yekuo.applications.choices import VoltageLevel
from yekuo.applications.outcome_values import from_values
from yekuo.core import clock
from yekuo.org.models import Staff
from yekuo.workflow.models import ClockStopReason
from yekuo.workflow.stage_outcomes import ENERGISING_STAGES, OUTCOME_OF_STAGE

SHORT_TEXT = 200
LONG_TEXT = outcomes.MAXIMUM_TEXT
YES = "yes"
NO = "no"


def _today() -> date:
    return timezone.localdate(clock.now())


def _this_minute() -> datetime:
    return timezone.localtime(clock.now()).replace(second=0, microsecond=0)


def _text(label: StrOrPromise, *, limit: int = SHORT_TEXT, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=limit, widget=widget)


def _day(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label, initial=_today, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _moment(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        initial=_this_minute,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _voltage(label: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *VoltageLevel.choices])


def _yes_no(label: StrOrPromise, *, yes: StrOrPromise, no: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(YES, yes), (NO, no)],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
    )


@dataclass(frozen=True)
class RowGroup:
    """A fixed number of optional rows (fee items, defects); a row with any value filled in counts. The
    filled rows become the outcome's `outcome_field`, their columns named as the row dataclass's fields."""

    prefix: str
    outcome_field: str
    legend: StrOrPromise
    count: int
    columns: tuple[tuple[str, StrOrPromise, Callable[[StrOrPromise], forms.Field]], ...]

    def field_name(self, row: int, column: str) -> str:
        return f"{self.prefix}_{row}_{column}"


@dataclass(frozen=True)
class RowTable:
    legend: StrOrPromise
    headers: list[StrOrPromise]
    rows: list[list[BoundField]]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class OutcomeForm(StyledForm):
    """The form of one outcome type. Its fields are named as the outcome's, so `outcome()` builds the
    outcome from the cleaned data by name; each row group fills the outcome field it names."""

    outcome_type: ClassVar[type[outcomes.StageOutcome]]
    row_groups: ClassVar[tuple[RowGroup, ...]] = ()

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        self.stage = stage
        super().__init__(*args, **kwargs)
        for group in self.row_groups:
            for row in range(1, group.count + 1):
                for column, label, make_field in group.columns:
                    field = make_field(label)
                    field.widget.attrs["class"] = "form-control form-control-sm"
                    self.fields[group.field_name(row, column)] = field

    def outcome(self) -> outcomes.StageOutcome:
        rows = {group.outcome_field: self.filled_rows(group) for group in self.row_groups}
        return from_values(self.outcome_type, {**self.cleaned_data, **rows})

    def filled_rows(self, group: RowGroup) -> list[dict[str, Any]]:
        rows = []
        for row in range(1, group.count + 1):
            values = {
                column: self.cleaned_data.get(group.field_name(row, column))
                for column, _label, _make in group.columns
            }
            if any(value not in (None, "") for value in values.values()):
                rows.append(values)
        return rows

    def single_fields(self) -> list[BoundField]:
        grouped = {
            group.field_name(row, column)
            for group in self.row_groups
            for row in range(1, group.count + 1)
            for column, _label, _make in group.columns
        }
        return [self[name] for name in self.fields if name not in grouped]

    def row_tables(self) -> list[RowTable]:
        return [
            RowTable(
                legend=group.legend,
                headers=[label for _column, label, _make in group.columns],
                rows=[
                    [self[group.field_name(row, column)] for column, _label, _make in group.columns]
                    for row in range(1, group.count + 1)
                ],
            )
            for group in self.row_groups
        ]


class AcceptanceForm(OutcomeForm):
    outcome_type = outcomes.AcceptanceOutcome
    remarks = _text(_("Remarks"), limit=LONG_TEXT, long=True)


class SiteSurveyForm(OutcomeForm):
    outcome_type = outcomes.SiteSurveyOutcome
    surveyed_on = _day(_("Surveyed on"))
    site_conditions = _text(_("Site conditions"), limit=LONG_TEXT, long=True)
    nearest_supply_point = _text(_("Nearest supply point"))
    suggested_voltage = _voltage(_("Suggested supply voltage"))


# The bound of the small integer columns these numbers are stored in: a parse limit, so a number no column
# holds is refused on its field. The business ranges (1 to 8 circuits...) are the outcome's to check.
SMALL_COLUMN = 32_767


def _fee_amount(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=2)


FEE_ITEMS = RowGroup(
    prefix="fee",
    outcome_field="fee_items",
    legend=_("Fee items (optional)"),
    count=3,
    columns=(
        ("name", _("Fee item"), lambda label: _text(label, limit=100)),
        ("amount_yuan", _("Amount (yuan)"), _fee_amount),
        ("legal_basis", _("Legal basis of the fee"), _text),
    ),
)


class SupplySchemeDraftForm(OutcomeForm):
    outcome_type = outcomes.SupplySchemeDraftOutcome
    connection_point = _text(_("Connection point"))
    supply_voltage = _voltage(_("Supply voltage"))
    circuit_count = forms.IntegerField(
        label=_("Supply circuits"), initial=1, min_value=0, max_value=SMALL_COLUMN
    )
    supply_capacity_kva = forms.DecimalField(
        label=_("Supply capacity (kVA)"), max_digits=10, decimal_places=1
    )
    metering_method = _text(_("Metering method"))
    row_groups = (FEE_ITEMS,)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in range(1, FEE_ITEMS.count + 1):
            amount = FEE_ITEMS.field_name(row, "amount_yuan")
            filled = any(cleaned.get(FEE_ITEMS.field_name(row, column)) for column in ("name", "legal_basis"))
            if filled and cleaned.get(amount) is None and amount not in self.errors:
                self.add_error(amount, _("Enter the amount of this fee item."))
        return cleaned


class SupplySchemeApprovalForm(OutcomeForm):
    outcome_type = outcomes.SupplySchemeApprovalOutcome
    remarks = _text(_("Remarks"), limit=LONG_TEXT, long=True)


DEFECTS = RowGroup(
    prefix="defect",
    outcome_field="defects",
    legend=_("Defects (list every one if the inspection did not pass)"),
    count=5,
    columns=(
        ("description", _("Defect"), lambda label: _text(label, limit=300)),
        ("location", _("Location"), _text),
        ("requirement", _("Requirement"), lambda label: _text(label, limit=300)),
    ),
)


class InspectionForm(OutcomeForm):
    outcome_type = outcomes.InspectionOutcome
    inspected_on = _day(_("Inspected on"))
    passed = _yes_no(_("Result"), yes=_("Passed"), no=_("Not passed: defects found"))
    remarks = _text(_("Remarks"), limit=LONG_TEXT, long=True)
    row_groups = (DEFECTS,)


class CustomerMilestoneForm(OutcomeForm):
    outcome_type = outcomes.CustomerMilestoneOutcome
    completed_on = _day(_("Completed on"))
    firm_name = _text(_("Firm"))
    reference = _text(_("Reference number"), limit=100)
    amount_yuan = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, max_digits=12, decimal_places=2
    )
    note = _text(_("Note"), limit=LONG_TEXT, long=True)


class SupplyContractForm(OutcomeForm):
    outcome_type = outcomes.SupplyContractOutcome
    contract_number = _text(_("Contract number"), limit=40)
    signed_on = _day(_("Signed on"))
    term_years = forms.IntegerField(label=_("Term (years)"), initial=5, min_value=0, max_value=SMALL_COLUMN)
    signatory = _text(_("Signatory"), limit=60)


class GridWorksForm(OutcomeForm):
    outcome_type = outcomes.GridWorksOutcome
    description = _text(_("Works carried out"), limit=LONG_TEXT, long=True)
    completed_on = _day(_("Completed on"))


class MeteringForm(OutcomeForm):
    outcome_type = outcomes.MeteringOutcome
    meter_number = _text(_("Meter number"), limit=40)
    initial_reading = forms.DecimalField(
        label=_("Initial reading (kWh)"), initial=0, max_digits=12, decimal_places=2
    )
    installed_at = _moment(_("Installed at"))
    current_transformer_ratio = _text(_("Current transformer ratio"), limit=20)
    energised_at = _moment(_("Energised at"))

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, stage=stage, **kwargs)
        if stage not in ENERGISING_STAGES:
            del self.fields["energised_at"]


class EnergisationForm(OutcomeForm):
    outcome_type = outcomes.EnergisationOutcome
    energised_at = _moment(_("Energised at"))


class ArchiveForm(OutcomeForm):
    outcome_type = outcomes.ArchiveOutcome
    archive_number = _text(_("Archive number"), limit=40)


class ReturnVisitForm(OutcomeForm):
    outcome_type = outcomes.ReturnVisitOutcome
    visited_on = _day(_("Visited on"))
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction (1 to 5)"),
        choices=[(str(score), str(score)) for score in range(5, 0, -1)],
        coerce=int,
        initial="5",
    )
    stage_times_match = _yes_no(
        _("Do the stage times on record match what the customer reports?"), yes=_("Yes"), no=_("No")
    )
    comments = _text(_("Comments"), limit=LONG_TEXT, long=True)


OUTCOME_FORMS: tuple[type[OutcomeForm], ...] = (
    AcceptanceForm,
    SiteSurveyForm,
    SupplySchemeDraftForm,
    SupplySchemeApprovalForm,
    InspectionForm,
    CustomerMilestoneForm,
    SupplyContractForm,
    GridWorksForm,
    MeteringForm,
    EnergisationForm,
    ArchiveForm,
    ReturnVisitForm,
)
FORM_OF_OUTCOME: dict[type, type[OutcomeForm]] = {form.outcome_type: form for form in OUTCOME_FORMS}


def outcome_form_for(stage: str, data: Any = None) -> OutcomeForm:
    """The completion form of a stage, bound to `data` when given."""
    form_class = FORM_OF_OUTCOME[OUTCOME_OF_STAGE[stage]]
    return form_class(data, stage=stage, prefix="outcome")


class ReturnForm(StyledForm):
    to_stage = forms.ChoiceField(label=_("Return to"))
    reason = forms.CharField(
        label=_("Reason for the return"),
        required=False,  # the service requires it, with its own message
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_stage = self.fields["to_stage"]
        if isinstance(to_stage, forms.ChoiceField):  # always; narrows the type
            to_stage.choices = stages


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Any number of files, possibly none; their content, size and count are the service's to check
    (clock_stop_request refuses the whole request, with its own message, before storing any)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(EvidenceFilesField, self).clean(file, initial) for file in files if file]


class ClockStopRequestForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=ClockStopReason.choices)
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,  # the service requires it, with its own message
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = EvidenceFilesField(
        label=_("Evidence"),
        required=False,
        help_text=_("The customer's letter, photos of the site...: up to 5 PDF, JPEG or PNG files."),
    )


class AssignForm(forms.Form):
    """The staff member a unit head picks. Any staff member the head can see is accepted here, so that
    work_item_assign, not the form, says why one without the stage's role cannot take the item."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=Staff.objects.none())

    def __init__(self, *args: Any, staff: QuerySet[Staff], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        if isinstance(assignee, forms.ModelChoiceField):  # always; narrows the type
            assignee.queryset = staff


class ClockStopDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2_000)
