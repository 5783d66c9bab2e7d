"""Forms of the customer portal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind
from yekuo.accounts.validators import validate_mobile_number
from yekuo.customers.services import normalise_mobile_number
from yekuo.web.authentication import AccountKindAuthenticationForm


class CustomerAuthenticationForm(AccountKindAuthenticationForm):
    """Customers log in with their mobile number; staff accounts are refused like a wrong password."""

    account_kind = AccountKind.CUSTOMER
    username_in_sentence = _("mobile number")

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Mobile number")
        username.help_text = _("The 11-digit mobile number you registered with.")
        username.widget = forms.TelInput(
            attrs={**username.widget.attrs, "autocomplete": "username", "inputmode": "numeric"}
        )

    def clean_username(self) -> str:
        """Accept "138 0013 8000" and "138-0013-8000" as people write them; check the shape before the
        password, so a typing slip gets a precise message and costs no failed-log-in count."""
        mobile_number = normalise_mobile_number(str(self.cleaned_data["username"]))
        validate_mobile_number(mobile_number)
        return mobile_number
