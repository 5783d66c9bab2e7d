"""A few hundred demo applications across every category and type, driven through the services from
August 2026 to the demo day: completed ones, ones in every stage, clock stops, returns, failed
inspections, withdrawals, and (after the sweep) warnings and overdue items."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from yekuo.applications.choices import BusinessType, Category, Channel, VoltageLevel
from yekuo.applications.factories import draft_application
from yekuo.core import clock
from yekuo.customers.factories import enterprise_customer, person_customer
from yekuo.customers.models import Customer, PartyKind
from yekuo.demo.organisation import DEMO_PASSWORD
from yekuo.demo.simulation import Behaviour, Simulation
from yekuo.demo.stage_work import reset_actor_cache, working_hours
from yekuo.org.models import Unit, UnitLevel
from yekuo.workflow.daily_figures import roll_up_closed_days
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = datetime(2026, 8, 3, 9, tzinfo=SHANGHAI)
DEMO_DAY = datetime(2026, 11, 27, 17, tzinfo=SHANGHAI)  # fixed, so the demo is the same every time
APPLICATIONS = 320
EXTRA_HOUSEHOLDS = 80
EXTRA_ENTERPRISES = 40
FIRST_EXTRA_MOBILE_NUMBER = 13900000001
CATEGORY_WEIGHTS = {
    Category.LOW_VOLTAGE_RESIDENTIAL: 40,
    Category.LOW_VOLTAGE_NON_RESIDENTIAL: 30,
    Category.HIGH_VOLTAGE_SINGLE_SUPPLY: 20,
    Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY: 10,
}
CAPACITY_CHOICES = {
    Category.LOW_VOLTAGE_RESIDENTIAL: (4, 8, 10, 12, 16),
    Category.LOW_VOLTAGE_NON_RESIDENTIAL: (20, 40, 60, 100, 150, 160, 200, 250),
    Category.HIGH_VOLTAGE_SINGLE_SUPPLY: (315, 400, 630, 800, 1250, 2000),
    Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY: (1600, 2500, 4000, 8000),
}


def _extra_customers(stations: list[Unit], rng: random.Random) -> list[Customer]:
    customers = []
    mobile_numbers = iter(range(FIRST_EXTRA_MOBILE_NUMBER, FIRST_EXTRA_MOBILE_NUMBER + 1_000))
    for number in range(EXTRA_HOUSEHOLDS + EXTRA_ENTERPRISES):
        station = stations[number % len(stations)]
        make = person_customer if number < EXTRA_HOUSEHOLDS else enterprise_customer
        customers.append(
            make(service_unit=station, password=DEMO_PASSWORD, mobile_number=str(next(mobile_numbers)))
        )
    rng.shuffle(customers)
    return customers


def _voltage(category: Category, rng: random.Random) -> str:
    if category == Category.LOW_VOLTAGE_RESIDENTIAL:
        return rng.choice((VoltageLevel.V220, VoltageLevel.V220, VoltageLevel.V380))
    if category == Category.LOW_VOLTAGE_NON_RESIDENTIAL:
        return VoltageLevel.V380
    return rng.choice(
        (VoltageLevel.KV10, VoltageLevel.KV10, VoltageLevel.KV10, VoltageLevel.KV20, VoltageLevel.KV110)
    )


def _behaviour(category: Category, rng: random.Random) -> Behaviour:
    high_voltage = category in (Category.HIGH_VOLTAGE_SINGLE_SUPPLY, Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY)
    return Behaviour(
        documents_late=rng.random() < 0.12,
        fails_inspection=rng.random() < 0.3,
        scheme_redrafted=high_voltage and rng.random() < 0.15,
        survey_paused=rng.random() < 0.08,
        cancelled_at_stage=(
            rng.choice((Stage.SITE_SURVEY, Stage.CUSTOMER_CONSTRUCTION)) if rng.random() < 0.04 else None
        ),
    )


def build_applications(units: list[Unit], demo_customers: list[Customer], *, seed: str) -> int:
    """Create and run the demo applications; returns how many were created."""
    rng = random.Random(seed)  # reproducible demo data, not security
    reset_actor_cache()
    stations = [unit for unit in units if unit.level == UnitLevel.SUPPLY_STATION]
    customers = demo_customers + _extra_customers(stations, rng)
    households = [customer for customer in customers if customer.party_kind == PartyKind.PERSON]
    enterprises = [customer for customer in customers if customer.party_kind == PartyKind.ENTERPRISE]
    simulation = Simulation(random=rng, end_at=DEMO_DAY)
    span = (DEMO_DAY - FIRST_DAY).total_seconds()
    for number in range(APPLICATIONS):
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        pool = households if category == Category.LOW_VOLTAGE_RESIDENTIAL else enterprises
        customer = pool[number % len(pool)] if number < len(pool) else rng.choice(pool)
        business_type = BusinessType.CAPACITY_INCREASE if rng.random() < 0.2 else BusinessType.NEW_CONNECTION
        capacity = Decimal(rng.choice(CAPACITY_CHOICES[category]))
        created_at = FIRST_DAY + timedelta(seconds=span * (number / APPLICATIONS) ** 0.8)
        with clock.frozen_at(working_hours(created_at)):
            application = draft_application(
                actor=customer.account,
                customer=customer,
                category=category,
                business_type=business_type,
                voltage_level=_voltage(category, rng),
                requested_capacity_kva=capacity,
                existing_capacity_kva=capacity / 2
                if business_type == BusinessType.CAPACITY_INCREASE
                else None,
                channel=rng.choice(list(Channel.values)),
                is_important_customer=category != Category.LOW_VOLTAGE_RESIDENTIAL and rng.random() < 0.2,
                is_special_project=rng.random() < 0.03,
            )
        simulation.behaviours[application.pk] = _behaviour(category, rng)
        simulation.schedule(application.pk, created_at)
    simulation.run()
    # What the worker would have marked by the demo day: warnings, overdue items and escalations (督办).
    deadline_sweep(now=DEMO_DAY)
    # And the dashboard's daily figures of the days before the demo day, as the worker rolls them up.
    roll_up_closed_days(now=DEMO_DAY, limit=(DEMO_DAY - FIRST_DAY).days + 1)
    return APPLICATIONS
