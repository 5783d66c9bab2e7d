"""The yekuo side of bench/transitions.py: the organisation, applications ready to run, and the timed loop.

Everything here goes through yekuo's services, as the tests do (tests/workflow/journeys.py is copied in
part, not imported: bench never imports tests). Only `work_item_complete` calls are timed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from yekuo.accounts.models import User
from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.factories import enterprise_customer
from yekuo.customers.models import Customer
from yekuo.org.factories import staff_with_role
from yekuo.org.models import Unit, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import unit_create
from yekuo.workflow import services
from yekuo.workflow.factories import passing_outcome
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

TODAY = date(2026, 3, 2)
STAGES_PER_APPLICATION = 12  # 10 kV single supply, not important (docs/benchmarks.md)

ROLE_OF_STAGE = {
    Stage.ACCEPTANCE: Role.INTAKE_CLERK,
    Stage.SITE_SURVEY: Role.SURVEYOR,
    Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
    Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
    Stage.CUSTOMER_CONSTRUCTION: Role.ACCOUNT_MANAGER,
    Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
    Stage.COMPLETION_INSPECTION: Role.INSPECTOR,
    Stage.SUPPLY_CONTRACT: Role.ACCOUNT_MANAGER,
    Stage.METERING_INSTALLATION: Role.METERING_TECHNICIAN,
    Stage.ENERGISATION: Role.ENERGISATION_OPERATOR,
    Stage.ARCHIVING: Role.INTAKE_CLERK,
    Stage.RETURN_VISIT: Role.RETURN_VISIT_AGENT,
}


@dataclass(frozen=True)
class World:
    station: Unit
    staff: dict[Role, User]
    customers: list[Customer]


@dataclass(frozen=True)
class Timing:
    transitions: int
    seconds: float
    cpu_seconds: float  # of those, this process's CPU time: the rest is waiting for the database server


def build_world(customer_count: int) -> World:
    """Province → city → county → station, one staff member per role at the county, and the customers.
    Users get MD5 password hashes: this is set-up, and Argon2 would dominate it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = unit_create(name="江苏省电力公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    city = unit_create(
        name="南京供电公司", level=UnitLevel.CITY_COMPANY, region_code="320100", parent=province
    )
    county = unit_create(
        name="江宁区供电公司", level=UnitLevel.COUNTY_COMPANY, region_code="320115", parent=city
    )
    station = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=county
    )
    county, station = Unit.objects.get(pk=county.pk), Unit.objects.get(pk=station.pk)
    staff = {
        role: staff_with_role(role=role, unit=county, username=f"bench.{role.value}").account for role in Role
    }
    customers = [enterprise_customer(service_unit=station) for _ in range(customer_count)]
    return World(station=station, staff=staff, customers=customers)


def submitted_applications(world: World, count: int | None = None) -> list[int]:
    """One submitted 10 kV single-supply application per customer (the first `count` customers), with every
    document received: the acceptance work item is open."""
    clerk = world.staff[Role.INTAKE_CLERK]
    ids: list[int] = []
    for customer in world.customers[:count]:
        application = draft_application(
            actor=clerk, customer=customer, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
        )
        services.application_submit(actor=clerk, application_id=application.pk)
        supply_all_documents(application, received_by=clerk)
        ids.append(application.pk)
    return ids


Step = tuple[int, str, int]  # application id, stage, work item id


def next_steps(application_ids: list[int]) -> list[Step]:
    """For each application still running, its first open work item by stage name (one query, untimed)."""
    first: dict[int, Step] = {}
    for application_id, stage, item_id in (
        WorkItem.objects.filter(
            application_id__in=application_ids, status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED]
        )
        .order_by("application_id", "stage")
        .values_list("application_id", "stage", "pk")
    ):
        first.setdefault(application_id, (application_id, stage, item_id))
    return list(first.values())


def complete(world: World, step: Step) -> tuple[float, float]:
    """Complete one work item (its outcome built beforehand); returns the call's wall and CPU seconds."""
    application_id, stage, item_id = step
    outcome = passing_outcome(stage, meter_number=f"M{application_id:08d}")
    actor = world.staff[ROLE_OF_STAGE[Stage(stage)]]
    started, cpu_started = time.perf_counter(), time.process_time()
    services.work_item_complete(actor=actor, work_item_id=item_id, outcome=outcome)
    return time.perf_counter() - started, time.process_time() - cpu_started


def run_yekuo(world: World, application_ids: list[int]) -> Timing:
    """Round after round, complete one open stage of every running application until all are completed."""
    transitions, seconds, cpu_seconds = 0, 0.0, 0.0
    while steps := next_steps(application_ids):
        for step in steps:
            wall, cpu = complete(world, step)
            transitions, seconds, cpu_seconds = transitions + 1, seconds + wall, cpu_seconds + cpu
    finished = Application.objects.filter(pk__in=application_ids, status=ApplicationStatus.COMPLETED).count()
    if finished != len(application_ids) or transitions != STAGES_PER_APPLICATION * len(application_ids):
        raise RuntimeError(f"{finished} of {len(application_ids)} completed after {transitions} transitions")
    return Timing(transitions=transitions, seconds=seconds, cpu_seconds=cpu_seconds)
