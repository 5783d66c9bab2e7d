"""Forms of the customer's registration and password reset: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yekuo.customers.identity import IdentityDocumentType
from yekuo.customers.models import PartyKind
from yekuo.org.selectors import supply_station_choices


class PortalForm(forms.Form):
    """Bootstrap classes on every widget, and the invalid mark on fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


def mobile_number_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TelInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
        help_text=_("We text a six-digit code to this number."),
    )


class MobileNumberForm(PortalForm):
    mobile_number = mobile_number_field()


def station_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    grouped: dict[str, list[tuple[int, str]]] = {}
    for choice in supply_station_choices():
        grouped.setdefault(choice.company_name, []).append((choice.station.pk, choice.station.name))
    return list(grouped.items())


class SupplyStationField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()  # the service checks that it is a supply station


PASSWORD_MAXIMUM_LENGTH = 128


class PasswordPairMixin(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAXIMUM_LENGTH,  # hashing a megabyte-long password would tie up the server
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=PASSWORD_MAXIMUM_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


CODE_FIELD_ATTRIBUTES = {"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "6"}


class RegistrationForm(PasswordPairMixin, PortalForm):
    code = forms.CharField(
        label=_("Verification code"), max_length=6, widget=forms.TextInput(attrs=CODE_FIELD_ATTRIBUTES)
    )
    party_kind = forms.ChoiceField(
        label=_("I register as"),
        choices=PartyKind.choices,
        widget=forms.RadioSelect,
        initial=PartyKind.PERSON,
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Your name, or your enterprise's full registered name.")
    )
    identity_document_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("", "—"), *IdentityDocumentType.choices],
        required=False,
        initial=IdentityDocumentType.RESIDENT_IDENTITY_CARD,
    )
    identity_number = forms.CharField(label=_("Identity number"), max_length=20, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("The 18 characters on the business licence."),
    )
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=60, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    service_unit = SupplyStationField(
        label=_("Supply station"), help_text=_("The supply station of the area where you live or work.")
    )
    field_order = (
        "code",
        "party_kind",
        "name",
        "identity_document_type",
        "identity_number",
        "credit_code",
        "legal_representative",
        "address",
        "service_unit",
        "password",
        "password_again",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_unit = self.fields["service_unit"]
        assert isinstance(service_unit, SupplyStationField)  # noqa: S101  # declared just above
        service_unit.choices = [("", "—"), *station_choices()]


class PasswordResetForm(PasswordPairMixin, PortalForm):
    code = forms.CharField(
        label=_("Verification code"), max_length=6, widget=forms.TextInput(attrs=CODE_FIELD_ATTRIBUTES)
    )
    field_order = ("code", "password", "password_again")
