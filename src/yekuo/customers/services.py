"""Changes to customers. Each function is one change, in one transaction, validated first."""

from __future__ import annotations

from typing import NoReturn

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.accounts.validators import validate_mobile_number
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.customers import events
from yekuo.customers.identity import normalise_identity_number
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.models import Unit


def normalise_mobile_number(value: str) -> str:
    """People write 138 0013 8000 or 138-0013-8000; the account stores 13800138000."""
    return "".join(value.split()).replace("-", "")


def _refuse(message: str | Promise, code: str) -> NoReturn:
    raise ValidationFailed(message, code=code)


# Django's own checks use one code for every field; with these, the code also names the field
# (`name_max_length`, `legal_representative_required`) so that each problem has a code of its own.
GENERIC_CODES = frozenset({"blank", "invalid", "invalid_choice", "max_length", "null", "required"})


def _raise_first(error: ValidationError) -> NoReturn:
    """Turn the first problem of a Django ValidationError into ValidationFailed with that problem's code."""
    if hasattr(error, "error_dict"):
        field, problems = next(iter(error.error_dict.items()))
    else:
        field, problems = "", error.error_list
    first = problems[0]
    message = first.message % first.params if first.params else first.message
    code = first.code or "invalid"
    raise ValidationFailed(
        message, code=f"{field}_{code}" if field and code in GENERIC_CODES else code
    ) from error


def _check_fields_apply(customer: Customer) -> None:
    """A person has no credit code or legal representative; an enterprise no personal identity document."""
    if customer.party_kind == PartyKind.PERSON and (customer.credit_code or customer.legal_representative):
        _refuse(
            _("A person has no unified social credit code or legal representative."),
            "enterprise_fields_for_person",
        )
    if customer.party_kind == PartyKind.ENTERPRISE and (
        customer.identity_document_type or customer.identity_number
    ):
        _refuse(
            _("An enterprise is identified by its credit code, not a personal identity document."),
            "person_fields_for_enterprise",
        )


def _validate(customer: Customer, *, password: str, email: str) -> None:
    """Refuse the first problem found, each with its own code, before anything is written."""
    try:
        validate_mobile_number(customer.mobile_number)
    except ValidationError as error:
        _raise_first(error)
    if customer.party_kind not in PartyKind.values:
        _refuse(_("Choose whether the customer is a person or an enterprise."), "invalid_party_kind")
    if not customer.name:
        _refuse(_("Enter the customer's name."), "name_required")
    if not customer.address:
        _refuse(_("Enter the customer's address."), "address_required")
    _check_fields_apply(customer)
    try:
        customer.clean()  # the identity document or credit code, with their check characters
    except ValidationError as error:
        _raise_first(error)
    try:
        customer.clean_fields(exclude=["account", "service_unit"])  # lengths and choices
    except ValidationError as error:
        _raise_first(error)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _refuse(_("Enter a valid e-mail address."), "invalid_email")
    account = User(username=customer.mobile_number, display_name=customer.name, email=email)
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        _raise_first(error)


def _conflict_for(customer: Customer) -> Conflict:
    """Name what is already registered. Called only after a unique constraint refused the insert."""
    if User.objects.filter(username=customer.mobile_number).exists():
        return Conflict(_("This mobile number is already registered."), code="mobile_number_registered")
    if customer.party_kind == PartyKind.ENTERPRISE:
        return Conflict(
            _("An enterprise with this unified social credit code is already registered."),
            code="credit_code_registered",
        )
    return Conflict(
        _("A customer with this identity document is already registered."), code="identity_registered"
    )


@transaction.atomic
def customer_register(
    *,
    mobile_number: str,
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
    email: str = "",
    actor: User | None = None,
) -> Customer:
    """Open a customer account: the log-in (the mobile number) and the customer record, or neither.

    `actor` is the staff member registering the customer at the counter; customers who register
    themselves are their own actor.
    """
    customer = Customer(
        party_kind=party_kind,
        name=name.strip(),
        identity_document_type=identity_document_type,
        identity_number=normalise_identity_number(identity_number),
        credit_code=normalise_identity_number(credit_code),
        legal_representative=legal_representative.strip(),
        contact_name=contact_name.strip(),
        mobile_number=normalise_mobile_number(mobile_number),
        address=address.strip(),
        service_unit=service_unit,
    )
    email = email.strip()
    _validate(customer, password=password, email=email)
    # Uniqueness is left to the database's constraints: a check before the insert could race another
    # registration of the same number.
    try:
        with transaction.atomic():
            customer.account = User.objects.create_user(
                username=customer.mobile_number,
                password=password,
                display_name=customer.name,
                kind=AccountKind.CUSTOMER,
                email=email,
            )
            customer.save()
    except IntegrityError as error:
        raise _conflict_for(customer) from error
    events.customer_registered(customer=customer, actor=actor or customer.account)
    return customer
