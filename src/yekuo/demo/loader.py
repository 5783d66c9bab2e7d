"""Load the demo data once: deterministic, all in one transaction, skipped when already present."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from factory.random import reseed_random

from yekuo.accounts.models import User
from yekuo.customers.models import Customer
from yekuo.demo.applications import DEMO_DAY, build_applications
from yekuo.demo.customers import build_customers
from yekuo.demo.organisation import DEMO_ORGANISATION, DEMO_PASSWORD, build_organisation, planned_staff
from yekuo.demo.passwords import demo_password_hashed_once
from yekuo.demo.portal import build_portal_examples
from yekuo.org.models import Unit

DEMO_SEED = "yekuo-demo-2026"
DEMO_SUPERUSER = "admin"


@dataclass(frozen=True)
class DemoLogin:
    who: str
    username: str
    password: str


def demo_is_loaded() -> bool:
    demo_root = Unit.objects.filter(
        depth=1, name=DEMO_ORGANISATION.name, region_code=DEMO_ORGANISATION.region_code
    )
    return bool(demo_root.exists())


@transaction.atomic
def load_demo_data() -> bool:
    """Create the demo organisation and customers; False when they were already there."""
    if demo_is_loaded():
        return False
    reseed_random(DEMO_SEED)  # type: ignore[no-untyped-call]
    with demo_password_hashed_once():
        units = build_organisation()
        customers = build_customers(units)
        build_applications(units, customers, seed=DEMO_SEED)
        build_portal_examples(at=DEMO_DAY)
    # The demo's administrator may do everything in the admin, including creating other administrators.
    User.objects.filter(username=DEMO_SUPERUSER).update(is_superuser=True, is_staff=True)
    return True


def demo_logins() -> list[DemoLogin]:
    """The log-ins worth trying first: one per role and level, and two customers."""
    logins = [
        DemoLogin(
            who=f"{person.job_title} {person.display_name} · {unit.name}",
            username=person.username,
            password=DEMO_PASSWORD,
        )
        for unit, person in planned_staff()
        if unit.pinyin in {"jiangsu", "nanjing", "jiangning", "dongshan"}
    ]
    customers = Customer.objects.order_by("mobile_number").select_related("service_unit")
    person = customers.filter(party_kind="person").first()
    enterprise = customers.filter(party_kind="enterprise").first()
    for customer in (person, enterprise):
        if customer is not None:
            logins.append(
                DemoLogin(
                    who=f"客户 {customer.name} · {customer.service_unit.name}",
                    username=customer.mobile_number,
                    password=DEMO_PASSWORD,
                )
            )
    return logins
