"""N people completing one work item at the same moment: one wins, the others get a clear conflict."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from tests.workflow.journeys import open_item, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.calendar.selectors import reset_working_day_calendar_cache
from yekuo.calendar.services import calendar_seed_from_library
from yekuo.customers.factories import enterprise_customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.org.factories import staff_with_role
from yekuo.org.models import UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import unit_create
from yekuo.workflow import services
from yekuo.workflow.errors import StaleWorkItem
from yekuo.workflow.installation import install_definitions, install_rule_sets, installed_models
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

ATTEMPTS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_completions_yield_one_completion_and_clear_conflicts() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs real parallel connections with row locks: run with YEKUO_DATABASE_URL=postgres://…"
        )
    install_definitions(installed_models())
    install_rule_sets(installed_models())
    calendar_seed_from_library(years=[2026])
    reset_working_day_calendar_cache()
    province = unit_create(name="省公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    station = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=province
    )
    clerk = staff_with_role(role=Role.INTAKE_CLERK, unit=station, username="race.clerk").account
    surveyor = staff_with_role(role=Role.SURVEYOR, unit=station, username="race.surveyor").account
    customer = enterprise_customer(service_unit=station)
    application = draft_application(
        actor=clerk, customer=customer, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    survey = open_item(application, Stage.SITE_SURVEY)
    events_before = Event.objects.count()
    barrier = threading.Barrier(ATTEMPTS)
    results: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait()
            services.work_item_complete(
                actor=surveyor, work_item_id=survey.pk, outcome=passing_outcome(survey.stage)
            )
            outcome = "completed"
        except StaleWorkItem:
            outcome = "conflict"
        except Exception as error:  # any other failure is what the test must reveal
            outcome = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(results) == {"completed": 1, "conflict": ATTEMPTS - 1}
    assert WorkItem.objects.get(pk=survey.pk).status == WorkItemStatus.COMPLETED
    assert WorkItem.objects.filter(application=application, stage=Stage.SUPPLY_SCHEME_DRAFTING).count() == 1
    completions = Event.objects.filter(kind="work_item.completed", work_item_id=survey.pk)
    assert completions.count() == 1
    assert Event.objects.count() > events_before
    assert all(report.first_break is None for report in verify_all_chains())
