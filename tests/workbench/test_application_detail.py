"""The application page shows the application, its process, work items, clock stops, notices, stage
records and history, to staff whose units serve it; everybody else gets 404 (or 403 for customers)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload, submitted_application
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from yekuo.applications.factories import draft_application
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.stages import Stage


def detail_url(application: Application) -> str:
    return reverse("workbench:application_detail", args=[application.pk])


def detail_page(client: Client, application: Application) -> str:
    response = client.get(detail_url(application), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def waiting_for_documents(crew: Crew, household: Customer) -> Application:
    """Accepted without the documents: a notice lists them and the clock stops for the customer."""
    application = submitted_application(household)
    clerk = crew[Role.INTAKE_CLERK].account
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    return application


def test_the_page_shows_the_application_and_its_process(
    client: Client, workload: Workload, intake_clerk: Staff
) -> None:
    application = workload.east_survey
    client.force_login(intake_clerk.account)

    page = detail_page(client, application)

    assert f"Application {application.number}" in page
    assert application.customer.name in page
    assert application.customer.identification_display in page
    assert application.premises_address in page
    assert "东山供电所" in page
    process = application.process
    assert process.definition.name in page
    assert process.rule_set is not None
    assert escape(process.rule_set.name) in page
    assert escape(process.rule_set.legal_source) in page
    assert f"{process.utility_working_days_used} used of {process.whole_process_limit_days}" in page
    assert "Site survey" in page  # the open work item
    assert "Acceptance" in page  # the completed one


def test_the_page_shows_the_notices_the_clock_stop_and_the_history(
    client: Client, waiting_for_documents: Application, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    page = detail_page(client, waiting_for_documents)

    assert "Missing documents" in page  # the notice
    assert "Waiting for the customer&#x27;s documents" in page  # the clock stop
    assert "Waiting for the documents listed in the notice." in page
    for event in ("Application submitted", "Documents missing", "Clock stopped"):
        assert event in page
    assert waiting_for_documents.customer.account.display_name in page  # who submitted
    assert "<span>Acceptance</span>" in page  # the stage of the work item an event concerns


def test_a_draft_without_a_process_has_a_page_too(
    client: Client, household: Customer, intake_clerk: Staff
) -> None:
    application = draft_application(actor=household.account, customer=household)
    client.force_login(intake_clerk.account)

    page = detail_page(client, application)

    assert "The process starts when the application is submitted." in page


def test_staff_of_another_unit_get_404(
    client: Client, workload: Workload, organisation: OrganisationTree
) -> None:
    western_clerk = persona_for(Role.INTAKE_CLERK, organisation.station_west, suffix=".west")
    client.force_login(western_clerk.account)

    assert client.get(detail_url(workload.east_acceptance)).status_code == 404
    assert client.get(detail_url(workload.west_acceptance)).status_code == 200


def test_an_unknown_application_is_404(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    assert client.get(reverse("workbench:application_detail", args=[999_999])).status_code == 404


def test_the_list_links_to_the_page(client: Client, workload: Workload, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    page = client.get(reverse("workbench:my_work")).content.decode()

    assert f'href="{detail_url(workload.east_acceptance)}"' in page


def test_a_process_over_its_whole_process_limit_is_highlighted(
    client: Client, workload: Workload, intake_clerk: Staff
) -> None:
    process = workload.east_survey.process
    assert process.whole_process_limit_days is not None
    process.utility_working_days_used = process.whole_process_limit_days + 1
    process.save(update_fields=["utility_working_days_used"])
    client.force_login(intake_clerk.account)

    page = detail_page(client, workload.east_survey)

    assert '<dd class="col-sm-7 text-danger fw-semibold">' in page
