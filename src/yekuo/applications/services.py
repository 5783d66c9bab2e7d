"""Create draft applications and hand out application numbers. Status changes belong to the workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.choices import (
    LOW_VOLTAGE_CATEGORIES,
    LOW_VOLTAGES,
    THREE_ZERO_MAXIMUM_KILOWATTS,
    BusinessType,
    Category,
    Channel,
    VoltageLevel,
)
from yekuo.applications.models import Application, ApplicationNumberCounter
from yekuo.core import clock
from yekuo.core.errors import ValidationFailed
from yekuo.customers.models import Customer
from yekuo.org.models import Unit, UnitLevel

MAXIMUM_CAPACITY_KVA = Decimal(1_000_000)
SHIPPED_BUSINESS_TYPES = frozenset({BusinessType.NEW_CONNECTION, BusinessType.CAPACITY_INCREASE})


def is_three_zero_eligible(*, category: str, voltage_level: str, requested_capacity_kva: Decimal) -> bool:
    """三零 service: low-voltage customers up to 160 kW (regulations §1)."""
    return (
        category in LOW_VOLTAGE_CATEGORIES
        and voltage_level in LOW_VOLTAGES
        and requested_capacity_kva <= THREE_ZERO_MAXIMUM_KILOWATTS
    )


def _problems(
    *,
    business_type: str,
    category: str,
    voltage_level: str,
    requested_capacity_kva: Decimal,
    existing_capacity_kva: Decimal | None,
    premises_address: str,
    channel: str,
    supply_station: Unit,
) -> list[str]:
    problems: list[str] = []
    if business_type not in SHIPPED_BUSINESS_TYPES:
        problems.append(_("This release handles new connections and capacity increases."))
    if category not in Category.values:
        problems.append(_("Choose a customer category."))
    if voltage_level not in VoltageLevel.values:
        problems.append(_("Choose a voltage level."))
    elif category in LOW_VOLTAGE_CATEGORIES and voltage_level not in LOW_VOLTAGES:
        problems.append(_("Low-voltage categories are supplied at 220 V or 380 V."))
    elif (
        category in Category.values
        and category not in LOW_VOLTAGE_CATEGORIES
        and voltage_level in LOW_VOLTAGES
    ):
        problems.append(_("High-voltage categories are supplied at 10 kV or more."))
    if channel not in Channel.values:
        problems.append(_("Choose how the application arrived."))
    if not Decimal(0) < requested_capacity_kva <= MAXIMUM_CAPACITY_KVA:
        problems.append(_("Enter a requested capacity above 0 and at most 1,000,000 kVA."))
    if business_type == BusinessType.CAPACITY_INCREASE:
        if existing_capacity_kva is None or existing_capacity_kva <= 0:
            problems.append(_("A capacity increase needs the existing capacity."))
        elif requested_capacity_kva <= existing_capacity_kva:
            problems.append(_("The requested capacity must exceed the existing capacity."))
    if not premises_address.strip() or len(premises_address) > 200:
        problems.append(_("Enter the premises address (at most 200 characters)."))
    if supply_station.level != UnitLevel.SUPPLY_STATION:
        problems.append(_("Applications are served by a supply station."))
    return problems


@transaction.atomic
def application_draft_create(
    *,
    actor: User,
    customer: Customer,
    supply_station: Unit,
    business_type: str,
    category: str,
    voltage_level: str,
    requested_capacity_kva: Decimal | str,
    premises_address: str,
    channel: str,
    existing_capacity_kva: Decimal | str | None = None,
    is_important_customer: bool = False,
    is_special_project: bool = False,
) -> Application:
    """A draft the customer or a clerk fills in; it gets its number when submitted."""
    try:
        requested = Decimal(requested_capacity_kva)
        existing = (
            Decimal(existing_capacity_kva)
            if existing_capacity_kva is not None and existing_capacity_kva != ""
            else None
        )
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationFailed(_("Capacities must be numbers."), code="invalid_capacity") from None
    if not requested.is_finite() or (existing is not None and not existing.is_finite()):
        raise ValidationFailed(_("Capacities must be numbers."), code="invalid_capacity")
    problems = _problems(
        business_type=business_type,
        category=category,
        voltage_level=voltage_level,
        requested_capacity_kva=requested,
        existing_capacity_kva=existing,
        premises_address=premises_address,
        channel=channel,
        supply_station=supply_station,
    )
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_application")
    province = Unit.objects.get_root(supply_station)
    return Application.objects.create(
        province=province,
        supply_station=supply_station,
        customer=customer,
        business_type=business_type,
        category=category,
        voltage_level=voltage_level,
        requested_capacity_kva=requested.quantize(Decimal("0.1")),
        existing_capacity_kva=existing.quantize(Decimal("0.1")) if existing is not None else None,
        premises_address=premises_address.strip(),
        channel=channel,
        is_three_zero_eligible=is_three_zero_eligible(
            category=category, voltage_level=voltage_level, requested_capacity_kva=requested
        ),
        is_important_customer=is_important_customer,
        is_special_project=is_special_project,
        created_at=clock.now(),
    )


def application_number_next(*, supply_station: Unit, province: Unit, on: date) -> str:
    """County region code + date + the province's sequence of that day, e.g. 320115-20261128-00042.
    Must run inside the caller's transaction; the counter row is locked until it ends."""
    counter = ApplicationNumberCounter.objects.select_for_update().filter(province=province, on=on).first()
    if counter is None:
        try:
            with transaction.atomic():
                ApplicationNumberCounter.objects.create(province=province, on=on, last_value=0)
        except IntegrityError:
            pass  # created by a concurrent submission; lock theirs
        counter = ApplicationNumberCounter.objects.select_for_update().get(province=province, on=on)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"{supply_station.region_code[:6]}-{on:%Y%m%d}-{counter.last_value:05d}"
