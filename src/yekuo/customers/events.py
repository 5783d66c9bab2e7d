"""One helper per kind of customer event (conventions §7). Personal numbers are stored masked: the event
log is append-only, so nothing written there could ever be erased."""

from __future__ import annotations

from yekuo.accounts.models import User
from yekuo.accounts.validators import mask_mobile_number
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.services import record_event

CUSTOMER_REGISTERED = "customer_registered"


def customer_registered(*, customer: Customer, actor: User | None) -> Event:
    return record_event(
        kind=CUSTOMER_REGISTERED,
        actor=actor,
        subject_type="customer",
        subject_id=customer.pk,
        new_values={
            "party_kind": customer.party_kind,
            "name": customer.name,
            "identification": customer.identification_display,
            "mobile_number": mask_mobile_number(str(customer.mobile_number)),
            "service_unit_id": customer.service_unit_id,
        },
    )
