"""A work item whose clock is stopped shows why on its page, and whoever works the stage (or heads its unit)
resumes the clock there; others are refused and nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.test_work_item_page import (
    Snapshot,
    at_completion_inspection,
    at_customer_construction,
    page_url,
)
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from yekuo.applications import outcomes
from yekuo.applications.models import Application
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopStatus, WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

__all__ = ["at_completion_inspection", "at_customer_construction"]


@pytest.fixture
def rectifying(crew: Crew, at_completion_inspection: Application) -> WorkItem:
    """The completion inspection failed with two defects: its clock stopped for the rectification."""
    item = open_item(at_completion_inspection, Stage.COMPLETION_INSPECTION)
    services.work_item_complete(
        actor=crew[Role.INSPECTOR].account,
        work_item_id=item.pk,
        outcome=outcomes.InspectionOutcome(
            inspected_on=item.opened_at.date(),
            passed=False,
            defects=(
                outcomes.Defect(description="接地电阻超标"),
                outcomes.Defect(description="电缆沟未封堵"),
            ),
        ),
    )
    item.refresh_from_db()
    assert item.status == WorkItemStatus.SUSPENDED
    return item


def resume_url(item: WorkItem) -> str:
    return reverse("workbench:work_item_resume", args=[item.pk])


def test_the_page_shows_the_stop_and_the_inspector_resumes_the_clock(
    client: Client, crew: Crew, rectifying: WorkItem
) -> None:
    client.force_login(crew[Role.INSPECTOR].account)
    page = client.get(page_url(rectifying), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rectification of inspection defects" in page
    assert "Resume the clock" in page
    assert "Complete this stage" not in page

    response = client.post(resume_url(rectifying), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response.url == page_url(rectifying)
    rectifying.refresh_from_db()
    assert rectifying.status in (WorkItemStatus.OPEN, WorkItemStatus.CLAIMED)
    assert not ClockStop.objects.filter(work_item=rectifying, status=ClockStopStatus.ACTIVE).exists()
    assert Event.objects.filter(
        application_id=rectifying.application_id, kind=WorkflowEvent.WORK_ITEM_RESUMED
    ).exists()
    followed = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The clock of “Completion inspection” runs again." in followed
    assert "Complete this stage" in followed
    assert "Resume the clock" not in followed


def test_the_unit_head_may_resume_too(client: Client, crew: Crew, rectifying: WorkItem) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    assert "Resume the clock" in client.get(page_url(rectifying), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.post(resume_url(rectifying)).status_code == 302
    rectifying.refresh_from_db()
    assert rectifying.status != WorkItemStatus.SUSPENDED


def test_staff_without_the_role_see_no_button_and_are_refused(
    client: Client, crew: Crew, rectifying: WorkItem
) -> None:
    before = Snapshot.of(rectifying.application)
    client.force_login(crew[Role.METERING_TECHNICIAN].account)
    page = client.get(page_url(rectifying), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rectification of inspection defects" in page
    assert "Resume the clock" not in page

    response = client.post(resume_url(rectifying), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert "You do not hold the role this stage needs for this unit." in response.content.decode()
    assert Snapshot.of(rectifying.application) == before


def test_staff_of_another_unit_and_customers_are_refused(
    client: Client, organisation: OrganisationTree, crew: Crew, rectifying: WorkItem
) -> None:
    before = Snapshot.of(rectifying.application)
    client.force_login(persona_for(Role.INSPECTOR, organisation.county_west).account)
    assert client.post(resume_url(rectifying)).status_code == 404
    client.force_login(rectifying.application.customer.account)
    assert client.post(resume_url(rectifying)).status_code == 403
    assert Snapshot.of(rectifying.application) == before


def test_a_running_item_is_not_resumed(
    client: Client, crew: Crew, at_completion_inspection: Application
) -> None:
    item = open_item(at_completion_inspection, Stage.COMPLETION_INSPECTION)
    before = Snapshot.of(at_completion_inspection)
    client.force_login(crew[Role.INSPECTOR].account)
    response = client.post(resume_url(item), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "reload to see the latest state" in response.content.decode()
    assert Snapshot.of(at_completion_inspection) == before


def test_resuming_answers_post_only(client: Client, crew: Crew, rectifying: WorkItem) -> None:
    client.force_login(crew[Role.INSPECTOR].account)
    assert client.get(resume_url(rectifying)).status_code == 405
