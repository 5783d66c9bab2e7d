"""The customer's own page: their details, masked where a stranger could misuse them, and their
applications (none yet)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.web.conftest import (
    CUSTOMER_IDENTITY_NUMBER,
    CUSTOMER_MOBILE_NUMBER,
    ENTERPRISE_CREDIT_CODE,
    ENTERPRISE_MOBILE_NUMBER,
)
from yekuo.accounts.models import AccountKind, User
from yekuo.org.factories import DEFAULT_TEST_PASSWORD


def english_portal_home(client: Client) -> str:
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_sees_their_details_with_identity_and_mobile_numbers_masked(
    client: Client, person_customer: User
) -> None:
    client.force_login(person_customer)

    page = english_portal_home(client)

    assert "Welcome, 张用电" in page
    assert "Person" in page
    assert "Resident identity card" in page
    assert "110***********002X" in page
    assert "138****8000" in page
    assert "江苏省南京市江宁区东山街道上元大街88号" in page
    assert "东山供电所" in page
    assert CUSTOMER_IDENTITY_NUMBER not in page
    assert CUSTOMER_MOBILE_NUMBER not in page


def test_an_enterprise_sees_its_public_credit_code_and_legal_representative(
    client: Client, enterprise_customer: User
) -> None:
    client.force_login(enterprise_customer)

    page = english_portal_home(client)

    assert "Enterprise" in page
    assert "Unified social credit code" in page
    assert ENTERPRISE_CREDIT_CODE in page
    assert "陈法人" in page
    assert ENTERPRISE_MOBILE_NUMBER not in page


def test_a_customer_is_told_they_have_no_applications_yet(client: Client, person_customer: User) -> None:
    client.force_login(person_customer)

    assert "You have no applications yet." in english_portal_home(client)


def test_a_customer_account_without_a_customer_record_gets_a_clear_message(client: Client, db: None) -> None:
    account = User.objects.create_user(
        username="13600136000",
        password=DEFAULT_TEST_PASSWORD,
        display_name="钱新户",
        kind=AccountKind.CUSTOMER,
    )
    client.force_login(account)

    page = english_portal_home(client)

    assert "We cannot find your customer details" in page


def test_a_customer_sees_only_their_own_record(
    client: Client, person_customer: User, enterprise_customer: User
) -> None:
    client.force_login(person_customer)

    page = english_portal_home(client)

    assert "南京江宁机械制造有限公司" not in page
