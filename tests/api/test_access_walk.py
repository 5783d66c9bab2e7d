"""Every operation of the API, read from its OpenAPI schema so that a new endpoint is walked too, called
by staff of another unit and by another customer with a body that would be valid for the right person:
they get 403 or 404 (a list answers with their own, empty scope), never another unit's data, and nothing
changes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from tests.api.json_clients import JsonTokenClient
from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.database_state import database_state
from tests.workflow.escalations import escalate_and_request_stop
from yekuo.accounts.models import User
from yekuo.api.api import api
from yekuo.customers.factories import person_customer
from yekuo.org.roles import Role

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path)
    for path, methods in SCHEMA["paths"].items()
    for method in methods
    if method in {"get", "post", "put", "patch", "delete"}
]
# Bodies the right person could send, so that only access stands in the way. An operation missing here
# gets an empty body, and may then answer 422 as well.
VALID_BODIES: dict[str, Any] = {
    "/api/v1/work-items/{work_item_id}/complete": {
        "outcome": {
            "kind": "site_survey",
            "surveyed_on": "2026-03-02",
            "site_conditions": "场地平整",
            "nearest_supply_point": "东山线",
            "suggested_voltage": "10kV",
        }
    },
    "/api/v1/work-items/{work_item_id}/return": {"to_stage": "site_survey", "reason": "x"},
    "/api/v1/work-items/{work_item_id}/assign": {"assignee": "unit.head.west"},
    "/api/v1/work-items/{work_item_id}/clock-stops": {"reason": "customer_request", "explanation": "x"},
    "/api/v1/work-items/{work_item_id}/escalation-handling": {"action": "urged", "note": "x"},
    "/api/v1/clock-stops/{clock_stop_id}/decision": {"approve": True, "note": ""},
    "/api/v1/customer/applications/{application_id}/withdraw": {"reason": "x"},
}
# Multipart uploads cannot be sent as JSON here: tests/api/test_customer_applications.py sends a file.
MULTIPART = {
    "/api/v1/customer/applications/{application_id}/documents",
    "/api/v1/work-items/{work_item_id}/clock-stops/with-evidence",  # tests/api/test_clock_stop_evidence.py
    "/api/v1/customer/applications/{application_id}/rectification",  # test_customer_rectification.py
}


@pytest.fixture
def east_ids(crew: Crew, workload: Workload, test_clock: FrozenClock) -> dict[str, int]:
    stopped = escalate_and_request_stop(workload.east_survey, crew, test_clock)
    survey, stop, evidence = stopped.survey, stopped.stop, stopped.evidence
    return {
        "work_item_id": survey.pk,
        "application_id": survey.application_id,
        "clock_stop_id": stop.pk,
        "evidence_id": evidence.pk,
    }


def test_every_operation_is_walked() -> None:
    changing = {path for method, path in OPERATIONS if method != "GET" and "{" in path}
    without_body = {
        "/api/v1/work-items/{work_item_id}/claim",
        "/api/v1/work-items/{work_item_id}/resume",
        "/api/v1/customer/applications/{application_id}/submit",
    }
    assert changing <= set(VALID_BODIES) | without_body | MULTIPART


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_outsiders_get_nothing_from_any_operation(
    organisation: OrganisationTree,
    workload: Workload,
    east_ids: dict[str, int],
    method: str,
    path: str,
) -> None:
    outsiders: dict[str, User] = {
        "west_unit_head": persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account,
        "west_surveyor": persona_for(Role.SURVEYOR, organisation.county_west, ".west").account,
        "other_customer": person_customer(service_unit=organisation.station_west).account,
    }
    clients = {who: JsonTokenClient(account) for who, account in outsiders.items()}
    names = re.findall(r"{(\w+)}", path)
    assert all(name in east_ids for name in names), f"give the walk an id for {names} ({path})"
    url = path.format(**east_ids)
    body = VALID_BODIES.get(path)
    east_number = str(workload.east_survey.number)
    before = database_state()

    for who, client in clients.items():
        response = client.get(url) if method == "GET" else client.send(url, body or {})
        status = response.status_code
        allowed = {403, 404}
        if not names:
            allowed.add(200)  # a list or "me": the caller's own scope
        if body is None and method != "GET":
            allowed.add(422)
        assert status in allowed, (who, method, path, status, response.content[:200])
        assert "code" in response.json() or status == 200
        if status == 200:
            assert east_number not in json.dumps(response.json()), (who, method, path)
        assert database_state() == before, (who, method, path)

    bare = Client()
    response = bare.get(url) if method == "GET" else bare.post(url, "{}", content_type="application/json")
    assert response.status_code == 401
    assert database_state() == before
