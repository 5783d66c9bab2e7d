"""Fixtures for the web interface tests: customers, log-in helpers and plain static files."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import OrganisationTree
from yekuo.accounts.models import AccountKind, User
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.factories import DEFAULT_TEST_PASSWORD

CUSTOMER_MOBILE_NUMBER = "13800138000"
CUSTOMER_IDENTITY_NUMBER = "11010519491231002X"  # the standard's own worked example, check character X
ENTERPRISE_MOBILE_NUMBER = "13900139000"
ENTERPRISE_CREDIT_CODE = "91320115MA1MXXXX0X"  # shape only: the page shows what is stored


@pytest.fixture(autouse=True)
def plain_static_files(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Serve static files without the manifest, which exists only after collectstatic (tested apart).
    An empty STATIC_ROOT of its own keeps WhiteNoise from warning about a missing directory."""
    settings.STATIC_ROOT = tmp_path_factory.getbasetemp() / "static-root"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def customer_account_create(
    *, mobile_number: str, display_name: str, party_kind: str = PartyKind.PERSON, **customer_fields: object
) -> User:
    """A customer log-in account and its customer record, built directly (no factory dependency)."""
    account = User.objects.create_user(
        username=mobile_number,
        password=DEFAULT_TEST_PASSWORD,
        display_name=display_name,
        kind=AccountKind.CUSTOMER,
    )
    Customer.objects.create(
        account=account,
        party_kind=party_kind,
        name=display_name,
        mobile_number=mobile_number,
        **customer_fields,
    )
    return account


@pytest.fixture
def person_customer(organisation: OrganisationTree) -> User:
    """A householder in the eastern supply station's area."""
    return customer_account_create(
        mobile_number=CUSTOMER_MOBILE_NUMBER,
        display_name="张用电",
        identity_document_type="resident_identity_card",
        identity_number=CUSTOMER_IDENTITY_NUMBER,
        address="江苏省南京市江宁区东山街道上元大街88号",
        service_unit=organisation.station_east,
    )


@pytest.fixture
def enterprise_customer(organisation: OrganisationTree) -> User:
    return customer_account_create(
        mobile_number=ENTERPRISE_MOBILE_NUMBER,
        display_name="南京江宁机械制造有限公司",
        party_kind=PartyKind.ENTERPRISE,
        credit_code=ENTERPRISE_CREDIT_CODE,
        legal_representative="陈法人",
        address="江苏省南京市江宁区秣陵街道工业园6号",
        service_unit=organisation.county_east,
    )


def logged_in_account_id(client: Client) -> int | None:
    """The account the client's session belongs to, or None when nobody is logged in."""
    raw = client.session.get("_auth_user_id")
    return int(raw) if raw is not None else None
