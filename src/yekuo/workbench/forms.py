"""Forms of the staff workbench."""

from __future__ import annotations

from typing import Any

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
