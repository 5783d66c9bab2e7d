"""The customer factories make valid, unique and reproducible customers."""

from __future__ import annotations

from datetime import date

import factory.random
import pytest

from tests.conftest import OrganisationTree
from yekuo.accounts.validators import validate_mobile_number
from yekuo.customers.factories import (
    CustomerFactory,
    EnterpriseCustomerFactory,
    PersonCustomerFactory,
    birth_on_for,
    credit_code_for,
    enterprise_customer,
    organisation_code_check_character,
    organisation_code_for,
    person_customer,
    resident_id_for,
)
from yekuo.customers.identity import validate_credit_code, validate_resident_id
from yekuo.customers.models import Customer, PartyKind


def test_resident_id_for_builds_a_valid_number_from_its_parts() -> None:
    number = resident_id_for(region_code="320115", birth_on=date(1985, 7, 9), order_code=1234)

    assert number.startswith("32011519850709234")
    validate_resident_id(number)


def test_birth_dates_and_order_codes_never_repeat_together() -> None:
    pairs = {(birth_on_for(number), number % 1000) for number in range(20_000)}

    assert len(pairs) == 20_000


@pytest.mark.parametrize(
    ("first_eight", "check"),
    [
        pytest.param("D2143569", "X", id="gb-11714-worked-example"),  # D2143569-X
        pytest.param("00000000", "0", id="remainder-zero-gives-0"),
    ],
)
def test_organisation_code_check_character_follows_gb_11714(first_eight: str, check: str) -> None:
    assert organisation_code_check_character(first_eight) == check


def test_organisation_codes_are_nine_characters_and_unique() -> None:
    codes = {organisation_code_for(number) for number in range(1_000)}

    assert len(codes) == 1_000
    assert {len(code) for code in codes} == {9}


def test_credit_code_for_builds_valid_unique_codes() -> None:
    codes = {credit_code_for(region_code="320115", number=number) for number in range(500)}

    assert len(codes) == 500
    for code in codes:
        validate_credit_code(code)


def test_person_factory_registers_a_valid_person_in_the_units_region(organisation: OrganisationTree) -> None:
    customer = person_customer(service_unit=organisation.station_east)

    assert customer.party_kind == PartyKind.PERSON
    assert customer.identity_number.startswith("320115")
    validate_resident_id(customer.identity_number)
    validate_mobile_number(customer.mobile_number)
    assert customer.account.username == customer.mobile_number


def test_enterprise_factory_registers_a_valid_enterprise(organisation: OrganisationTree) -> None:
    customer = enterprise_customer(service_unit=organisation.county_west)

    assert customer.party_kind == PartyKind.ENTERPRISE
    assert customer.credit_code[2:8] == "320506"
    validate_credit_code(customer.credit_code)
    assert customer.legal_representative
    assert customer.name


def test_factories_never_repeat_a_mobile_number(organisation: OrganisationTree) -> None:
    for _ in range(3):
        person_customer(service_unit=organisation.station_east)
        enterprise_customer(service_unit=organisation.station_east)

    assert Customer.objects.values("mobile_number").distinct().count() == 6


def test_the_same_seed_gives_the_same_customers(organisation: OrganisationTree) -> None:
    def stubs_from_seed() -> list[tuple[str, ...]]:
        factory.random.reseed_random(20_260_101)
        CustomerFactory.reset_sequence()
        stubs = [PersonCustomerFactory.stub(service_unit=organisation.station_east) for _ in range(3)]
        stubs += [EnterpriseCustomerFactory.stub(service_unit=organisation.station_east) for _ in range(2)]
        return [
            (
                stub.name,
                stub.address,
                stub.mobile_number,
                getattr(stub, "identity_number", None) or stub.credit_code,
            )
            for stub in stubs
        ]

    assert stubs_from_seed() == stubs_from_seed()
