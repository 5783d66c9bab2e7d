"""The pages that show a work item's assignee read the assignee's account for the page's items only, never
by joining the user table. Joined, PostgreSQL merged a single application's items with every account
(customers included) whenever its statistics of the small staff table were stale: 70-90 ms for one query
on a province's database, under load the largest part of the database's work."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import escalate_survey
from yekuo.applications.access import application_get_for_user
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import WorkItem
from yekuo.workflow.stages import Stage

# A join that reaches the user table through the staff table: the assignee's account joined.
USERS_THROUGH_STAFF = re.compile(
    r'JOIN "accounts_user" ON \("org_staff"\."account_id" = "accounts_user"\."id"\)'
)


@pytest.fixture
def claimed_survey(crew: Crew, factory_owner: Customer) -> WorkItem:
    application = accepted_high_voltage_application(crew, factory_owner)
    item = WorkItem.objects.get(application=application, stage=Stage.SITE_SURVEY, status="open")
    services.work_item_claim(actor=crew[Role.SURVEYOR].account, work_item_id=item.pk)
    return item


def _main_part(content: str) -> str:
    """The page without its navigation, which names the logged-in user."""
    return content.split('<main id="main"', 1)[1]


def _page_and_queries(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("page", ["my_work", "application_detail", "work_item"])
def test_the_work_pages_name_the_assignee_without_joining_the_user_table(
    client: Client, crew: Crew, claimed_survey: WorkItem, page: str
) -> None:
    surveyor = crew[Role.SURVEYOR]
    client.force_login(surveyor.account)
    url = {
        "my_work": reverse("workbench:my_work"),
        "application_detail": reverse("workbench:application_detail", args=[claimed_survey.application_id]),
        "work_item": reverse("workbench:work_item", args=[claimed_survey.pk]),
    }[page]

    content, queries = _page_and_queries(client, url)

    assert surveyor.account.display_name in _main_part(content)  # not only the navigation's own name
    assert not [sql for sql in queries if USERS_THROUGH_STAFF.search(sql)]


def test_the_access_check_joins_nothing_unless_asked(crew: Crew, claimed_survey: WorkItem) -> None:
    viewer = crew[Role.SURVEYOR].account
    with CaptureQueriesContext(connection) as plain:
        application_get_for_user(user=viewer, application_id=claimed_survey.application_id)
    with CaptureQueriesContext(connection) as with_customer:
        found = application_get_for_user(
            user=viewer, application_id=claimed_survey.application_id, related=("customer",)
        )

    (query,) = [q["sql"] for q in plain.captured_queries if 'FROM "applications_application"' in q["sql"]]
    assert 'JOIN "customers_customer"' not in query  # only the station, for the access condition
    assert 'JOIN "accounts_user"' not in query
    (query,) = [
        q["sql"] for q in with_customer.captured_queries if 'FROM "applications_application"' in q["sql"]
    ]
    assert 'JOIN "customers_customer"' in query
    assert 'JOIN "accounts_user"' not in query
    assert found.customer.name  # fetched with it


def test_the_escalation_queue_names_the_assignee_without_joining_the_user_table(
    client: Client, crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    escalated = escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)
    escalated.refresh_from_db()
    assert escalated.assignee is not None
    client.force_login(crew[Role.UNIT_HEAD].account)

    content, queries = _page_and_queries(client, reverse("workbench:escalation_queue"))

    assert escalated.application.number in content
    assert escalated.assignee.account.display_name in _main_part(content)
    assert not [sql for sql in queries if USERS_THROUGH_STAFF.search(sql)]
