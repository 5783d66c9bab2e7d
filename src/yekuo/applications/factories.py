"""Build draft applications and their documents for tests and the demo, through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yekuo.accounts.models import User
from yekuo.applications.choices import BusinessType, Category, Channel, VoltageLevel
from yekuo.applications.documents import required_documents
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.applications.services import application_draft_create
from yekuo.core import clock
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.models import Unit

DEFAULT_VOLTAGE = {
    Category.LOW_VOLTAGE_RESIDENTIAL: VoltageLevel.V220,
    Category.LOW_VOLTAGE_NON_RESIDENTIAL: VoltageLevel.V380,
    Category.HIGH_VOLTAGE_SINGLE_SUPPLY: VoltageLevel.KV10,
    Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY: VoltageLevel.KV10,
}
DEFAULT_CAPACITY = {
    Category.LOW_VOLTAGE_RESIDENTIAL: Decimal(8),
    Category.LOW_VOLTAGE_NON_RESIDENTIAL: Decimal(60),
    Category.HIGH_VOLTAGE_SINGLE_SUPPLY: Decimal(800),
    Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY: Decimal(2500),
}


def draft_application(
    *,
    actor: User,
    customer: Customer,
    category: str = Category.LOW_VOLTAGE_RESIDENTIAL,
    business_type: str = BusinessType.NEW_CONNECTION,
    supply_station: Unit | None = None,
    **overrides: Any,
) -> Application:
    fields: dict[str, Any] = {
        "voltage_level": DEFAULT_VOLTAGE[Category(category)],
        "requested_capacity_kva": DEFAULT_CAPACITY[Category(category)],
        "premises_address": customer.address,
        "channel": Channel.ONLINE,
    }
    if business_type == BusinessType.CAPACITY_INCREASE:
        fields["existing_capacity_kva"] = fields["requested_capacity_kva"] / 2
    fields.update(overrides)
    return application_draft_create(
        actor=actor,
        customer=customer,
        supply_station=supply_station or customer.service_unit,
        business_type=business_type,
        category=category,
        **fields,
    )


def supply_all_documents(application: Application, *, received_by: User) -> list[ApplicationDocument]:
    """Record every document the checklist asks for (without files), as a clerk does at the counter."""
    needed = required_documents(
        category=application.category,
        business_type=application.business_type,
        is_enterprise=application.customer.party_kind == PartyKind.ENTERPRISE,
    )
    return [
        ApplicationDocument.objects.create(
            application=application, kind=kind, received_at=clock.now(), received_by=received_by
        )
        for kind in needed
    ]
