"""A unit head's part of the workbench: the clock stops awaiting their approval under the units where they
hold the role, decided through clock_stop_decide, and assigning a work item through work_item_assign.
The engine decides; its refusals come back as messages with nothing changed."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload, submitted_application
from tests.workflow.conftest import Crew
from yekuo.applications.models import Application
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, WorkItem, WorkItemStatus

QUEUE = reverse("workbench:clock_stop_queue")
MESSAGE_ALERT = re.compile(r'<div class="alert alert-(\w+)" role="status">([^<]*)</div>')
LISTED_STOP = re.compile(r'<h2 class="h5 mb-0"><a class="yekuo-code" href="[^"]+">([^<]+)</a></h2>')


@dataclass(frozen=True)
class Requests:
    """Clock stops awaiting approval: the eastern survey's, then the western acceptance's."""

    east: ClockStop
    west: ClockStop


@pytest.fixture
def west_head(organisation: OrganisationTree) -> Staff:
    return persona_for(Role.UNIT_HEAD, organisation.county_west, ".west")


@pytest.fixture
def east_head(crew: Crew) -> Staff:
    return crew[Role.UNIT_HEAD]


def request_stop(worker: Staff, application: Application, explanation: str) -> ClockStop:
    item = WorkItem.objects.get(application=application, status__in=["open", "claimed"])
    return services.clock_stop_request(
        actor=worker.account,
        work_item_id=item.pk,
        reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        explanation=explanation,
    )


@pytest.fixture
def requests(workload: Workload, crew: Crew, organisation: OrganisationTree) -> Requests:
    west_clerk = persona_for(Role.INTAKE_CLERK, organisation.county_west, ".west")
    return Requests(
        east=request_stop(crew[Role.SURVEYOR], workload.east_survey, "客户图纸未到"),
        west=request_stop(west_clerk, workload.west_acceptance, "客户资料待补"),
    )


def page_of(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def post_and_follow(client: Client, url: str, data: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Press a button and follow the redirect: the (level, text) of the messages the page then shows."""
    response = client.post(url, data or {}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    return MESSAGE_ALERT.findall(response.content.decode().split("<h1")[0])  # not the page's own notes


def decide(client: Client, stop: ClockStop, *, approve: bool, note: str = "") -> list[tuple[str, str]]:
    name = "workbench:clock_stop_approve" if approve else "workbench:clock_stop_reject"
    return post_and_follow(client, reverse(name, args=[stop.pk]), {"note": note})


def state_of(stop: ClockStop) -> tuple[str, str, int]:
    stop.refresh_from_db()
    item = WorkItem.objects.get(pk=stop.work_item_id)
    return stop.status, item.status, Event.objects.filter(application_id=stop.application_id).count()


def test_the_head_sees_the_requests_under_their_units_only(
    client: Client, requests: Requests, east_head: Staff
) -> None:
    client.force_login(east_head.account)

    page = page_of(client, QUEUE)

    assert LISTED_STOP.findall(page) == [requests.east.application.number]
    assert "客户图纸未到" in page
    assert "客户资料待补" not in page
    assert "Waiting for the customer&#x27;s documents" in page
    assert requests.east.requested_by.display_name in page
    assert 'aria-current="page">Clock stops awaiting approval</a>' in page


def test_the_work_lists_link_to_the_queue_for_heads_only(
    client: Client, requests: Requests, east_head: Staff, crew: Crew
) -> None:
    client.force_login(east_head.account)
    assert f'href="{QUEUE}"' in page_of(client, reverse("workbench:my_work"))
    assert f'href="{QUEUE}"' in page_of(client, reverse("workbench:unit_queue"))

    client.force_login(crew[Role.SURVEYOR].account)
    assert f'href="{QUEUE}"' not in page_of(client, reverse("workbench:my_work"))


def test_the_oldest_request_comes_first(
    client: Client, crew: Crew, factory_owner: Customer, workload: Workload, east_head: Staff
) -> None:
    first = request_stop(crew[Role.SURVEYOR], workload.east_survey, "第一")
    second = request_stop(crew[Role.INTAKE_CLERK], workload.east_acceptance, "第二")
    ClockStop.objects.filter(pk=second.pk).update(requested_at=first.requested_at.replace(year=2020))
    client.force_login(east_head.account)

    assert LISTED_STOP.findall(page_of(client, QUEUE)) == [
        workload.east_acceptance.number,
        workload.east_survey.number,
    ]


def test_approving_stops_the_clock_of_the_item(client: Client, requests: Requests, east_head: Staff) -> None:
    client.force_login(east_head.account)

    shown = decide(client, requests.east, approve=True)

    number = requests.east.application.number
    assert shown == [
        ("success", f"You approved the clock stop of {number}: the clock of “Site survey” is stopped.")
    ]
    requests.east.refresh_from_db()
    assert requests.east.status == ClockStopStatus.ACTIVE
    assert requests.east.decided_by == east_head.account
    assert WorkItem.objects.get(pk=requests.east.work_item_id).status == WorkItemStatus.SUSPENDED
    assert LISTED_STOP.findall(page_of(client, QUEUE)) == []


def test_rejecting_leaves_the_item_running(client: Client, requests: Requests, east_head: Staff) -> None:
    item_status = WorkItem.objects.get(pk=requests.east.work_item_id).status
    client.force_login(east_head.account)

    shown = decide(client, requests.east, approve=False, note="资料已齐，无需中止")

    assert [level for level, _ in shown] == ["success"]
    requests.east.refresh_from_db()
    assert requests.east.status == ClockStopStatus.REJECTED
    assert WorkItem.objects.get(pk=requests.east.work_item_id).status == item_status
    rejected = Event.objects.get(kind=WorkflowEvent.CLOCK_STOP_REJECTED)
    assert rejected.new_values["note"] == "资料已齐，无需中止"


def test_a_second_decision_is_refused_with_the_engine_s_message(
    client: Client, requests: Requests, east_head: Staff
) -> None:
    client.force_login(east_head.account)
    decide(client, requests.east, approve=False)
    before = state_of(requests.east)

    assert decide(client, requests.east, approve=True) == [
        ("danger", "This clock stop has already been decided.")
    ]
    assert state_of(requests.east) == before


def test_a_head_of_another_county_cannot_decide_and_nothing_changes(
    client: Client, requests: Requests, west_head: Staff
) -> None:
    before = state_of(requests.east)
    client.force_login(west_head.account)

    # The engine does not even show them the application.
    assert decide(client, requests.east, approve=True) == [("danger", "This work item does not exist.")]
    assert state_of(requests.east) == before


def test_staff_who_head_no_unit_have_no_queue_and_cannot_decide(
    client: Client, requests: Requests, crew: Crew
) -> None:
    before = state_of(requests.east)
    client.force_login(crew[Role.SURVEYOR].account)

    assert client.get(QUEUE).status_code == 404
    response = client.post(reverse("workbench:clock_stop_approve", args=[requests.east.pk]))
    assert response.status_code == 404
    assert state_of(requests.east) == before


def test_deciding_needs_a_post_and_the_form_token(requests: Requests, east_head: Staff) -> None:
    before = state_of(requests.east)
    client = Client(enforce_csrf_checks=True)
    client.force_login(east_head.account)
    url = reverse("workbench:clock_stop_approve", args=[requests.east.pk])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert state_of(requests.east) == before


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("workbench:clock_stop_queue", []),
        ("workbench:clock_stop_approve", [1]),
        ("workbench:clock_stop_reject", [1]),
        ("workbench:work_item_assign", [1]),
    ],
)
def test_customers_are_refused(client: Client, household: Customer, url_name: str, args: list[int]) -> None:
    client.force_login(household.account)

    assert client.post(reverse(url_name, args=args)).status_code == 403
    assert client.get(reverse(url_name, args=args)).status_code == 403


def test_the_queue_runs_a_constant_number_of_queries(
    client: Client,
    crew: Crew,
    organisation: OrganisationTree,
    east_head: Staff,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    clerk = crew[Role.INTAKE_CLERK]
    household = person_customer(service_unit=organisation.station_east)
    request_stop(clerk, submitted_application(household), "一")
    client.force_login(east_head.account)
    with CaptureQueriesContext(connection) as few:
        page_of(client, QUEUE)

    for index in range(8):
        customer = person_customer(service_unit=organisation.station_east)
        request_stop(clerk, submitted_application(customer), f"说明 {index}")
    with django_assert_max_num_queries(len(few)):
        page = page_of(client, QUEUE)

    assert len(LISTED_STOP.findall(page)) == 9


# Assignment on the work item page


def assign(client: Client, item: WorkItem, staff: Staff) -> list[tuple[str, str]]:
    return post_and_follow(
        client, reverse("workbench:work_item_assign", args=[item.pk]), {"assignee": str(staff.pk)}
    )


def test_the_head_sees_the_assignment_form_with_the_staff_holding_the_role(
    client: Client, workload: Workload, east_head: Staff, crew: Crew, organisation: OrganisationTree
) -> None:
    second_surveyor = persona_for(Role.SURVEYOR, organisation.station_east, ".station")
    western_surveyor = persona_for(Role.SURVEYOR, organisation.county_west, ".west")
    item = workload.item(workload.east_survey)
    client.force_login(east_head.account)

    page = page_of(client, reverse("workbench:work_item", args=[item.pk]))

    offered = re.findall(r'<option value="(\d+)"', page.split('id="assign"')[1])
    assert sorted(map(int, offered)) == sorted([crew[Role.SURVEYOR].pk, second_surveyor.pk])
    assert western_surveyor.pk not in map(int, offered)


def test_workers_get_no_assignment_form(client: Client, workload: Workload, crew: Crew) -> None:
    item = workload.item(workload.east_survey)
    client.force_login(crew[Role.SURVEYOR].account)

    assert 'id="assign"' not in page_of(client, reverse("workbench:work_item", args=[item.pk]))


def test_assigning_to_staff_holding_the_role_claims_the_item_for_them(
    client: Client, workload: Workload, east_head: Staff, crew: Crew
) -> None:
    item = workload.item(workload.east_survey)
    surveyor = crew[Role.SURVEYOR]
    client.force_login(east_head.account)

    shown = assign(client, item, surveyor)

    assert shown == [("success", f"You assigned “Site survey” to {surveyor.account.display_name}.")]
    item.refresh_from_db()
    assert (item.status, item.assignee) == (WorkItemStatus.CLAIMED, surveyor)


def assignment_state(item: WorkItem) -> tuple[str, int | None, int]:
    item.refresh_from_db()
    return item.status, item.assignee_id, Event.objects.filter(application_id=item.application_id).count()


def test_assigning_to_staff_without_the_role_is_refused_and_nothing_changes(
    client: Client, workload: Workload, east_head: Staff, crew: Crew
) -> None:
    item = workload.item(workload.east_survey)
    before = assignment_state(item)
    client.force_login(east_head.account)

    shown = assign(client, item, crew[Role.INTAKE_CLERK])

    assert shown == [("danger", "The assignee does not hold the role this stage needs for this unit.")]
    assert assignment_state(item) == before


def test_assigning_to_staff_the_head_cannot_see_is_refused(
    client: Client, workload: Workload, east_head: Staff, organisation: OrganisationTree
) -> None:
    item = workload.item(workload.east_survey)
    before = assignment_state(item)
    western_surveyor = persona_for(Role.SURVEYOR, organisation.county_west, ".west")
    client.force_login(east_head.account)

    assert assign(client, item, western_surveyor) == [("danger", "Choose a member of staff from the list.")]
    assert assignment_state(item) == before


def test_staff_who_do_not_head_the_unit_cannot_assign(
    client: Client, workload: Workload, crew: Crew, west_head: Staff
) -> None:
    item = workload.item(workload.east_survey)
    before = assignment_state(item)

    client.force_login(crew[Role.SURVEYOR].account)
    assert assign(client, item, crew[Role.SURVEYOR]) == [
        ("danger", "Only a unit head over this unit assigns its work.")
    ]
    client.force_login(west_head.account)
    assert (
        client.post(
            reverse("workbench:work_item_assign", args=[item.pk]), {"assignee": str(crew[Role.SURVEYOR].pk)}
        ).status_code
        == 404
    )
    assert assignment_state(item) == before
