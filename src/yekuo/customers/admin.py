"""Customers in the Django admin, scoped to the administrator's units.

A personal identity number is never sent to the browser: the change form shows it masked and offers a
write-only field to replace it (《个人信息保护法》 art. 51: measures against leaking personal information).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.accounts.validators import mask_mobile_number, validate_mobile_number
from yekuo.customers.access import customers_visible_to
from yekuo.customers.identity import normalise_identity_number
from yekuo.customers.models import Customer
from yekuo.customers.services import normalise_mobile_number
from yekuo.org.access import units_visible_to


class CustomerAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    identity_number = forms.CharField(
        label=_("new identity number"),
        required=False,
        max_length=20,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave blank to keep the current number."),
    )

    # Wider than the stored 11 digits: people type "138 0013 8000"; clean_mobile_number() normalises it.
    mobile_number = forms.CharField(label=_("mobile number"), max_length=20)

    class Meta:
        model = Customer
        fields = (
            "name",
            "identity_document_type",
            "identity_number",
            "credit_code",
            "legal_representative",
            "contact_name",
            "mobile_number",
            "address",
            "service_unit",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["identity_number"] = ""  # the stored number must not reach the page, not even hidden

    def clean_identity_number(self) -> str:
        replacement = normalise_identity_number(self.cleaned_data.get("identity_number") or "")
        # Blank keeps the stored number; the model's clean() then validates whichever number results.
        return replacement or str(self.instance.identity_number)

    def clean_credit_code(self) -> str:
        return normalise_identity_number(self.cleaned_data.get("credit_code") or "")

    def clean_mobile_number(self) -> str:
        mobile_number = normalise_mobile_number(self.cleaned_data.get("mobile_number") or "")
        validate_mobile_number(mobile_number)
        # The mobile number is also the log-in name; a friendly message before the constraint refuses it.
        taken = User.objects.filter(username=mobile_number).exclude(pk=self.instance.account_id)
        if taken.exists():
            raise ValidationError(
                _("This mobile number is already registered."), code="mobile_number_registered"
            )
        return mobile_number


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CustomerAdminForm
    list_display = ("name", "party_kind", "identification", "masked_mobile_number", "service_unit")
    list_filter = ("party_kind",)
    search_fields = ("name", "mobile_number")
    readonly_fields = ("account", "party_kind", "stored_identity_number", "registered_at")
    fieldsets = (
        (None, {"fields": ("account", "party_kind", "name", "service_unit", "address")}),
        (
            _("Identification"),
            {
                "fields": (
                    "identity_document_type",
                    "stored_identity_number",
                    "identity_number",
                    "credit_code",
                    "legal_representative",
                )
            },
        ),
        (_("Contact"), {"fields": ("mobile_number", "contact_name", "registered_at")}),
    )

    @admin.display(description=_("identification"))
    def identification(self, customer: Customer) -> str:
        return customer.identification_display

    @admin.display(description=_("identity number"))
    def stored_identity_number(self, customer: Customer) -> str:
        return customer.masked_identity_number

    @admin.display(description=_("mobile number"), ordering="mobile_number")
    def masked_mobile_number(self, customer: Customer) -> str:
        return mask_mobile_number(str(customer.mobile_number))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Customer]:
        queryset = super().get_queryset(request).select_related("service_unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=customers_visible_to(request.user).values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A customer is opened through registration (customer_register), which also creates the log-in.
        return False

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "service_unit" and not request.user.is_superuser:
            kwargs["queryset"] = units_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Customer, form: forms.ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        super().save_model(request, obj, form, change)
        # The account mirrors the customer: the mobile number is the log-in name, the name is shown.
        if change and {"mobile_number", "name"} & set(form.changed_data):
            account = obj.account
            account.username = obj.mobile_number
            account.display_name = obj.name
            account.save(update_fields=["username", "display_name"])
