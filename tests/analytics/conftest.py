"""Each analytics test gets its own DuckDB file; small logs are written as the test needs them, and live
applications are driven through the engine's services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.conftest import SHARED_DIRECTORY
from tests.workflow.conftest import (  # the engine's fixtures: clock, calendar, staff, customers
    Crew,
    FrozenClock,
    at,
    crew,
    factory_owner,
    household,
    test_clock,
    working_calendar,
)
from tests.workflow.journeys import open_item, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.stages import Stage

__all__ = ["crew", "factory_owner", "household", "test_clock", "working_calendar"]
PUBLIC_LOGS = SHARED_DIRECTORY / "data"


@pytest.fixture(autouse=True)
def analytics_database(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.ANALYTICS_DATABASE = path
    return path


@pytest.fixture
def write_log(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def public_log(name: str) -> Path:
    """One of the public logs in ../shared/data; the test skips where that folder is absent."""
    path = PUBLIC_LOGS / name
    if not path.is_file():
        pytest.skip(f"the public event logs are not here ({PUBLIC_LOGS} has no {name})")
    return path


ACCEPTANCE, METERING = Stage.ACCEPTANCE.value, Stage.METERING_AND_ENERGISATION.value
ARCHIVING, RETURN_VISIT = Stage.ARCHIVING.value, Stage.RETURN_VISIT.value
Households = tuple[Application, Application]
ROLE_OF = {
    ACCEPTANCE: Role.INTAKE_CLERK,
    METERING: Role.METERING_TECHNICIAN,
    ARCHIVING: Role.INTAKE_CLERK,
    RETURN_VISIT: Role.RETURN_VISIT_AGENT,
}


def complete(crew: Crew, application: Application, stage: str) -> None:
    services.work_item_complete(
        actor=crew[ROLE_OF[stage]].account,
        work_item_id=open_item(application, stage).pk,
        outcome=passing_outcome(stage, meter_number=f"M{application.pk:04d}"),
    )


def submitted(crew: Crew, customer: Customer) -> Application:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(actor=clerk, customer=customer, category=Category.LOW_VOLTAGE_RESIDENTIAL)
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    return application


@pytest.fixture
def two_households(crew: Crew, household: Customer, test_clock: FrozenClock) -> Households:
    """The first runs straight through, metering recorded one minute after it opened; the second is sent
    back from metering to acceptance once."""
    straight, returned = submitted(crew, household), submitted(crew, household)
    test_clock.set(at(2026, 3, 2, 9, 30))
    complete(crew, straight, ACCEPTANCE)
    test_clock.set(at(2026, 3, 2, 9, 31))
    complete(crew, straight, METERING)
    test_clock.set(at(2026, 3, 2, 10, 0))
    complete(crew, returned, ACCEPTANCE)
    test_clock.set(at(2026, 3, 3, 14, 0))
    services.work_item_return(
        actor=crew[Role.METERING_TECHNICIAN].account,
        work_item_id=open_item(returned, METERING).pk,
        to_stage=ACCEPTANCE,
        reason="表计型号与方案不符",
    )
    test_clock.set(at(2026, 3, 3, 15, 0))
    complete(crew, returned, ACCEPTANCE)
    test_clock.set(at(2026, 3, 4, 16, 0))
    complete(crew, returned, METERING)
    for application in (straight, returned):
        test_clock.set(at(2026, 3, 5, 9, 0))
        complete(crew, application, ARCHIVING)
        test_clock.set(at(2026, 3, 5, 10, 0))
        complete(crew, application, RETURN_VISIT)
    return straight, returned
