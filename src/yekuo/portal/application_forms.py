"""Forms of the customer's application pages: they parse; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import BusinessType, Category
from yekuo.applications.documents import DocumentKind
from yekuo.portal.registration_forms import PortalForm, SupplyStationField, station_choices

APPLIED_ONLINE = [
    (BusinessType.NEW_CONNECTION.value, BusinessType.NEW_CONNECTION.label),
    (BusinessType.CAPACITY_INCREASE.value, BusinessType.CAPACITY_INCREASE.label),
]


class ApplicationForm(PortalForm):
    business_type = forms.ChoiceField(
        label=_("What do you need?"),
        choices=APPLIED_ONLINE,
        widget=forms.RadioSelect,
        initial=BusinessType.NEW_CONNECTION,
    )
    category = forms.ChoiceField(
        label=_("Kind of premises"), choices=Category.choices, widget=forms.RadioSelect
    )
    requested_capacity_kva = forms.DecimalField(
        label=_("Capacity you need (kW or kVA)"),
        min_value=0,
        max_digits=10,
        decimal_places=1,
        help_text=_("The total of your appliances and machines. A typical flat needs 8 to 10 kW."),
    )
    existing_capacity_kva = forms.DecimalField(
        label=_("Capacity you have now (kW or kVA)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=1,
        help_text=_("Only for a capacity increase: the capacity in your present contract."),
    )
    premises_address = forms.CharField(
        label=_("Address of the premises"),
        max_length=200,
        help_text=_("Where the electricity is needed: district, street, number, building and room."),
    )
    is_important_customer = forms.BooleanField(
        label=_("Important power user (重要电力用户)"),
        required=False,
        help_text=_(
            "Tick this if a power cut at the premises would endanger life, public safety or the "
            "environment, or cause large losses: a hospital, a mine, a chemical works, a data centre. "
            "The utility then reviews your design and inspects the construction midway."
        ),
    )
    supply_station = SupplyStationField(
        label=_("Supply station"),
        help_text=_("The supply station of the area where the premises are. Yours is chosen already."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        station = self.fields["supply_station"]
        assert isinstance(station, SupplyStationField)  # noqa: S101  # declared just above
        station.choices = [("", "—"), *station_choices()]


ALWAYS_OFFERED = (DocumentKind.DESIGN_DOCUMENTS, DocumentKind.COMPLETION_REPORT, DocumentKind.OTHER)


class DocumentUploadForm(PortalForm):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, JPEG or PNG file of at most 10 MB: a scan or a clear photo."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
    )

    def __init__(self, *args: Any, checklist: Sequence[DocumentKind] = (), **kwargs: Any) -> None:
        """Offer the application's checklist first, then the documents any application may add."""
        super().__init__(*args, **kwargs)
        if checklist:
            offered = [*checklist, *(kind for kind in ALWAYS_OFFERED if kind not in checklist)]
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)  # noqa: S101  # declared just above
            kind_field.choices = [(kind.value, kind.label) for kind in offered]


class ReasonForm(PortalForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
