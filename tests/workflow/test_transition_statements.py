"""The transition hot path sends few statements and still records exactly what it changed."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import WorkItem
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
    """BEGIN; the lock with its reads; the stage record; the item's closing, the next item and the settle
    writes with the chain's lock; the events with the chain's head; COMMIT."""
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
    assert sent <= (6 if connection.vendor == "postgresql" else 16)
    assert open_item(application, Stage.SUPPLY_SCHEME_DRAFTING).clock_id is not None
