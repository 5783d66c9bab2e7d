"""The escalation page lists exactly the escalations its form may handle: a named responsible head
(负责人) handles their unit's escalations with or without a role there, a unit head by their role, and
nobody else; nothing on the page leads to a 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workbench.test_unit_head_pages import post_and_follow
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import ESCALATION_PERSONAS, escalate_survey, escalation_persona
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.workflow.models import EscalationHandling, WorkItem

QUEUE = reverse("workbench:escalation_queue")
HOME = reverse("workbench:home")
CARD = re.compile(r'<section class="card mb-3 yekuo-escalation" id="escalation-(\d+)">(.*?)</section>', re.S)
LINK = re.compile(r'href="(/[^"]*)"')


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


def listed_cards(client: Client) -> dict[int, str]:
    """The escalation cards on the page, by work item; none when the page is not the viewer's (404)."""
    response = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en")
    if response.status_code == 404:
        return {}
    assert response.status_code == 200
    return {int(pk): card for pk, card in CARD.findall(response.content.decode())}


@pytest.mark.parametrize("persona_name", ESCALATION_PERSONAS)
def test_the_page_lists_exactly_the_escalations_its_form_handles(
    client: Client, organisation: OrganisationTree, crew: Crew, escalated: WorkItem, persona_name: str
) -> None:
    persona = escalation_persona(persona_name, organisation, crew)
    client.force_login(persona.account)

    cards = listed_cards(client)
    shown = post_and_follow(
        client,
        reverse("workbench:escalation_handle", args=[escalated.pk]),
        {"action": "urged", "note": "已催办", "next": HOME},  # the queue is 404 to those it is not for
    )

    listed = escalated.pk in cards
    handled = EscalationHandling.objects.filter(work_item=escalated, handled_by=persona.account).exists()
    assert listed == handled == persona.may_handle
    assert shown[0][0] == ("success" if persona.may_handle else "danger")
    assert Event.objects.filter(kind="work_item.escalation_handled").count() == int(handled)
    for link in LINK.findall(cards.get(escalated.pk, "")):
        assert client.get(link).status_code == 200, link
