"""My work lists the active items a member of staff may claim, most urgent first; unit heads also get
their units' queue; claiming goes through the engine and its refusals come back as messages."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload, submitted_application
from tests.workflow.conftest import Crew, FrozenClock
from yekuo.accounts.models import AccountKind, User
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow.models import DeadlineState, WorkItem, WorkItemStatus

MY_WORK = reverse("workbench:my_work")
MESSAGE_ALERT = re.compile(r'<div class="alert alert-\w+" role="status">([^<]*)</div>')


def page_of(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def listed_numbers(page: str) -> list[str]:
    """The application numbers in the rows of a work list, top to bottom."""
    return re.findall(r'<th scope="row"><a class="yekuo-code" href="[^"]+">([^<]+)</a></th>', page)


def claim(client: Client, item: WorkItem) -> list[str]:
    """Press the Claim button and follow the redirect: the messages the list then shows."""
    response = client.post(
        reverse("workbench:work_item_claim", args=[item.pk]),
        {"next": MY_WORK},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.redirect_chain == [(MY_WORK, 302)]
    alerts = re.findall(MESSAGE_ALERT, response.content.decode())
    return [html.unescape(text) for text in alerts]


def test_an_intake_clerk_sees_the_acceptance_items_of_their_station_only(
    client: Client, workload: Workload, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    page = page_of(client, MY_WORK)

    assert listed_numbers(page) == [workload.east_acceptance.number]
    assert workload.east_acceptance.customer.name in page
    assert "Acceptance" in page
    assert "Waiting to be claimed" in page


def test_a_surveyor_of_the_county_sees_the_survey_of_its_station(
    client: Client, workload: Workload, crew: Crew
) -> None:
    client.force_login(crew[Role.SURVEYOR].account)

    assert listed_numbers(page_of(client, MY_WORK)) == [workload.east_survey.number]


def test_items_assigned_to_somebody_are_listed_for_them_even_without_the_role(
    client: Client, workload: Workload, organisation: OrganisationTree
) -> None:
    outsider = persona_for(Role.SURVEYOR, organisation.station_west, suffix=".assigned")
    WorkItem.objects.filter(pk=workload.item(workload.west_acceptance).pk).update(
        assignee=outsider, status=WorkItemStatus.CLAIMED
    )
    client.force_login(outsider.account)

    assert listed_numbers(page_of(client, MY_WORK)) == [workload.west_acceptance.number]


def test_the_list_is_ordered_by_due_time_with_undated_items_last(
    client: Client, crew: Crew, household: Customer, test_clock: FrozenClock
) -> None:
    applications = [submitted_application(household) for _ in range(3)]
    items = [WorkItem.objects.get(application=application) for application in applications]
    WorkItem.objects.filter(pk=items[0].pk).update(due_at=None)
    WorkItem.objects.filter(pk=items[1].pk).update(due_at=test_clock.now + timedelta(days=5))
    WorkItem.objects.filter(pk=items[2].pk).update(due_at=test_clock.now + timedelta(days=1))
    client.force_login(crew[Role.INTAKE_CLERK].account)

    numbers = listed_numbers(page_of(client, MY_WORK))

    assert numbers == [applications[2].number, applications[1].number, applications[0].number]


def test_overdue_warning_and_suspended_items_carry_badges(
    client: Client, crew: Crew, household: Customer
) -> None:
    overdue, warning, suspended = (submitted_application(household) for _ in range(3))
    WorkItem.objects.filter(application=overdue).update(deadline_state=DeadlineState.OVERDUE)
    WorkItem.objects.filter(application=warning).update(deadline_state=DeadlineState.WARNING)
    WorkItem.objects.filter(application=suspended).update(status=WorkItemStatus.SUSPENDED)
    client.force_login(crew[Role.INTAKE_CLERK].account)

    page = page_of(client, MY_WORK)

    assert page.count('<span class="badge text-bg-danger ms-1 yekuo-deadline-badge">Overdue</span>') == 1
    assert page.count('<span class="badge text-bg-warning ms-1 yekuo-deadline-badge">Warning</span>') == 1
    assert page.count('<span class="badge text-bg-secondary ms-1 yekuo-deadline-badge">Clock stopped') == 1
    assert page.count("Claim</button>") == 2  # a suspended item is not claimed


def test_an_item_waiting_for_a_calendar_year_says_its_due_date_is_pending(
    client: Client, crew: Crew, household: Customer
) -> None:
    application = submitted_application(household)
    item = WorkItem.objects.get(application=application)
    assert item.clock is not None
    item.clock.deadline_pending = True
    item.clock.save(update_fields=["deadline_pending"])
    WorkItem.objects.filter(pk=item.pk).update(due_at=None)
    client.force_login(crew[Role.INTAKE_CLERK].account)

    page = page_of(client, MY_WORK, deadline="pending")

    assert listed_numbers(page) == [application.number]
    assert "Due date pending calendar</span>" in page


def test_the_filters_narrow_the_list_and_unknown_values_are_ignored(
    client: Client, workload: Workload, county_head: Staff
) -> None:
    WorkItem.objects.filter(application=workload.east_survey).update(deadline_state=DeadlineState.OVERDUE)
    client.force_login(county_head.account)
    queue = reverse("workbench:unit_queue")

    everything = {workload.east_acceptance.number, workload.east_survey.number}
    assert set(listed_numbers(page_of(client, queue))) == everything
    assert listed_numbers(page_of(client, queue, deadline="overdue")) == [workload.east_survey.number]
    assert listed_numbers(page_of(client, queue, stage="acceptance")) == [workload.east_acceptance.number]
    assert set(listed_numbers(page_of(client, queue, stage="nonsense", deadline="late"))) == everything


def test_claiming_assigns_the_item_and_a_second_claim_is_refused_with_nothing_changed(
    client: Client, workload: Workload, intake_clerk: Staff, crew: Crew
) -> None:
    item = workload.item(workload.east_acceptance)
    client.force_login(intake_clerk.account)

    assert claim(client, item) == ["You claimed the work item “Acceptance”."]
    item.refresh_from_db()
    assert (item.status, item.assignee) == (WorkItemStatus.CLAIMED, intake_clerk)

    client.force_login(crew[Role.INTAKE_CLERK].account)
    assert claim(client, item) == ["This work item is already In progress; reload to see the latest state."]
    item.refresh_from_db()
    assert (item.status, item.assignee) == (WorkItemStatus.CLAIMED, intake_clerk)


def test_staff_without_the_stage_role_cannot_claim_and_nothing_changes(
    client: Client, workload: Workload, crew: Crew
) -> None:
    item = workload.item(workload.east_acceptance)
    client.force_login(crew[Role.SURVEYOR].account)

    assert claim(client, item) == ["You do not hold the role this stage needs for this unit."]
    item.refresh_from_db()
    assert (item.status, item.assignee, item.claimed_at) == (WorkItemStatus.OPEN, None, None)


def test_claiming_needs_a_post(client: Client, workload: Workload, intake_clerk: Staff) -> None:
    item = workload.item(workload.east_acceptance)
    client.force_login(intake_clerk.account)

    response = client.get(reverse("workbench:work_item_claim", args=[item.pk]))

    assert response.status_code == 405
    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN


def test_claiming_without_the_form_token_is_refused(workload: Workload, intake_clerk: Staff) -> None:
    item = workload.item(workload.east_acceptance)
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake_clerk.account)

    response = client.post(reverse("workbench:work_item_claim", args=[item.pk]))

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN


def test_claiming_never_redirects_to_another_site(
    client: Client, workload: Workload, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    response = client.post(
        reverse("workbench:work_item_claim", args=[workload.item(workload.east_acceptance).pk]),
        {"next": "https://example.com/"},
    )

    assert response["Location"] == MY_WORK


def test_a_unit_head_sees_every_active_item_of_their_units_in_the_queue(
    client: Client, workload: Workload, county_head: Staff
) -> None:
    client.force_login(county_head.account)

    assert "My units' queue" in page_of(client, MY_WORK)
    queue = page_of(client, reverse("workbench:unit_queue"))
    assert set(listed_numbers(queue)) == {workload.east_acceptance.number, workload.east_survey.number}


def test_staff_who_head_no_unit_have_no_queue(
    client: Client, workload: Workload, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    assert "My units' queue" not in page_of(client, MY_WORK)
    assert client.get(reverse("workbench:unit_queue")).status_code == 404


def test_the_list_runs_a_constant_number_of_queries(
    client: Client,
    crew: Crew,
    household: Customer,
    organisation: OrganisationTree,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    clerk = crew[Role.INTAKE_CLERK]
    client.force_login(clerk.account)
    first = submitted_application(household)
    WorkItem.objects.filter(application=first).update(assignee=clerk, status=WorkItemStatus.CLAIMED)
    with CaptureQueriesContext(connection) as few:
        page_of(client, MY_WORK)

    for index in range(12):
        customer = person_customer(service_unit=organisation.station_east)
        application = submitted_application(customer)
        if index % 2:
            WorkItem.objects.filter(application=application).update(assignee=clerk, status="claimed")
    with django_assert_max_num_queries(len(few)):
        page = page_of(client, MY_WORK)

    assert len(listed_numbers(page)) == 13


@pytest.mark.parametrize(
    "url_name", ["workbench:my_work", "workbench:unit_queue", "workbench:application_detail"]
)
def test_customers_are_refused_the_work_pages(
    client: Client, workload: Workload, household: Customer, url_name: str
) -> None:
    client.force_login(household.account)
    args = [workload.east_acceptance.pk] if url_name == "workbench:application_detail" else []

    assert client.get(reverse(url_name, args=args)).status_code == 403


def test_customers_cannot_claim(client: Client, workload: Workload, household: Customer) -> None:
    item = workload.item(workload.east_acceptance)
    client.force_login(household.account)

    response = client.post(reverse("workbench:work_item_claim", args=[item.pk]))

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN


def test_anonymous_visitors_are_sent_to_the_staff_log_in(client: Client, db: None) -> None:
    response = client.get(MY_WORK)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workbench:login"))


def test_a_staff_account_without_a_staff_record_sees_no_work(client: Client, workload: Workload) -> None:
    """Nothing is assigned to an account that is nobody on the staff: not "every item assigned to nobody"."""
    account = User.objects.create_user("staff.without.record", "a-long-password-1", kind=AccountKind.STAFF)
    client.force_login(account)

    page = page_of(client, MY_WORK)

    assert listed_numbers(page) == []
    assert workload.east_acceptance.number not in page
