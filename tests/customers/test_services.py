"""Registering customers: valid people and enterprises get an account; bad input and duplicates nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from tests.conftest import OrganisationTree
from yekuo.accounts.models import AccountKind, User
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.customers.events import CUSTOMER_REGISTERED
from yekuo.customers.identity import IdentityDocumentType
from yekuo.customers.models import Customer, PartyKind
from yekuo.customers.services import customer_register
from yekuo.events.models import Event
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.org.models import Staff

PERSON_ID = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"


def person_fields(organisation: OrganisationTree, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "mobile_number": "13912345678",
        "password": DEFAULT_TEST_PASSWORD,
        "party_kind": PartyKind.PERSON,
        "name": "张三",
        "address": "南京市江宁区东山街道竹山路18号",
        "service_unit": organisation.station_east,
        "identity_document_type": IdentityDocumentType.RESIDENT_IDENTITY_CARD,
        "identity_number": PERSON_ID,
    }
    return fields | overrides


def enterprise_fields(organisation: OrganisationTree, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "mobile_number": "15912345678",
        "password": DEFAULT_TEST_PASSWORD,
        "party_kind": PartyKind.ENTERPRISE,
        "name": "南京东山恒通机械制造有限公司",
        "address": "南京市江宁区将军大道100号",
        "service_unit": organisation.station_east,
        "credit_code": CREDIT_CODE,
        "legal_representative": "李四",
        "contact_name": "王五",
    }
    return fields | overrides


def test_registers_a_person_with_a_customer_account(organisation: OrganisationTree) -> None:
    customer = customer_register(**person_fields(organisation, email="zhangsan@example.com"))

    customer.refresh_from_db()
    account = User.objects.get(pk=customer.account_id)
    assert account.username == "13912345678"
    assert account.kind == AccountKind.CUSTOMER
    assert account.display_name == "张三"
    assert account.email == "zhangsan@example.com"
    assert account.check_password(DEFAULT_TEST_PASSWORD)
    assert not account.is_staff
    assert customer.identity_number == PERSON_ID
    assert customer.service_unit == organisation.station_east


def test_registers_an_enterprise_with_its_credit_code(organisation: OrganisationTree) -> None:
    customer = customer_register(**enterprise_fields(organisation))

    customer.refresh_from_db()
    assert customer.party_kind == PartyKind.ENTERPRISE
    assert customer.credit_code == CREDIT_CODE
    assert customer.legal_representative == "李四"
    assert customer.identity_number == ""
    assert customer.account.username == "15912345678"


def test_registration_leaves_an_event_with_masked_numbers(organisation: OrganisationTree) -> None:
    customer = customer_register(**person_fields(organisation))

    event = Event.objects.get(kind=CUSTOMER_REGISTERED)
    assert (event.subject_type, event.subject_id) == ("customer", customer.pk)
    assert event.actor_id == customer.account_id  # a customer registering themself
    assert event.new_values["identification"] == "110***********002X"
    assert event.new_values["mobile_number"] == "139****5678"
    assert PERSON_ID not in str(event.new_values)


def test_registration_at_the_counter_names_the_clerk(
    organisation: OrganisationTree, intake_clerk: Staff
) -> None:
    customer_register(**person_fields(organisation), actor=intake_clerk.account)

    assert Event.objects.get(kind=CUSTOMER_REGISTERED).actor_id == intake_clerk.account_id


def test_normalises_spaced_and_lowercase_numbers(organisation: OrganisationTree) -> None:
    customer = customer_register(
        **person_fields(organisation, mobile_number="139 1234-5678", identity_number=" 110105 19491231002x ")
    )

    assert customer.mobile_number == "13912345678"
    assert customer.account.username == "13912345678"
    assert customer.identity_number == PERSON_ID


def test_normalises_a_lowercase_credit_code(organisation: OrganisationTree) -> None:
    customer = customer_register(**enterprise_fields(organisation, credit_code="91350100m000100y43"))

    assert customer.credit_code == CREDIT_CODE


def test_accepts_a_passport_holder(organisation: OrganisationTree) -> None:
    customer = customer_register(
        **person_fields(
            organisation, identity_document_type=IdentityDocumentType.PASSPORT, identity_number="e12345678"
        )
    )

    assert customer.identity_number == "E12345678"


BAD_PERSON_INPUT = [
    pytest.param({"mobile_number": "12345678901"}, "invalid_mobile_number", id="mobile-starting-12"),
    pytest.param({"mobile_number": "1391234567"}, "invalid_mobile_number", id="mobile-too-short"),
    pytest.param({"mobile_number": ""}, "invalid_mobile_number", id="mobile-empty"),
    pytest.param({"party_kind": "alien"}, "invalid_party_kind", id="unknown-party-kind"),
    pytest.param({"name": "   "}, "name_required", id="name-blank"),
    pytest.param({"name": "张" * 101}, "name_max_length", id="name-too-long"),
    pytest.param({"address": ""}, "address_required", id="address-blank"),
    pytest.param({"address": "路" * 201}, "address_max_length", id="address-too-long"),
    pytest.param({"identity_number": "110105194912310021"}, "invalid_resident_id", id="wrong-check-char"),
    pytest.param({"identity_number": "11010519490231002X"}, "invalid_resident_id", id="impossible-date"),
    pytest.param({"identity_number": ""}, "invalid_resident_id", id="identity-number-missing"),
    pytest.param({"identity_document_type": ""}, "invalid_document_type", id="document-type-missing"),
    pytest.param(
        {"identity_document_type": "driving_licence"}, "invalid_document_type", id="unknown-document"
    ),
    pytest.param(
        {"identity_document_type": IdentityDocumentType.TAIWAN_PERMIT},
        "invalid_identity_number",
        id="number-does-not-fit-document",
    ),
    pytest.param({"credit_code": CREDIT_CODE}, "enterprise_fields_for_person", id="person-with-credit-code"),
    pytest.param({"contact_name": "联" * 61}, "contact_name_max_length", id="contact-name-too-long"),
    pytest.param({"email": "not-an-address"}, "invalid_email", id="bad-email"),
    pytest.param({"password": "short1"}, "password_too_short", id="password-too-short"),
    pytest.param({"password": "password123"}, "password_too_common", id="password-too-common"),
    pytest.param({"password": "0" * 20}, "password_entirely_numeric", id="password-numeric"),
    pytest.param({"password": "13912345678x"}, "password_too_similar", id="password-like-mobile"),
]

BAD_ENTERPRISE_INPUT = [
    pytest.param({"credit_code": "91350100M000100Y44"}, "invalid_credit_code", id="wrong-check-char"),
    pytest.param({"credit_code": ""}, "invalid_credit_code", id="credit-code-missing"),
    pytest.param(
        {"legal_representative": ""}, "legal_representative_required", id="legal-representative-missing"
    ),
    pytest.param(
        {"identity_document_type": IdentityDocumentType.RESIDENT_IDENTITY_CARD, "identity_number": PERSON_ID},
        "person_fields_for_enterprise",
        id="enterprise-with-identity-card",
    ),
]


def assert_nothing_registered() -> None:
    assert not User.objects.filter(kind=AccountKind.CUSTOMER).exists()
    assert not Customer.objects.exists()
    assert not Event.objects.filter(kind=CUSTOMER_REGISTERED).exists()


@pytest.mark.parametrize(("overrides", "code"), BAD_PERSON_INPUT)
def test_refuses_bad_person_input_and_creates_nothing(
    organisation: OrganisationTree, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_register(**person_fields(organisation, **overrides))

    assert caught.value.code == code
    assert str(caught.value.message)
    assert_nothing_registered()


@pytest.mark.parametrize(("overrides", "code"), BAD_ENTERPRISE_INPUT)
def test_refuses_bad_enterprise_input_and_creates_nothing(
    organisation: OrganisationTree, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_register(**enterprise_fields(organisation, **overrides))

    assert caught.value.code == code
    assert_nothing_registered()


def test_error_message_follows_the_active_language(organisation: OrganisationTree) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_register(**person_fields(organisation, mobile_number="123"))

    with translation.override("en"):
        assert "mobile number" in str(caught.value.message)


def assert_only_the_first_registration_exists() -> None:
    assert Customer.objects.count() == 1
    assert User.objects.filter(kind=AccountKind.CUSTOMER).count() == 1
    assert Event.objects.filter(kind=CUSTOMER_REGISTERED).count() == 1


def test_refuses_a_second_registration_with_the_same_mobile_number(organisation: OrganisationTree) -> None:
    customer_register(**person_fields(organisation))

    with pytest.raises(Conflict) as caught:
        customer_register(**person_fields(organisation, identity_number="440524188001010014"))

    assert caught.value.code == "mobile_number_registered"
    assert_only_the_first_registration_exists()


def test_refuses_a_mobile_number_shared_between_a_person_and_an_enterprise(
    organisation: OrganisationTree,
) -> None:
    customer_register(**person_fields(organisation))

    with pytest.raises(Conflict) as caught:
        customer_register(**enterprise_fields(organisation, mobile_number="13912345678"))

    assert caught.value.code == "mobile_number_registered"
    assert_only_the_first_registration_exists()


def test_refuses_a_second_person_with_the_same_identity_number(organisation: OrganisationTree) -> None:
    customer_register(**person_fields(organisation))

    with pytest.raises(Conflict) as caught:
        customer_register(
            **person_fields(organisation, mobile_number="13700000000", identity_number="11010519491231002x")
        )

    assert caught.value.code == "identity_registered"
    assert_only_the_first_registration_exists()


def test_allows_the_same_number_under_a_different_document_type(organisation: OrganisationTree) -> None:
    # Given a passport numbered 12345678
    customer_register(
        **person_fields(
            organisation, identity_document_type=IdentityDocumentType.PASSPORT, identity_number="12345678"
        )
    )

    # When someone else registers a Taiwan residents' permit with the same digits
    customer_register(
        **person_fields(
            organisation,
            mobile_number="13700000000",
            identity_document_type=IdentityDocumentType.TAIWAN_PERMIT,
            identity_number="12345678",
        )
    )

    # Then both are registered: uniqueness is per document type
    assert Customer.objects.count() == 2


def test_refuses_a_second_enterprise_with_the_same_credit_code(organisation: OrganisationTree) -> None:
    customer_register(**enterprise_fields(organisation))

    with pytest.raises(Conflict) as caught:
        customer_register(**enterprise_fields(organisation, mobile_number="15800000000", name="另一家公司"))

    assert caught.value.code == "credit_code_registered"
    assert_only_the_first_registration_exists()


def test_a_conflict_inside_an_outer_transaction_leaves_it_usable(organisation: OrganisationTree) -> None:
    with transaction.atomic():
        customer_register(**person_fields(organisation))
        with pytest.raises(Conflict):
            customer_register(**person_fields(organisation, identity_number="440524188001010014"))
        customer_register(
            **person_fields(organisation, mobile_number="13700000000", identity_number="440524188001010014")
        )

    assert Customer.objects.count() == 2
