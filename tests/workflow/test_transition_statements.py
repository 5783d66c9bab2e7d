"""The transition hot path sends few statements and still records exactly what it changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.records import MeteringRecord
from yekuo.core.errors import Conflict
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import ApplicationClock, ClockState, WorkItem
from yekuo.workflow.stages import Stage


def _accepted(crew: Crew, customer: Customer) -> Application:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=customer, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    return application


def test_every_opened_item_has_its_own_opened_event(crew: Crew, factory_owner: Customer) -> None:
    application = _accepted(crew, factory_owner)
    for stage, role in (
        (Stage.SITE_SURVEY, Role.SURVEYOR),
        (Stage.SUPPLY_SCHEME_DRAFTING, Role.SCHEME_DESIGNER),
        (Stage.SUPPLY_SCHEME_APPROVAL, Role.SCHEME_APPROVER),  # opens two parallel tracks at once
    ):
        services.work_item_complete(
            actor=crew[role].account,
            work_item_id=open_item(application, stage).pk,
            outcome=passing_outcome(stage),
        )
    opened = list(
        Event.objects.filter(application_id=application.pk, kind="work_item.opened").values_list(
            "work_item_id", "new_values"
        )
    )
    items = dict(WorkItem.objects.filter(application=application).values_list("pk", "stage"))
    assert sorted(work_item_id for work_item_id, _values in opened) == sorted(items)
    assert all(values["stage"] == items[work_item_id] for work_item_id, values in opened)
    assert all(report.first_break is None for report in verify_all_chains())


def test_completing_a_stage_takes_few_statements(crew: Crew, factory_owner: Customer) -> None:
    """BEGIN; the lock with its reads; the stage record, the item's closing, the next item's clock and
    the item, and the settle writes with the chain's lock; the events with the chain's head; COMMIT."""
    application = _accepted(crew, factory_owner)
    item = open_item(application, Stage.SITE_SURVEY)
    with CaptureQueriesContext(connection) as captured:
        services.work_item_complete(
            actor=crew[Role.SURVEYOR].account,
            work_item_id=item.pk,
            outcome=passing_outcome(Stage.SITE_SURVEY),
        )
    sent = len(captured.captured_queries)
    # PostgreSQL sends each group as one message; SQLite runs its statements one by one. (In a test the
    # transaction is a savepoint: SAVEPOINT and RELEASE stand for BEGIN and COMMIT.)
    assert sent <= (5 if connection.vendor == "postgresql" else 17)
    assert open_item(application, Stage.SUPPLY_SCHEME_DRAFTING).clock_id is not None


def _accepted_household(crew: Crew, customer: Customer) -> Application:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(actor=customer.account, customer=customer)
    services.application_submit(actor=customer.account, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    return application


def test_a_meter_installed_elsewhere_is_refused_and_nothing_changes(
    crew: Crew, household: Customer, organisation: OrganisationTree
) -> None:
    technician = crew[Role.METERING_TECHNICIAN].account
    first = _accepted_household(crew, household)
    second = _accepted_household(crew, person_customer(service_unit=organisation.station_east))
    outcome = passing_outcome(Stage.METERING_AND_ENERGISATION, meter_number="M-0001")
    services.work_item_complete(
        actor=technician,
        work_item_id=open_item(first, Stage.METERING_AND_ENERGISATION).pk,
        outcome=outcome,
    )
    item = open_item(second, Stage.METERING_AND_ENERGISATION)
    events_before = Event.objects.count()
    version_before = Application.objects.get(pk=second.pk).version

    with pytest.raises(Conflict) as refused:
        services.work_item_complete(actor=technician, work_item_id=item.pk, outcome=outcome)

    assert refused.value.code == "meter_in_use"
    assert open_item(second, Stage.METERING_AND_ENERGISATION).pk == item.pk
    assert not MeteringRecord.objects.filter(application=second).exists()
    assert MeteringRecord.objects.get(meter_number="M-0001").application_id == first.pk
    assert Event.objects.count() == events_before
    assert Application.objects.get(pk=second.pk).version == version_before
    assert all(report.first_break is None for report in verify_all_chains())


def test_a_started_clock_is_the_one_its_new_item_runs_on(crew: Crew, factory_owner: Customer) -> None:
    """The clock and the item that runs on it are inserted in one round trip; the item points at it."""
    application = _accepted(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    services.work_item_complete(
        actor=crew[Role.SURVEYOR].account, work_item_id=survey.pk, outcome=passing_outcome(Stage.SITE_SURVEY)
    )
    drafting = open_item(application, Stage.SUPPLY_SCHEME_DRAFTING)
    clock = ApplicationClock.objects.get(pk=drafting.clock_id)
    assert clock.application_id == application.pk
    assert clock.clock == drafting.stage_definition.clock
    assert clock.state == ClockState.RUNNING
    assert (drafting.due_at, drafting.warn_at) == (clock.due_at, clock.warn_at)
    assert drafting.due_at is not None
