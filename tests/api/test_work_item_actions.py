"""Staff act on work items through the API with the workbench's services: complete with a typed outcome,
return, assign, ask for and decide a clock stop, resume, handle an escalation, read the timeline."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.json_clients import JsonTokenClient
from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import escalate_survey
from yekuo.applications.records import SiteSurvey
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow.models import ClockStop, EscalationHandling, WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

SURVEY: dict[str, Any] = {
    "kind": "site_survey",
    "surveyed_on": "2026-03-02",
    "site_conditions": "场地平整",
    "nearest_supply_point": "10kV 东山线 #12 杆",
    "suggested_voltage": "10kV",
}


def url(item: WorkItem, action: str = "") -> str:
    return f"/api/v1/work-items/{item.pk}" + (f"/{action}" if action else "")


def as_(crew: Crew, role: Role) -> JsonTokenClient:
    return JsonTokenClient(crew[role].account)


def state(item: WorkItem) -> tuple[str, int | None, int]:
    item.refresh_from_db()
    return item.status, item.assignee_id, Event.objects.filter(application_id=item.application_id).count()


def test_the_detail_names_the_outcome_kind_and_the_return_stages(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)

    body = as_(crew, Role.SURVEYOR).get(url(survey)).json()

    assert (body["id"], body["stage"], body["outcome_kind"]) == (survey.pk, "site_survey", "site_survey")
    assert body["return_stages"] == []
    assert body["clock_stops"] == []
    assert body["escalation_handlings"] == []


def test_completing_the_survey_opens_the_scheme_drafting(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)

    response = as_(crew, Role.SURVEYOR).send(url(survey, "complete"), {"outcome": SURVEY})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == WorkItemStatus.COMPLETED
    drafting = WorkItem.objects.get(application=workload.east_survey, stage=Stage.SUPPLY_SCHEME_DRAFTING)
    assert drafting.status == WorkItemStatus.OPEN


@pytest.mark.parametrize(
    ("outcome", "status", "code"),
    [
        pytest.param({"kind": "archive", "archive_number": "A1"}, 400, "wrong_outcome", id="wrong_kind"),
        pytest.param({**SURVEY, "suggested_voltage": "9000V"}, 400, "invalid_outcome", id="rule_broken"),
        pytest.param({**SURVEY, "site_conditions": " "}, 400, "invalid_outcome", id="blank_required_text"),
        pytest.param({**SURVEY, "site_conditions": "x" * 100_000}, 422, "invalid_input", id="huge_string"),
        pytest.param({**SURVEY, "surveyed_on": "yesterday"}, 422, "invalid_input", id="bad_date"),
        pytest.param({**SURVEY, "surveyed_on": 20260302}, 422, "invalid_input", id="number_for_date"),
        pytest.param({**SURVEY, "site_conditions": ["a"]}, 422, "invalid_input", id="list_for_text"),
        pytest.param({**SURVEY, "colour": "red"}, 422, "invalid_input", id="unknown_field"),
        pytest.param({**SURVEY, "kind": "no_such_kind"}, 422, "invalid_input", id="unknown_kind"),
        pytest.param({k: v for k, v in SURVEY.items() if k != "kind"}, 422, "invalid_input", id="no_kind"),
        pytest.param({"kind": "site_survey"}, 422, "invalid_input", id="missing_fields"),
        pytest.param(None, 422, "invalid_input", id="null_outcome"),
    ],
)
def test_bad_outcomes_get_a_4xx_and_change_nothing(
    crew: Crew, workload: Workload, outcome: Any, status: int, code: str
) -> None:
    survey = workload.item(workload.east_survey)
    before = state(survey)

    response = as_(crew, Role.SURVEYOR).send(url(survey, "complete"), {"outcome": outcome})

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert state(survey) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("{not json", id="broken_json"),
        pytest.param("[]", id="array_body"),
        pytest.param({}, id="empty_body"),
        pytest.param({"outcome": SURVEY, "extra": 1}, id="unknown_top_level_field"),
    ],
)
def test_malformed_bodies_get_422(crew: Crew, workload: Workload, body: Any) -> None:
    survey = workload.item(workload.east_survey)
    before = state(survey)

    response = as_(crew, Role.SURVEYOR).send(url(survey, "complete"), body)

    assert 400 <= response.status_code < 500
    assert "code" in response.json()
    assert state(survey) == before


def test_the_rule_s_message_is_translated(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    outcome = {**SURVEY, "suggested_voltage": "9000V"}

    english = as_(crew, Role.SURVEYOR).send(
        url(survey, "complete"), {"outcome": outcome}, HTTP_ACCEPT_LANGUAGE="en"
    )
    chinese = as_(crew, Role.SURVEYOR).send(
        url(survey, "complete"), {"outcome": outcome}, HTTP_ACCEPT_LANGUAGE="zh-Hans"
    )

    assert english.json()["message"] == "Choose a supply voltage."
    assert chinese.json()["message"] != english.json()["message"]
    assert any("\u4e00" <= character <= "\u9fff" for character in chinese.json()["message"])


def test_markup_is_stored_as_plain_text_and_escaped_on_the_application_page(
    client: Client, crew: Crew, workload: Workload
) -> None:
    survey = workload.item(workload.east_survey)
    outcome = {**SURVEY, "site_conditions": "<script>alert(1)</script>"}

    response = as_(crew, Role.SURVEYOR).send(url(survey, "complete"), {"outcome": outcome})

    assert response.status_code == 200
    assert (
        SiteSurvey.objects.get(application=workload.east_survey).site_conditions == outcome["site_conditions"]
    )
    client.force_login(crew[Role.SURVEYOR].account)
    page = client.get(
        reverse("workbench:application_detail", args=[workload.east_survey.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_return_sends_the_application_back_with_the_reason(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    as_(crew, Role.SURVEYOR).send(url(survey, "complete"), {"outcome": SURVEY})
    drafting = WorkItem.objects.get(application=workload.east_survey, stage=Stage.SUPPLY_SCHEME_DRAFTING)
    designer = as_(crew, Role.SCHEME_DESIGNER)
    assert designer.get(url(drafting)).json()["return_stages"] == ["site_survey"]

    refused = designer.send(url(drafting, "return"), {"to_stage": "site_survey", "reason": " "})
    wrong_stage = designer.send(url(drafting, "return"), {"to_stage": "archiving", "reason": "x"})
    unknown_stage = designer.send(url(drafting, "return"), {"to_stage": "moon", "reason": "x"})
    returned = designer.send(url(drafting, "return"), {"to_stage": "site_survey", "reason": "勘查数据有误"})

    assert (refused.status_code, refused.json()["code"]) == (400, "reason_required")
    assert (wrong_stage.status_code, wrong_stage.json()["code"]) == (409, "return_not_allowed")
    assert unknown_stage.status_code == 422
    assert returned.status_code == 200
    assert returned.json()["status"] == WorkItemStatus.RETURNED
    assert WorkItem.objects.filter(
        application=workload.east_survey, stage=Stage.SITE_SURVEY, status=WorkItemStatus.OPEN
    ).exists()


def test_the_unit_head_assigns_to_staff_with_the_stage_s_role(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    head = as_(crew, Role.UNIT_HEAD)

    unknown = head.send(url(survey, "assign"), {"assignee": "nobody.here"})
    without_role = head.send(url(survey, "assign"), {"assignee": crew[Role.INTAKE_CLERK].account.username})
    assigned = head.send(url(survey, "assign"), {"assignee": crew[Role.SURVEYOR].account.username})
    by_worker = as_(crew, Role.SURVEYOR).send(
        url(survey, "assign"), {"assignee": crew[Role.SURVEYOR].account.username}
    )

    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_assignee")
    assert without_role.status_code == 400
    assert (assigned.status_code, assigned.json()["assignee"]) == (200, crew[Role.SURVEYOR].account.username)
    assert (by_worker.status_code, by_worker.json()["code"]) == (403, "not_permitted")


def test_clock_stop_requested_approved_then_resumed(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    surveyor, head = as_(crew, Role.SURVEYOR), as_(crew, Role.UNIT_HEAD)

    bad_reason = surveyor.send(url(survey, "clock-stops"), {"reason": "weather", "explanation": "雨"})
    requested = surveyor.send(
        url(survey, "clock-stops"), {"reason": "customer_documents", "explanation": "客户图纸未到"}
    )
    stop_id = requested.json()["id"]
    awaiting = head.get("/api/v1/clock-stops").json()
    awaiting_for_worker = surveyor.get("/api/v1/clock-stops").json()
    by_worker = surveyor.send(f"/api/v1/clock-stops/{stop_id}/decision", {"approve": True})
    not_bool = head.send(f"/api/v1/clock-stops/{stop_id}/decision", {"approve": "maybe"})
    approved = head.send(f"/api/v1/clock-stops/{stop_id}/decision", {"approve": True})
    again = head.send(f"/api/v1/clock-stops/{stop_id}/decision", {"approve": False})
    resumed = surveyor.send(url(survey, "resume"))
    resumed_twice = surveyor.send(url(survey, "resume"))

    assert bad_reason.status_code == 422
    assert (requested.status_code, requested.json()["status"]) == (200, "requested")
    assert [stop["id"] for stop in awaiting["items"]] == [stop_id]
    assert awaiting_for_worker == {"count": 0, "items": []}
    assert (by_worker.status_code, by_worker.json()["code"]) == (403, "not_permitted")
    assert not_bool.status_code == 422
    assert (approved.status_code, approved.json()["status"]) == (200, "active")
    assert (again.status_code, again.json()["code"]) == (409, "stop_decided")
    assert (resumed.status_code, resumed.json()["status"]) == (200, WorkItemStatus.OPEN)
    assert (resumed_twice.status_code, resumed_twice.json()["code"]) == (409, "work_item_changed")
    assert ClockStop.objects.get(pk=stop_id).status == "ended"
    assert as_(crew, Role.SURVEYOR).get(url(survey)).json()["clock_stops"][0]["id"] == stop_id


def test_a_refused_clock_stop_keeps_the_clock_running(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    stop_id = (
        as_(crew, Role.SURVEYOR)
        .send(url(survey, "clock-stops"), {"reason": "customer_request", "explanation": "客户要求暂缓"})
        .json()["id"]
    )

    refused = as_(crew, Role.UNIT_HEAD).send(
        f"/api/v1/clock-stops/{stop_id}/decision", {"approve": False, "note": "理由不足"}
    )

    assert (refused.status_code, refused.json()["status"]) == (200, "rejected")
    survey.refresh_from_db()
    assert survey.status == WorkItemStatus.OPEN


def test_the_escalation_is_listed_handled_and_leaves_the_list(
    crew: Crew, factory_owner: Customer, workload: Workload, test_clock: FrozenClock
) -> None:
    escalated = escalate_survey(workload.east_survey, crew, test_clock)
    head = as_(crew, Role.UNIT_HEAD)

    listed = head.get("/api/v1/escalations").json()
    empty_note = head.send(url(escalated, "escalation-handling"), {"action": "urged", "note": ""})
    handled = head.send(url(escalated, "escalation-handling"), {"action": "urged", "note": "已催办"})
    twice = head.send(url(escalated, "escalation-handling"), {"action": "urged", "note": "again"})

    assert escalated.pk in [entry["id"] for entry in listed["items"]]
    assert (empty_note.status_code, empty_note.json()["code"]) == (400, "note_required")
    assert (handled.status_code, handled.json()["action"], handled.json()["note"]) == (200, "urged", "已催办")
    assert (twice.status_code, twice.json()["code"]) == (409, "escalation_already_handled")
    still_listed = [entry["id"] for entry in head.get("/api/v1/escalations").json()["items"]]
    assert still_listed == [entry["id"] for entry in listed["items"] if entry["id"] != escalated.pk]
    assert (
        head.get(url(escalated), HTTP_ACCEPT_LANGUAGE="en").json()["escalation_handlings"][0]["action_label"]
        == "Urged the assignee"
    )
    assert as_(crew, Role.SURVEYOR).get("/api/v1/escalations").json()["count"] == 0


def test_the_timeline_lists_every_event_with_its_label(crew: Crew, workload: Workload) -> None:
    survey = workload.item(workload.east_survey)
    as_(crew, Role.SURVEYOR).send(url(survey, "complete"), {"outcome": SURVEY})

    timeline = (
        as_(crew, Role.SURVEYOR)
        .get(f"/api/v1/applications/{workload.east_survey.pk}/events", HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )

    kinds = [event["kind"] for event in timeline]
    assert kinds[0] == "application.submitted"
    assert "work_item.completed" in kinds
    completed = next(
        event
        for event in timeline
        if event["kind"] == "work_item.completed" and event["work_item_id"] == survey.pk
    )
    assert (completed["label"], completed["stage"], completed["actor"]) == (
        "Work item completed",
        "site_survey",
        crew[Role.SURVEYOR].account.username,
    )
    assert len(timeline) == Event.objects.filter(application_id=workload.east_survey.pk).count()


def test_another_unit_s_staff_get_404_everywhere_and_nothing_changes(
    organisation: OrganisationTree, crew: Crew, workload: Workload
) -> None:
    survey = workload.item(workload.east_survey)
    west_head = JsonTokenClient(persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account)
    before = state(survey)

    answers = [
        west_head.get(url(survey)),
        west_head.get(f"/api/v1/applications/{survey.application_id}/events"),
        west_head.send(url(survey, "complete"), {"outcome": SURVEY}),
        west_head.send(url(survey, "return"), {"to_stage": "site_survey", "reason": "x"}),
        west_head.send(url(survey, "assign"), {"assignee": crew[Role.SURVEYOR].account.username}),
        west_head.send(url(survey, "clock-stops"), {"reason": "customer_request", "explanation": "x"}),
        west_head.send(url(survey, "resume")),
        west_head.send(url(survey, "escalation-handling"), {"action": "urged", "note": "x"}),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert state(survey) == before
    assert not EscalationHandling.objects.exists()


def test_customers_get_staff_only_and_nothing_changes(household: Customer, workload: Workload) -> None:
    acceptance = workload.item(workload.east_acceptance)  # the household's own application
    customer = JsonTokenClient(household.account)
    before = state(acceptance)

    answers = [
        customer.get(url(acceptance)),
        customer.get(f"/api/v1/applications/{acceptance.application_id}/events"),
        customer.send(url(acceptance, "complete"), {"outcome": {"kind": "acceptance"}}),
        customer.send(url(acceptance, "resume")),
        customer.get("/api/v1/escalations"),
    ]

    assert {(answer.status_code, answer.json()["code"]) for answer in answers} == {(403, "staff_only")}
    assert state(acceptance) == before
