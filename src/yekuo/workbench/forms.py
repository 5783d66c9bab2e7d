"""Forms of the staff workbench."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind
from yekuo.web.authentication import AccountKindAuthenticationForm


class StaffAuthenticationForm(AccountKindAuthenticationForm):
    """Staff log in with their log-in name; customer accounts are refused like a wrong password."""

    account_kind = AccountKind.STAFF
    username_in_sentence = _("log-in name")

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Log-in name")
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )


class PaymentDecisionForm(forms.Form):
    """The two buttons of the payment queue: anything but "yes" or "no" is refused, never taken as a no."""

    received = forms.ChoiceField(
        choices=[("yes", _("Money received")), ("no", _("Not received"))],
        error_messages={
            "required": _("Say whether the money was received."),
            "invalid_choice": _("Say whether the money was received."),
        },
    )
    note = forms.CharField(required=False, max_length=2_000)  # the service requires it for a "no"
