"""Bad input to every changing staff operation: wrong types, huge strings, markup, unknown and missing
fields. Each gets a 4xx JSON answer with a stable code, never a 5xx, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.json_clients import JsonTokenClient
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.database_state import database_state
from tests.workflow.escalations import escalate_survey
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import ClockStopReason

HUGE = "长" * 100_000
MARKUP = "<script>alert(1)</script>"

# (operation, body): the path is filled in with the eastern survey's item or its requested clock stop.
CASES: list[Any] = [
    ("return", {"to_stage": "site_survey"}),
    ("return", {"to_stage": "site_survey", "reason": HUGE}),
    ("return", {"to_stage": 7, "reason": "x"}),
    ("return", {"to_stage": "site_survey", "reason": ["x"]}),
    ("return", {"to_stage": "site_survey", "reason": "x", "urgent": True}),
    ("assign", {}),
    ("assign", {"assignee": ""}),
    ("assign", {"assignee": HUGE}),
    ("assign", {"assignee": 42}),
    ("assign", {"assignee": MARKUP}),
    ("clock-stops", {"reason": "customer_request"}),
    ("clock-stops", {"reason": "customer_request", "explanation": HUGE}),
    ("clock-stops", {"reason": MARKUP, "explanation": "x"}),
    ("clock-stops", {"reason": "customer_request", "explanation": "   "}),
    ("clock-stops", {"reason": "customer_request", "explanation": "x", "evidence": "file"}),
    ("escalation-handling", {"action": "urged"}),
    ("escalation-handling", {"action": "urged", "note": HUGE}),
    ("escalation-handling", {"action": MARKUP, "note": "x"}),
    ("escalation-handling", {"action": "urged", "note": None}),
    ("escalation-handling", {"action": "urged", "note": "x", "by": "me"}),
    ("decision", {}),
    ("decision", {"approve": "yes"}),
    ("decision", {"approve": 1}),
    ("decision", {"approve": True, "note": HUGE}),
    ("decision", {"approve": True, "note": "x", "reason": "y"}),
]


@pytest.fixture
def targets(crew: Crew, workload: Workload, test_clock: FrozenClock) -> dict[str, str]:
    survey = escalate_survey(workload.east_survey, crew, test_clock)
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        explanation="客户图纸未到",
    )
    paths = {
        action: f"/api/v1/work-items/{survey.pk}/{action}"
        for action in ("return", "assign", "clock-stops", "escalation-handling")
    }
    return {**paths, "decision": f"/api/v1/clock-stops/{stop.pk}/decision"}


@pytest.mark.parametrize(("operation", "body"), CASES, ids=[f"{o}-{n}" for n, (o, _b) in enumerate(CASES)])
def test_bad_input_gets_a_coded_4xx_and_changes_nothing(
    crew: Crew, targets: dict[str, str], operation: str, body: dict[str, Any]
) -> None:
    head = JsonTokenClient(crew[Role.UNIT_HEAD].account)  # allowed to do every one of them
    before = database_state()

    response = head.send(targets[operation], body, HTTP_ACCEPT_LANGUAGE="en")

    assert 400 <= response.status_code < 500, response.content[:300]
    answer = response.json()
    assert answer["code"]
    assert answer["message"]
    assert MARKUP not in response.content.decode()
    assert HUGE[:1000] not in response.content.decode()  # the input is not echoed back
    assert database_state() == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_gets_a_4xx(crew: Crew, targets: dict[str, str], content_type: str) -> None:
    head = JsonTokenClient(crew[Role.UNIT_HEAD].account)
    before = database_state()

    response = head.client.post(
        targets["escalation-handling"],
        "action=urged&note=x",
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {head.key}",
    )

    assert 400 <= response.status_code < 500
    assert database_state() == before
