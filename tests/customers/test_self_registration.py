"""Customers register themselves after proving the mobile number with an SMS code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import OrganisationTree
from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.core.errors import Conflict, DomainError, ValidationFailed
from yekuo.customers import verification
from yekuo.customers.factories import person_customer
from yekuo.customers.identity import IdentityDocumentType
from yekuo.customers.models import Customer, PartyKind, VerificationCode, VerificationPurpose
from yekuo.customers.self_registration import customer_password_reset, customer_self_register
from yekuo.customers.verification import TooManyRequests, verification_code_send

MOBILE = "13912345678"
PERSON_ID = "11010519491231002X"
CODE = "246810"
PASSWORD = "Yekuo-register-2026"


@pytest.fixture(autouse=True)
def console_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "console")
    monkeypatch.setattr(verification, "generate_code", lambda: CODE)


@pytest.fixture
def start() -> Iterator[Any]:
    moment = timezone.now()
    with clock.frozen_at(moment):
        yield moment


def register(organisation: OrganisationTree, **overrides: Any) -> Customer:
    fields: dict[str, Any] = {
        "mobile_number": MOBILE,
        "code": CODE,
        "password": PASSWORD,
        "party_kind": PartyKind.PERSON,
        "name": "张三",
        "address": "南京市江宁区东山街道竹山路18号",
        "service_unit": organisation.station_east,
        "identity_document_type": IdentityDocumentType.RESIDENT_IDENTITY_CARD,
        "identity_number": PERSON_ID,
    }
    return customer_self_register(**(fields | overrides))


def test_a_code_is_texted_and_stored_only_as_a_digest(
    db: None, caplog: pytest.LogCaptureFixture, start: Any
) -> None:
    with caplog.at_level("INFO", logger="yekuo.notifications"):
        record = verification_code_send(
            mobile_number="139 1234 5678", purpose=VerificationPurpose.REGISTRATION
        )

    assert record.mobile_number == MOBILE
    assert CODE not in record.code_digest
    assert record.expires_at == start + timedelta(minutes=10)
    assert CODE in caplog.text


def test_registration_with_the_right_code_creates_the_customer_and_spends_the_code(
    organisation: OrganisationTree, start: Any
) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    customer = register(organisation)

    assert customer.account.check_password(PASSWORD)
    assert customer.service_unit == organisation.station_east
    with pytest.raises(ValidationFailed) as second:
        register(organisation, mobile_number="13912345679")
    assert second.value.code == "code_expired"  # the other number never got a code
    with pytest.raises(ValidationFailed):
        register(organisation)  # the code is spent
    assert Customer.objects.count() == 1


def test_a_wrong_code_changes_nothing_and_the_fifth_wrong_code_ends_it(
    organisation: OrganisationTree, start: Any
) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    for _attempt in range(verification.MAXIMUM_ATTEMPTS):
        with pytest.raises(ValidationFailed) as wrong:
            register(organisation, code="135790")
        assert wrong.value.code == "code_wrong"
    with pytest.raises(ValidationFailed) as exhausted:
        register(organisation)
    assert exhausted.value.code == "code_attempts_exceeded"
    assert not Customer.objects.exists()
    assert not User.objects.filter(username=MOBILE).exists()


def test_an_expired_code_is_refused(organisation: OrganisationTree, start: Any) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    with clock.frozen_at(start + timedelta(minutes=11)), pytest.raises(ValidationFailed) as expired:
        register(organisation)

    assert expired.value.code == "code_expired"
    assert not Customer.objects.exists()


def test_bad_details_keep_the_code_usable(organisation: OrganisationTree, start: Any) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    with pytest.raises(ValidationFailed):
        register(organisation, identity_number="110105194912310021")  # wrong check character

    assert not Customer.objects.exists()
    assert VerificationCode.objects.get().used_at is None
    assert register(organisation).name == "张三"


def test_markup_in_the_name_is_stored_as_text(organisation: OrganisationTree, start: Any) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    customer = register(organisation, name="<script>alert(1)</script>")

    assert customer.name == "<script>alert(1)</script>"


def test_codes_are_rate_limited_per_number(db: None, start: Any) -> None:
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)
    with pytest.raises(TooManyRequests) as too_soon:
        verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)
    assert too_soon.value.code == "code_sent_recently"
    assert too_soon.value.http_status == 429
    for minute in range(2, 6):
        with clock.frozen_at(start + timedelta(minutes=minute * 2)):
            verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)
    with clock.frozen_at(start + timedelta(minutes=20)), pytest.raises(TooManyRequests) as hourly:
        verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)
    assert hourly.value.code == "too_many_codes"
    assert VerificationCode.objects.count() == verification.CODES_PER_HOUR


def test_without_a_text_channel_no_code_is_promised(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "email")

    with pytest.raises(DomainError) as refused:
        verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    assert refused.value.code == "sms_unavailable"
    assert not VerificationCode.objects.exists()


def test_a_counter_registered_customer_links_the_account_with_the_identity_number(
    organisation: OrganisationTree, start: Any
) -> None:
    counter = person_customer(service_unit=organisation.station_east, mobile_number=MOBILE)
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.REGISTRATION)

    with pytest.raises(Conflict) as mismatch:
        register(organisation)
    assert mismatch.value.code == "identity_mismatch"
    assert not counter.account.check_password(PASSWORD)

    linked = register(organisation, identity_number=counter.identity_number)
    assert linked == counter
    counter.account.refresh_from_db()
    assert counter.account.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_with_a_code(organisation: OrganisationTree, start: Any) -> None:
    customer = person_customer(service_unit=organisation.station_east, mobile_number=MOBILE)
    verification_code_send(mobile_number=MOBILE, purpose=VerificationPurpose.PASSWORD_RESET)

    with pytest.raises(ValidationFailed):
        customer_password_reset(mobile_number=MOBILE, code="000000", password="New-password-2026")
    customer_password_reset(mobile_number=MOBILE, code=CODE, password="New-password-2026")

    customer.account.refresh_from_db()
    assert customer.account.check_password("New-password-2026")
