"""A named responsible head (负责人) without any role at the unit reads its applications: the escalation
card, the dashboard's figures and the search lead to pages that open. Acting still takes the stage's role."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.monitoring.conftest import submitted
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import escalate_survey, escalation_persona
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


@pytest.fixture
def named_head_client(
    client: Client, organisation: OrganisationTree, crew: Crew, escalated: WorkItem
) -> Client:
    persona = escalation_persona("named_head_without_any_role", organisation, crew)
    client.force_login(persona.account)
    return client


def test_the_escalation_card_links_to_the_application_and_the_work_item(
    named_head_client: Client, escalated: WorkItem
) -> None:
    page = named_head_client.get(reverse("workbench:escalation_queue")).content.decode()

    application_url = reverse("workbench:application_detail", args=[escalated.application_id])
    work_item_url = reverse("workbench:work_item", args=[escalated.pk])
    assert f'href="{application_url}"' in page
    assert f'href="{work_item_url}"' in page
    assert named_head_client.get(application_url).status_code == 200
    assert named_head_client.get(work_item_url).status_code == 200


def test_the_search_behind_the_dashboard_lists_the_unit_s_applications(
    named_head_client: Client, organisation: OrganisationTree, escalated: WorkItem
) -> None:
    response = named_head_client.get(
        reverse("workbench:application_search"), {"unit": organisation.county_east.pk}
    )

    assert response.status_code == 200
    assert str(escalated.application.number) in response.content.decode()


def test_another_unit_s_applications_stay_hidden(
    named_head_client: Client, organisation: OrganisationTree
) -> None:
    western = submitted(person_customer(service_unit=organisation.station_west))

    response = named_head_client.get(reverse("workbench:application_detail", args=[western.pk]))
    assert response.status_code == 404
    search = named_head_client.get(
        reverse("workbench:application_search"), {"unit": organisation.county_west.pk}
    )
    assert search.status_code == 404


def test_reading_gives_no_right_to_act(named_head_client: Client, escalated: WorkItem) -> None:
    events = Event.objects.count()
    before = (escalated.status, escalated.assignee_id)

    named_head_client.post(reverse("workbench:work_item_claim", args=[escalated.pk]))
    named_head_client.post(
        reverse("workbench:work_item_return", args=[escalated.pk]),
        {"to_stage": Stage.ACCEPTANCE, "reason": "退回"},
    )

    escalated.refresh_from_db()
    assert (escalated.status, escalated.assignee_id) == before
    assert escalated.status == WorkItemStatus.CLAIMED
    assert Event.objects.count() == events


def test_moving_a_head_out_of_the_unit_is_refused_until_another_is_named(
    organisation: OrganisationTree, crew: Crew, escalated: WorkItem
) -> None:
    persona = escalation_persona("named_head_without_any_role", organisation, crew)
    head = Staff.objects.get(account=persona.account)
    head.home_unit = organisation.county_west

    with pytest.raises(ValidationError) as refused:
        head.full_clean()

    assert refused.value.error_dict["home_unit"][0].code == "head_leaves_unit"


def test_a_head_outside_the_unit_reads_nothing_there(
    named_head_client: Client, organisation: OrganisationTree, escalated: WorkItem
) -> None:
    # The data says otherwise than the rule (written past Staff.clean): the headship gives nothing.
    Staff.objects.filter(account__username="east.deputy").update(home_unit=organisation.county_west)

    application_url = reverse("workbench:application_detail", args=[escalated.application_id])
    assert named_head_client.get(application_url).status_code == 404
    assert named_head_client.get(reverse("workbench:escalation_queue")).status_code == 404


def test_the_api_answers_the_head_as_the_pages_do(
    named_head_client: Client, organisation: OrganisationTree, escalated: WorkItem
) -> None:
    western = submitted(person_customer(service_unit=organisation.station_west))

    own = named_head_client.get(f"/api/v1/applications/{escalated.application_id}")
    other = named_head_client.get(f"/api/v1/applications/{western.pk}")

    assert own.status_code == 200
    assert own.json()["number"] == escalated.application.number
    assert other.status_code == 404
