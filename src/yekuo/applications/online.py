"""Applying online: the customer chooses type, category and capacity; the voltage follows the guidance
(the supply scheme decides it finally) and the channel is the portal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.applications.choices import Channel
from yekuo.applications.guidance import capacity_fits_category, suggested_voltage
from yekuo.applications.models import Application
from yekuo.applications.services import application_draft_create
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.access import customers_visible_to
from yekuo.customers.models import Customer
from yekuo.org.models import Unit, UnitLevel


def own_customer_record(actor: User) -> Customer:
    """The customer record of a customer account; AccessDenied for anyone else."""
    customer = customers_visible_to(actor).filter(account=actor).first()
    if customer is None:
        raise AccessDenied(_("Only a registered customer applies online."), code="not_a_customer")
    return customer


def application_apply_online(
    *,
    actor: User,
    business_type: str,
    category: str,
    requested_capacity_kva: Decimal | str,
    premises_address: str,
    supply_station_id: int | None,
    existing_capacity_kva: Decimal | str | None = None,
    is_important_customer: bool = False,
) -> Application:
    """A draft for the logged-in customer, at their chosen supply station (their own by default). An
    important power user (重要电力用户) says so: design review and mid-construction inspection apply."""
    customer = own_customer_record(actor)
    if supply_station_id is None:
        station = customer.service_unit
    else:
        found = Unit.objects.filter(pk=supply_station_id, level=UnitLevel.SUPPLY_STATION).first()
        if found is None:
            raise ValidationFailed(_("Choose a supply station from the list."), code="invalid_supply_station")
        station = found
    try:
        capacity = Decimal(requested_capacity_kva)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationFailed(_("Capacities must be numbers."), code="invalid_capacity") from None
    if not capacity.is_finite():
        raise ValidationFailed(_("Capacities must be numbers."), code="invalid_capacity")
    if not capacity_fits_category(category=category, capacity_kva=capacity):
        raise ValidationFailed(
            _("Above 160 kW a connection is high-voltage: choose a high-voltage category."),
            code="capacity_needs_high_voltage",
        )
    return application_draft_create(
        actor=actor,
        customer=customer,
        supply_station=station,
        business_type=business_type,
        category=category,
        voltage_level=suggested_voltage(category=category, capacity_kva=capacity),
        requested_capacity_kva=capacity,
        existing_capacity_kva=existing_capacity_kva,
        premises_address=premises_address,
        channel=Channel.ONLINE,
        is_important_customer=is_important_customer,
    )
