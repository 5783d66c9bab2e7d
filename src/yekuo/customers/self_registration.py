"""Customers open their own account in the portal, proving the mobile number with an SMS code. A customer
whom the service counter registered already links the account by proving the number and the identity
number on file; a new customer is registered with the identity checks of customer_register."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.customers.identity import normalise_identity_number
from yekuo.customers.models import Customer, PartyKind, VerificationPurpose
from yekuo.customers.services import customer_register, normalise_mobile_number
from yekuo.customers.verification import verification_code_use, verification_code_verify
from yekuo.events.services import record_event
from yekuo.org.models import Unit, UnitLevel

CUSTOMER_ACCOUNT_LINKED = "customer_account_linked"
PASSWORD_RESET_BY_CODE = "customer_password_reset"  # noqa: S105  # an event kind, not a password


def _identity_on_file_matches(customer: Customer, *, identity_number: str, credit_code: str) -> bool:
    if customer.party_kind == PartyKind.ENTERPRISE:
        return bool(credit_code) and customer.credit_code == normalise_identity_number(credit_code)
    return bool(identity_number) and customer.identity_number == normalise_identity_number(identity_number)


def _checked_password(password: str, account: User) -> None:
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationFailed(error.messages[0], code="weak_password") from None


def customer_self_register(
    *,
    mobile_number: str,
    code: str,
    password: str,
    party_kind: str,
    name: str,
    address: str,
    service_unit: Unit,
    identity_document_type: str = "",
    identity_number: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    contact_name: str = "",
) -> Customer:
    """Register (or link) after the SMS code is verified; the code is spent only if the change succeeds."""
    number = normalise_mobile_number(mobile_number)
    code_id = verification_code_verify(
        mobile_number=number, purpose=VerificationPurpose.REGISTRATION, code=code
    )
    if service_unit.level != UnitLevel.SUPPLY_STATION:
        raise ValidationFailed(_("Choose your supply station."), code="invalid_service_unit")
    with transaction.atomic():
        verification_code_use(code_id=code_id)
        existing = Customer.objects.select_related("account").filter(mobile_number=number).first()
        if existing is None:
            return customer_register(
                mobile_number=number,
                password=password,
                party_kind=party_kind,
                name=name,
                address=address,
                service_unit=service_unit,
                identity_document_type=identity_document_type,
                identity_number=identity_number,
                credit_code=credit_code,
                legal_representative=legal_representative,
                contact_name=contact_name,
            )
        if existing.account.has_usable_password() and existing.account.last_login is not None:
            raise Conflict(_("This mobile number is already registered."), code="mobile_number_registered")
        if not _identity_on_file_matches(existing, identity_number=identity_number, credit_code=credit_code):
            raise Conflict(
                _(
                    "This mobile number belongs to a customer registered at the service counter with "
                    "another identity number. Please contact your service counter."
                ),
                code="identity_mismatch",
            )
        _checked_password(password, existing.account)
        existing.account.set_password(password)
        existing.account.save(update_fields=["password"])
        record_event(
            kind=CUSTOMER_ACCOUNT_LINKED,
            actor=existing.account,
            subject_type="customer",
            subject_id=existing.pk,
            new_values={"by": "sms_code"},
        )
        return existing


def customer_password_reset(*, mobile_number: str, code: str, password: str) -> User:
    """A customer who forgot the password sets a new one after proving the number with an SMS code."""
    number = normalise_mobile_number(mobile_number)
    code_id = verification_code_verify(
        mobile_number=number, purpose=VerificationPurpose.PASSWORD_RESET, code=code
    )
    with transaction.atomic():
        verification_code_use(code_id=code_id)
        customer = Customer.objects.select_related("account").filter(mobile_number=number).first()
        if customer is None or not customer.account.is_active:
            raise ValidationFailed(_("No customer account uses this mobile number."), code="not_registered")
        account = customer.account
        _checked_password(password, account)
        account.set_password(password)
        account.save(update_fields=["password"])
        record_event(
            kind=PASSWORD_RESET_BY_CODE,
            actor=account,
            subject_type="customer",
            subject_id=customer.pk,
            new_values={"by": "sms_code"},
        )
        return account
