"""Customers in the admin: scoped lists, and a personal identity number that never reaches the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from tests.org.population import EAST_COUNTY_SUBTREE, OUTSIDE_EAST_COUNTY, UNIT_NAMES, unit_named
from yekuo.accounts.models import User
from yekuo.customers.factories import enterprise_customer, person_customer
from yekuo.customers.models import Customer
from yekuo.org.models import Staff
from yekuo.org.roles import Role

CHANGELIST = "admin:customers_customer_changelist"
NEW_IDENTITY_NUMBER = "440524188001010014"


@pytest.fixture
def customer_by_unit(organisation: OrganisationTree) -> dict[str, Customer]:
    return {name: person_customer(service_unit=unit_named(organisation, name)) for name in UNIT_NAMES}


@pytest.fixture
def county_admin_client(organisation: OrganisationTree) -> Client:
    return client_for(persona_for(Role.ADMINISTRATOR, organisation.county_east, suffix=".county").account)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")


def change_url(customer: Customer) -> str:
    return reverse("admin:customers_customer_change", args=[customer.pk])


def change_form(customer: Customer, **overrides: Any) -> dict[str, Any]:
    """The change form as the browser posts it: the identity number field starts empty."""
    fields = {
        "name": customer.name,
        "identity_document_type": customer.identity_document_type,
        "identity_number": "",
        "credit_code": customer.credit_code,
        "legal_representative": customer.legal_representative,
        "contact_name": customer.contact_name,
        "mobile_number": customer.mobile_number,
        "address": customer.address,
        "service_unit": customer.service_unit_id,
    }
    return fields | overrides


def test_the_list_loads_for_a_province_administrator_with_masked_numbers(
    province_administrator: Staff, customer_by_unit: dict[str, Customer]
) -> None:
    response = client_for(province_administrator.account).get(reverse(CHANGELIST))

    assert response.status_code == 200
    for customer in customer_by_unit.values():
        assert customer.name in response.text
        assert customer.masked_identity_number in response.text
        assert customer.identity_number not in response.text
        assert customer.mobile_number not in response.text
        assert f"{customer.mobile_number[:3]}****{customer.mobile_number[-4:]}" in response.text


def test_the_list_shows_an_enterprises_credit_code(
    organisation: OrganisationTree, province_administrator: Staff
) -> None:
    enterprise = enterprise_customer(service_unit=organisation.station_west)

    response = client_for(province_administrator.account).get(reverse(CHANGELIST))

    assert enterprise.credit_code in response.text


def test_the_list_loads_for_a_superuser(superuser: User, customer_by_unit: dict[str, Customer]) -> None:
    response = client_for(superuser).get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert all(customer.name in response.text for customer in customer_by_unit.values())


def test_searching_by_mobile_number_finds_the_customer(
    province_administrator: Staff, customer_by_unit: dict[str, Customer]
) -> None:
    wanted = customer_by_unit["station_west"]

    response = client_for(province_administrator.account).get(
        reverse(CHANGELIST), {"q": wanted.mobile_number}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_a_county_administrator_lists_only_the_countys_customers(
    county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    response = county_admin_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {customer_by_unit[name] for name in EAST_COUNTY_SUBTREE}


@pytest.mark.parametrize("outside", OUTSIDE_EAST_COUNTY)
def test_a_county_administrator_cannot_open_another_branchs_customer(
    county_admin_client: Client, customer_by_unit: dict[str, Customer], outside: str
) -> None:
    customer = customer_by_unit[outside]

    response = county_admin_client.get(change_url(customer))

    assert response.status_code in {302, 404}
    assert customer.name not in response.text


@pytest.mark.parametrize("outside", OUTSIDE_EAST_COUNTY)
def test_a_county_administrator_cannot_change_another_branchs_customer(
    county_admin_client: Client, customer_by_unit: dict[str, Customer], outside: str
) -> None:
    customer = customer_by_unit[outside]

    response = county_admin_client.post(change_url(customer), change_form(customer, name="改名"))

    assert response.status_code in {302, 404}
    assert Customer.objects.get(pk=customer.pk).name == customer.name


@pytest.mark.parametrize("viewer", ["province_administrator", "county_administrator", "superuser"])
def test_the_change_page_never_shows_the_full_identity_number(
    organisation: OrganisationTree, customer_by_unit: dict[str, Customer], viewer: str, superuser: User
) -> None:
    # Given a customer of the eastern station and an administrator who may open it
    customer = customer_by_unit["station_east"]
    accounts = {
        "province_administrator": lambda: persona_for(Role.ADMINISTRATOR, organisation.province).account,
        "county_administrator": lambda: persona_for(Role.ADMINISTRATOR, organisation.county_east).account,
        "superuser": lambda: superuser,
    }

    # When they open the change page
    response = client_for(accounts[viewer]()).get(change_url(customer))

    # Then the masked number is there and the full one is nowhere in the page
    assert response.status_code == 200
    assert customer.masked_identity_number in response.text
    assert customer.identity_number not in response.text


def test_saving_with_the_identity_field_blank_keeps_the_number(
    county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    customer = customer_by_unit["station_east"]

    response = county_admin_client.post(change_url(customer), change_form(customer, address="新地址8号"))

    assert response.status_code == 302
    saved = Customer.objects.get(pk=customer.pk)
    assert saved.identity_number == customer.identity_number
    assert saved.address == "新地址8号"


def test_a_new_identity_number_replaces_the_old_one(
    county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    customer = customer_by_unit["station_east"]

    response = county_admin_client.post(
        change_url(customer), change_form(customer, identity_number="440524 18800101001 4")
    )

    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).identity_number == NEW_IDENTITY_NUMBER


def test_an_invalid_new_identity_number_is_refused_and_not_echoed(
    county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    customer = customer_by_unit["station_east"]
    wrong = NEW_IDENTITY_NUMBER[:-1] + "5"

    response = county_admin_client.post(change_url(customer), change_form(customer, identity_number=wrong))

    assert response.status_code == 200
    assert "identity_number" in response.context["adminform"].form.errors
    assert wrong not in response.text
    assert Customer.objects.get(pk=customer.pk).identity_number == customer.identity_number


def test_a_county_administrator_cannot_move_a_customer_to_another_branch(
    organisation: OrganisationTree, county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    customer = customer_by_unit["station_east"]

    response = county_admin_client.post(
        change_url(customer), change_form(customer, service_unit=organisation.station_west.pk)
    )

    assert "service_unit" in response.context["adminform"].form.errors
    assert Customer.objects.get(pk=customer.pk).service_unit == organisation.station_east


def test_the_serving_unit_offers_only_the_countys_units(
    organisation: OrganisationTree, county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    response = county_admin_client.get(change_url(customer_by_unit["station_east"]))

    offered = set(response.context["adminform"].form.fields["service_unit"].queryset)
    assert offered == {organisation.county_east, organisation.station_east}


def test_a_new_mobile_number_becomes_the_log_in_name(
    county_admin_client: Client, customer_by_unit: dict[str, Customer]
) -> None:
    customer = customer_by_unit["station_east"]

    response = county_admin_client.post(
        change_url(customer), change_form(customer, mobile_number="137 0000 0001", name="新名字")
    )

    assert response.status_code == 302
    account = User.objects.get(pk=customer.account_id)
    assert (account.username, account.display_name) == ("13700000001", "新名字")


@pytest.mark.parametrize(
    "mobile_number",
    [pytest.param("12345678901", id="malformed"), pytest.param("taken", id="another-customers")],
)
def test_a_bad_or_taken_mobile_number_is_refused(
    county_admin_client: Client, customer_by_unit: dict[str, Customer], mobile_number: str
) -> None:
    customer = customer_by_unit["station_east"]
    if mobile_number == "taken":
        mobile_number = customer_by_unit["county_east"].mobile_number

    response = county_admin_client.post(
        change_url(customer), change_form(customer, mobile_number=mobile_number)
    )

    assert "mobile_number" in response.context["adminform"].form.errors
    assert User.objects.get(pk=customer.account_id).username == customer.mobile_number


def test_customers_are_not_added_through_the_admin(province_administrator: Staff) -> None:
    response = client_for(province_administrator.account).get(reverse("admin:customers_customer_add"))

    assert response.status_code == 403
