"""factory_boy factories for customers, shared by the tests and the demo data.

They register through the service, so every customer has a log-in account and a valid identity number or
credit code. Everything derives from the factory sequence or a seeded Faker
(`factory.random.reseed_random`), so the same seed gives the same customers.
"""

# factory_boy ships py.typed without annotations: its declarations are untyped calls.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from factory.base import Factory
from factory.declarations import LazyAttributeSequence, Sequence, SubFactory
from factory.faker import Faker

from yekuo.customers import services
from yekuo.customers.identity import (
    IdentityDocumentType,
    credit_code_check_character,
    resident_id_check_character,
)
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.factories import DEFAULT_TEST_PASSWORD, UnitFactory
from yekuo.org.models import Unit

EARLIEST_BIRTH_ON = date(1950, 1, 1)
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORGANISATION_CODE_MULTIPLIER = 9973  # prime, so n → n·9973 mod 10⁸ never repeats: codes look scattered
ENTERPRISE_REGISTERED_WITH_MARKET_REGULATOR = "91"  # 9 工商 (market regulator) + 1 企业 (enterprise)


def region_of(unit: Unit) -> str:
    """The county-level GB/T 2260 code (first 6 digits) of the unit's region."""
    return str(unit.region_code)[:6]


def birth_on_for(number: int) -> date:
    """A birth date between 1950 and about 1988 that, with `number % 1000` as the order code, is unique."""
    return EARLIEST_BIRTH_ON + timedelta(days=(number % 1000) * 13 + number // 1000)


def resident_id_for(*, region_code: str, birth_on: date, order_code: int) -> str:
    """An 18-character resident identity number (GB 11643-1999) with its correct check character."""
    first_seventeen = f"{region_code}{birth_on:%Y%m%d}{order_code % 1000:03d}"
    return first_seventeen + resident_id_check_character(first_seventeen)


def organisation_code_check_character(first_eight: str) -> str:
    """GB 11714-1997 MOD 11: digits count as themselves, letters A-Z as 10-35; remainder 10 is X, 11 is 0."""
    total = sum(
        int(character, 36) * weight
        for character, weight in zip(first_eight, ORGANISATION_CODE_WEIGHTS, strict=True)
    )
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def organisation_code_for(number: int) -> str:
    """A 9-character organisation code: 8 scattered but unique digits and their check character."""
    body = f"{number * ORGANISATION_CODE_MULTIPLIER % 100_000_000:08d}"
    return body + organisation_code_check_character(body)


def credit_code_for(*, region_code: str, number: int) -> str:
    """An 18-character unified social credit code (GB 32100-2015) with its correct check character."""
    first_seventeen = (
        f"{ENTERPRISE_REGISTERED_WITH_MARKET_REGULATOR}{region_code}{organisation_code_for(number)}"
    )
    return first_seventeen + credit_code_check_character(first_seventeen)


class CustomerFactory(Factory[Customer]):
    """Shared by both kinds: one sequence, so mobile numbers never repeat between them."""

    class Meta:
        model = Customer
        abstract = True

    password = DEFAULT_TEST_PASSWORD
    service_unit = SubFactory(UnitFactory)
    address = LazyAttributeSequence(lambda customer, number: f"{customer.street}{number % 300 + 1}号")

    class Params:
        street = Faker("street_name", locale="zh_CN")

    @classmethod
    def _create(cls, model_class: type[Customer], *args: Any, **kwargs: Any) -> Customer:
        return services.customer_register(**kwargs)


class PersonCustomerFactory(CustomerFactory):
    """A person with a resident identity card issued in the service unit's region."""

    party_kind = PartyKind.PERSON
    mobile_number = Sequence(lambda number: f"138{number:08d}")
    name = Faker("name", locale="zh_CN")
    identity_document_type = IdentityDocumentType.RESIDENT_IDENTITY_CARD
    identity_number = LazyAttributeSequence(
        lambda customer, number: resident_id_for(
            region_code=region_of(customer.service_unit), birth_on=birth_on_for(number), order_code=number
        )
    )


class EnterpriseCustomerFactory(CustomerFactory):
    """An enterprise registered with the market regulator in the service unit's region."""

    party_kind = PartyKind.ENTERPRISE
    mobile_number = Sequence(lambda number: f"159{number:08d}")
    name = Faker("company", locale="zh_CN")
    credit_code = LazyAttributeSequence(
        lambda customer, number: credit_code_for(region_code=region_of(customer.service_unit), number=number)
    )
    legal_representative = Faker("name", locale="zh_CN")
    contact_name = Faker("name", locale="zh_CN")


def person_customer(**fields: Any) -> Customer:
    """A registered person; `fields` override the factory's choices. Typed, unlike calling the factory."""
    customer: Customer = PersonCustomerFactory.create(**fields)
    return customer


def enterprise_customer(**fields: Any) -> Customer:
    """A registered enterprise; `fields` override the factory's choices."""
    customer: Customer = EnterpriseCustomerFactory.create(**fields)
    return customer
