"""The heads' escalation page (督办): overdue items escalated to the units they answer for, the handling
recorded through escalation_handle, and the record shown on the work item and application pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workbench.test_unit_head_pages import page_of, post_and_follow
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import escalate_survey
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow.models import EscalationHandling, WorkItem

QUEUE = reverse("workbench:escalation_queue")
HOME = reverse("workbench:home")


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


def handle_url(item: WorkItem) -> str:
    return reverse("workbench:escalation_handle", args=[item.pk])


def snapshot() -> tuple[int, int]:
    return EscalationHandling.objects.count(), Event.objects.count()


def test_the_head_sees_the_escalated_item_and_records_its_handling(
    client: Client, crew: Crew, escalated: WorkItem
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    page = page_of(client, QUEUE)
    assert f'id="escalation-{escalated.pk}"' in page
    assert 'aria-current="page">Escalations</a>' in page
    assert escalated.application.number in page

    shown = post_and_follow(
        client, handle_url(escalated), {"action": "urged", "note": "已催办", "next": QUEUE}
    )

    assert shown[0][0] == "success"
    assert "You recorded how the escalation of" in shown[0][1]
    handling = EscalationHandling.objects.get()
    assert (handling.action, handling.note) == ("urged", "已催办")
    assert f'id="escalation-{escalated.pk}"' not in page_of(client, QUEUE)
    assert "No escalation awaits your handling." in page_of(client, QUEUE)


def test_the_handling_shows_on_the_work_item_and_in_the_application_history(
    client: Client, crew: Crew, escalated: WorkItem
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    work_item_url = reverse("workbench:work_item", args=[escalated.pk])
    assert "Record the handling" in page_of(client, work_item_url)

    post_and_follow(client, handle_url(escalated), {"action": "reassigned", "note": "改派给<b>李四</b>"})

    page = page_of(client, work_item_url)
    assert "Reassigned the work" in page
    assert "改派给&lt;b&gt;李四&lt;/b&gt;" in page
    assert "<b>李四</b>" not in page
    assert "Record the handling" not in page
    history = page_of(client, reverse("workbench:application_detail", args=[escalated.application_id]))
    assert "Escalation handled" in history


def test_a_worker_sees_the_record_but_no_form(client: Client, crew: Crew, escalated: WorkItem) -> None:
    client.force_login(crew[Role.SURVEYOR].account)

    page = page_of(client, reverse("workbench:work_item", args=[escalated.pk]))

    assert "Escalated to the responsible head at" in page
    assert "Record the handling" not in page
    assert client.get(QUEUE).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"action": "urged", "note": ""}, "Write a note on how you handled it", id="no_note"),
        pytest.param({"action": "nonsense", "note": "x"}, "Choose the action you took", id="bad_action"),
        pytest.param({"note": "x"}, "Choose the action you took", id="missing_action"),
        pytest.param({"action": "urged", "note": "x" * 5_000}, "Choose the action you took", id="huge_note"),
    ],
)
def test_bad_input_shows_a_message_and_changes_nothing(
    client: Client, crew: Crew, escalated: WorkItem, data: dict[str, str], message: str
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    before = snapshot()

    shown = post_and_follow(client, handle_url(escalated), data)

    assert shown[0][0] == "danger"
    assert message in shown[0][1]
    assert snapshot() == before


def test_another_unit_s_head_cannot_see_or_handle_it(
    client: Client, organisation: OrganisationTree, escalated: WorkItem
) -> None:
    client.force_login(persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account)
    before = snapshot()

    page = page_of(client, QUEUE)
    shown = post_and_follow(client, handle_url(escalated), {"action": "urged", "note": "x"})

    assert f'id="escalation-{escalated.pk}"' not in page
    assert shown[0][0] == "danger"
    assert snapshot() == before


def test_customers_get_403_and_visitors_the_log_in_page(
    client: Client, factory_owner: Customer, escalated: WorkItem
) -> None:
    before = snapshot()
    anonymous = client.post(handle_url(escalated), {"action": "urged", "note": "x"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("workbench:login"))

    client.force_login(factory_owner.account)
    assert client.get(QUEUE).status_code == 403
    assert client.post(handle_url(escalated), {"action": "urged", "note": "x"}).status_code == 403
    assert snapshot() == before


def test_the_home_page_shows_heads_how_many_escalations_await_them(
    client: Client, crew: Crew, escalated: WorkItem
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    assert re.search(
        r"yekuo-escalations-link[^>]*>Escalations awaiting you <span[^>]*>1</span>", page_of(client, HOME)
    )

    client.force_login(crew[Role.SURVEYOR].account)
    assert "yekuo-escalations-link" not in page_of(client, HOME)
