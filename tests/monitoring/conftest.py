"""A small, hand-built set of applications moved through the workflow services, for the dashboard's
figures: every expected number in the tests below can be counted from the docstring of `scenario`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import OrganisationTree
from tests.web.conftest import plain_static_files  # noqa: F401  # shared fixture
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.org.factories import staff_with_role
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.factories import passing_outcome
from yekuo.workflow.models import ClockStopReason
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

crew = workflow_fixtures.crew
household = workflow_fixtures.household
factory_owner = workflow_fixtures.factory_owner
test_clock = workflow_fixtures.test_clock
working_calendar = workflow_fixtures.working_calendar


def complete(crew: Crew, application: Application, stage: str) -> None:
    item = open_item(application, stage)
    outcome = passing_outcome(stage, meter_number=f"M{application.pk:04d}")
    services.work_item_complete(
        actor=crew[Role(item.candidate_role)].account, work_item_id=item.pk, outcome=outcome
    )


def submitted(customer: Customer, *, category: str = Category.LOW_VOLTAGE_RESIDENTIAL) -> Application:
    application = draft_application(actor=customer.account, customer=customer, category=category)
    services.application_submit(actor=customer.account, application_id=application.pk)
    return application


def accepted(
    crew: Crew, customer: Customer, *, category: str = Category.LOW_VOLTAGE_RESIDENTIAL
) -> Application:
    application = submitted(customer, category=category)
    supply_all_documents(application, received_by=crew[Role.INTAKE_CLERK].account)
    complete(crew, application, Stage.ACCEPTANCE)
    return application


@dataclass(frozen=True)
class Scenario:
    east_waiting: Application
    east_survey: Application
    east_done_quickly: Application
    east_done_slowly: Application
    west_waiting: Application


@pytest.fixture
def scenario(
    organisation: OrganisationTree,
    crew: Crew,
    household: Customer,
    factory_owner: Customer,
    test_clock: FrozenClock,
) -> Scenario:
    """Received on Monday 2 March 2026 at the eastern station: one residential application waiting for
    acceptance; a 10 kV application at the site survey with the clock stopped for the customer's
    documents; two residential applications completed, energised on Wed 4 March (2 working days after
    acceptance) and on Fri 6 March (4 working days). At the western station: one residential application
    received on Thursday 5 March, waiting for acceptance. The dashboard is read on Friday 6 March at 16:00,
    after the deadline sweep: the eastern acceptance (due Tue 3 March) is overdue, the western one (due
    today) in warning; the stopped survey is on time."""
    western = person_customer(service_unit=organisation.station_west)
    east_waiting = submitted(household)
    east_survey = accepted(crew, factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY)
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=open_item(east_survey, Stage.SITE_SURVEY).pk,
        reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        explanation="客户补充资料",
    )
    services.clock_stop_decide(actor=crew[Role.UNIT_HEAD].account, clock_stop_id=stop.pk, approve=True)
    quick = accepted(crew, person_customer(service_unit=organisation.station_east))
    slow = accepted(crew, person_customer(service_unit=organisation.station_east))
    test_clock.set(at(2026, 3, 4, 10))
    for stage in (Stage.METERING_AND_ENERGISATION, Stage.ARCHIVING, Stage.RETURN_VISIT):
        complete(crew, quick, stage)
    test_clock.set(at(2026, 3, 5, 10))
    west_waiting = submitted(western)
    test_clock.set(at(2026, 3, 6, 10))
    for stage in (Stage.METERING_AND_ENERGISATION, Stage.ARCHIVING, Stage.RETURN_VISIT):
        complete(crew, slow, stage)
    test_clock.set(at(2026, 3, 6, 16))
    deadline_sweep(now=at(2026, 3, 6, 16))
    applications = [east_waiting, east_survey, quick, slow, west_waiting]
    for application in applications:
        application.refresh_from_db()
    return Scenario(*applications)


@pytest.fixture
def station_head(organisation: OrganisationTree) -> Staff:
    return staff_with_role(role=Role.UNIT_HEAD, unit=organisation.station_west, username="station.head")
