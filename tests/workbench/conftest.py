"""Fixtures for the workbench's work pages: the engine's crew and customers, and applications in a
known state built through the services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import OrganisationTree
from tests.web.conftest import plain_static_files  # noqa: F401  # shared fixture
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import WorkItem
from yekuo.workflow.stages import Stage

# The engine's fixtures, shared by assignment so pytest finds them here too.
crew = workflow_fixtures.crew
household = workflow_fixtures.household
factory_owner = workflow_fixtures.factory_owner
test_clock = workflow_fixtures.test_clock
working_calendar = workflow_fixtures.working_calendar


def submitted_application(customer: Customer) -> Application:
    """A householder's application waiting for acceptance at the customer's station."""
    application = draft_application(actor=customer.account, customer=customer)
    services.application_submit(actor=customer.account, application_id=application.pk)
    application.refresh_from_db()
    return application


def accepted_high_voltage_application(crew: Crew, customer: Customer) -> Application:
    """An enterprise's 10 kV application, accepted: it waits for the site survey."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=customer, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    application.refresh_from_db()
    return application


@dataclass(frozen=True)
class Workload:
    """Three applications: acceptance in the east, survey in the east, acceptance in the west."""

    east_acceptance: Application
    east_survey: Application
    west_acceptance: Application

    def item(self, application: Application) -> WorkItem:
        return WorkItem.objects.get(application=application, status__in=["open", "claimed", "suspended"])


@pytest.fixture
def workload(
    organisation: OrganisationTree, crew: Crew, household: Customer, factory_owner: Customer
) -> Workload:
    western_householder = person_customer(service_unit=organisation.station_west)
    return Workload(
        east_acceptance=submitted_application(household),
        east_survey=accepted_high_voltage_application(crew, factory_owner),
        west_acceptance=submitted_application(western_householder),
    )
