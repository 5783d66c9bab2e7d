"""Validators for log-in names and mainland mobile numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_NUMBER_PATTERN = re.compile(r"^1[3-9]\d{9}$")
STAFF_USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")


def validate_mobile_number(value: str) -> None:
    """A mainland China mobile number: 11 digits starting 13-19."""
    if not MOBILE_NUMBER_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 13 to 19."),
            code="invalid_mobile_number",
        )


def validate_staff_username(value: str) -> None:
    """Staff log-in names start with a letter so they can never be mistaken for a customer's mobile number."""
    if not STAFF_USERNAME_PATTERN.fullmatch(value):
        raise ValidationError(
            _(
                "A staff log-in name has 3 to 40 lowercase letters, digits, dots, hyphens or underscores "
                "and starts with a letter."
            ),
            code="invalid_staff_username",
        )


def mask_mobile_number(value: str) -> str:
    """138****0001: enough to recognise, not enough to call."""
    if len(value) != 11:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"
