"""Answers that reveal nothing to outsiders, and times that cannot lie in the future."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew, at
from tests.workflow.journeys import open_item
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.outcomes import EnergisationOutcome, MeteringOutcome
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.models import Customer
from yekuo.org.factories import staff_with_role
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.stages import Stage


def test_staff_of_another_county_learn_nothing_about_an_item_that_is_already_done(
    crew: Crew, household: Customer, organisation: OrganisationTree
) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(actor=household.account, customer=household)
    services.application_submit(actor=household.account, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    acceptance = open_item(application, Stage.ACCEPTANCE)
    services.application_accept(actor=clerk, work_item_id=acceptance.pk)
    western_clerk = staff_with_role(
        role=Role.INTAKE_CLERK, unit=organisation.county_west, username="west.clerk"
    )

    with pytest.raises(AccessDenied, match="does not exist"):
        services.application_accept(actor=western_clerk.account, work_item_id=acceptance.pk)


def test_a_meter_installed_tomorrow_is_refused() -> None:
    tomorrow = at(2026, 3, 3)

    with pytest.raises(ValidationFailed, match="future"):
        MeteringOutcome(meter_number="M1", initial_reading=Decimal(0), installed_at=tomorrow).validate()


def test_an_energisation_time_needs_its_time_zone() -> None:
    with pytest.raises(ValidationFailed, match="time zone"):
        EnergisationOutcome(energised_at=datetime(2026, 3, 1, 9) - timedelta(days=1)).validate()


def test_a_past_energisation_time_is_accepted() -> None:
    EnergisationOutcome(energised_at=at(2026, 3, 1, 9)).validate()
