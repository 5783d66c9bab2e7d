"""Two systems completing the same work item through the API at the same moment: one 200, one 409."""

from __future__ import annotations

import json
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

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
from yekuo.org.services import unit_create
from yekuo.workflow import services
from yekuo.workflow.installation import install_definitions, install_rule_sets, installed_models
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

SURVEY = {
    "kind": "site_survey",
    "surveyed_on": "2026-03-02",
    "site_conditions": "场地平整",
    "nearest_supply_point": "东山线 #12 杆",
    "suggested_voltage": "10kV",
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_completions_through_the_api_give_one_200_and_one_409() -> None:
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
    barrier = threading.Barrier(len(keys))
    statuses: list[int] = []
    codes: list[str] = []
    lock = threading.Lock()

    def attempt(key: str) -> None:
        try:
            barrier.wait()
            response = Client().post(
                f"/api/v1/work-items/{survey.pk}/complete",
                json.dumps({"outcome": SURVEY}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
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

    assert Counter(statuses) == {200: 1, 409: 1}
    assert "work_item_changed" in codes
    assert WorkItem.objects.get(pk=survey.pk).status == WorkItemStatus.COMPLETED
    assert WorkItem.objects.filter(application=application, stage=Stage.SUPPLY_SCHEME_DRAFTING).count() == 1
    assert Event.objects.filter(kind="work_item.completed", work_item_id=survey.pk).count() == 1
    assert all(report.first_break is None for report in verify_all_chains())
