"""Two systems acting on the same work item through the API at the same moment: one 200, one 409."""

from __future__ import annotations

import json
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from tests.workflow.conftest import FrozenClock
from tests.workflow.escalations import OVERDUE_DAY
from tests.workflow.journeys import open_item
from yekuo.api.services import api_token_issue
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
from yekuo.org.services import unit_create, unit_set_responsible_head
from yekuo.workflow import services
from yekuo.workflow.installation import install_shipped
from yekuo.workflow.models import EscalationHandling, WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

SURVEY = {
    "kind": "site_survey",
    "surveyed_on": "2026-03-02",
    "site_conditions": "场地平整",
    "nearest_supply_point": "东山线 #12 杆",
    "suggested_voltage": "10kV",
}


def race(keys: list[str], path: str, body: dict[str, object]) -> tuple[Counter[int], list[str]]:
    """POST the same body with each key at the same moment; the statuses and the error codes."""
    barrier = threading.Barrier(len(keys))
    statuses: list[int] = []
    codes: list[str] = []
    lock = threading.Lock()

    def attempt(key: str) -> None:
        try:
            barrier.wait()
            response = Client().post(
                path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
            )
            with lock:
                statuses.append(response.status_code)
                codes.append(response.json().get("code", ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses), codes


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs real parallel connections with row locks: run with YEKUO_DATABASE_URL=postgres://…"
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_completions_through_the_api_give_one_200_and_one_409() -> None:
    needs_postgresql()
    install_shipped()
    calendar_seed_from_library(years=[2026])
    reset_working_day_calendar_cache()
    province = unit_create(name="省公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    station = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=province
    )
    clerk = staff_with_role(role=Role.INTAKE_CLERK, unit=station, username="api.race.clerk").account
    surveyors = [
        staff_with_role(role=Role.SURVEYOR, unit=station, username=f"api.race.surveyor{n}").account
        for n in (1, 2)
    ]
    application = draft_application(
        actor=clerk,
        customer=enterprise_customer(service_unit=station),
        category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY,
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    survey = open_item(application, Stage.SITE_SURVEY)
    keys = [api_token_issue(user=surveyor, name="race") for surveyor in surveyors]
    statuses, codes = race(keys, f"/api/v1/work-items/{survey.pk}/complete", {"outcome": SURVEY})

    assert statuses == {200: 1, 409: 1}
    assert "work_item_changed" in codes
    assert WorkItem.objects.get(pk=survey.pk).status == WorkItemStatus.COMPLETED
    assert WorkItem.objects.filter(application=application, stage=Stage.SUPPLY_SCHEME_DRAFTING).count() == 1
    assert Event.objects.filter(kind="work_item.completed", work_item_id=survey.pk).count() == 1
    assert all(report.first_break is None for report in verify_all_chains())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_heads_handling_one_escalation_at_once_give_one_200_and_one_409(test_clock: FrozenClock) -> None:
    needs_postgresql()
    install_shipped()
    calendar_seed_from_library(years=[2026])
    reset_working_day_calendar_cache()
    province = unit_create(name="省公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    county = unit_create(
        name="江宁区供电公司", level=UnitLevel.COUNTY_COMPANY, region_code="320115", parent=province
    )
    station = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=county
    )
    county_head = staff_with_role(role=Role.UNIT_HEAD, unit=county, username="race.county.head")
    province_head = staff_with_role(role=Role.UNIT_HEAD, unit=province, username="race.province.head")
    unit_set_responsible_head(unit=county, head=county_head)
    clerk = staff_with_role(role=Role.INTAKE_CLERK, unit=station, username="race.clerk").account
    application = draft_application(
        actor=clerk,
        customer=enterprise_customer(service_unit=station),
        category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY,
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    survey = open_item(application, Stage.SITE_SURVEY)
    test_clock.set(OVERDUE_DAY)
    deadline_sweep()
    keys = [api_token_issue(user=head.account, name="race") for head in (county_head, province_head)]

    statuses, codes = race(
        keys, f"/api/v1/work-items/{survey.pk}/escalation-handling", {"action": "urged", "note": "催办"}
    )

    assert statuses == {200: 1, 409: 1}
    assert "escalation_already_handled" in codes
    assert EscalationHandling.objects.filter(work_item_id=survey.pk).count() == 1
    assert Event.objects.filter(kind="work_item.escalation_handled", work_item_id=survey.pk).count() == 1
    assert all(report.first_break is None for report in verify_all_chains())
