"""Identity numbers: the resident identity card (GB 11643-1999) and the unified social credit code
(统一社会信用代码, GB 32100-2015), each with its check character; masking for display."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARACTERS = "10X98765432"
RESIDENT_ID_PATTERN = re.compile(r"^[1-9]\d{16}[\dX]$")

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

PASSPORT_PATTERN = re.compile(r"^[A-Z0-9]{5,17}$")
HONG_KONG_MACAO_PERMIT_PATTERN = re.compile(r"^[HM]\d{8}(\d{2})?$")
TAIWAN_PERMIT_PATTERN = re.compile(r"^\d{8}$")


class IdentityDocumentType(models.TextChoices):
    RESIDENT_IDENTITY_CARD = "resident_identity_card", _("Resident identity card")  # 居民身份证
    HONG_KONG_MACAO_PERMIT = (
        "hong_kong_macao_permit",
        _("Mainland travel permit for Hong Kong and Macao residents"),
    )
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    PASSPORT = "passport", _("Passport")


def normalise_identity_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def resident_id_check_character(first_seventeen: str) -> str:
    total = sum(
        int(digit) * weight for digit, weight in zip(first_seventeen, RESIDENT_ID_WEIGHTS, strict=True)
    )
    return RESIDENT_ID_CHECK_CHARACTERS[total % 11]


def validate_resident_id(value: str) -> None:
    """18 characters: region, birth date, sequence and an ISO 7064 MOD 11-2 check character."""
    invalid = ValidationError(
        _("This is not a valid 18-character resident identity card number."), code="invalid_resident_id"
    )
    if not RESIDENT_ID_PATTERN.fullmatch(value):
        raise invalid
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise invalid from None
    if resident_id_check_character(value[:17]) != value[17]:
        raise invalid


def credit_code_check_character(first_seventeen: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(character) * weight
        for character, weight in zip(first_seventeen, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """统一社会信用代码: 18 characters from a 31-letter alphabet ending in a MOD 31 check character."""
    if not CREDIT_CODE_PATTERN.fullmatch(value) or credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("This is not a valid 18-character unified social credit code."), code="invalid_credit_code"
        )


def validate_identity_document(document_type: str, number: str) -> None:
    if document_type == IdentityDocumentType.RESIDENT_IDENTITY_CARD:
        validate_resident_id(number)
        return
    patterns = {
        IdentityDocumentType.HONG_KONG_MACAO_PERMIT: HONG_KONG_MACAO_PERMIT_PATTERN,
        IdentityDocumentType.TAIWAN_PERMIT: TAIWAN_PERMIT_PATTERN,
        IdentityDocumentType.PASSPORT: PASSPORT_PATTERN,
    }
    pattern = patterns.get(document_type)  # type: ignore[call-overload]
    if pattern is None:
        raise ValidationError(_("Choose a known identity document type."), code="invalid_document_type")
    if not pattern.fullmatch(number):
        raise ValidationError(
            _("This number does not match the chosen identity document."), code="invalid_identity_number"
        )


def mask_identity_number(value: str) -> str:
    """110***********123X: the first three and last four characters, the rest hidden."""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
