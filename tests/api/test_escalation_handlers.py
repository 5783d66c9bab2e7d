"""GET /escalations lists exactly the escalations POST .../escalation-handling accepts: a named
responsible head (负责人) with or without a role at the unit, a unit head by their role, nobody else."""

from __future__ import annotations

import pytest

from tests.api.json_clients import JsonTokenClient
from tests.conftest import OrganisationTree
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import ESCALATION_PERSONAS, escalate_survey, escalation_persona
from yekuo.customers.models import Customer
from yekuo.workflow.models import EscalationHandling, WorkItem


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


@pytest.mark.parametrize("persona_name", ESCALATION_PERSONAS)
def test_the_escalation_list_holds_exactly_what_the_handling_endpoint_accepts(
    organisation: OrganisationTree, crew: Crew, escalated: WorkItem, persona_name: str
) -> None:
    persona = escalation_persona(persona_name, organisation, crew)
    api = JsonTokenClient(persona.account)

    listed = api.get("/api/v1/escalations").json()
    answer = api.send(
        f"/api/v1/work-items/{escalated.pk}/escalation-handling", {"action": "urged", "note": "已催办"}
    )

    is_listed = escalated.pk in [entry["id"] for entry in listed["items"]]
    assert is_listed == (answer.status_code == 200) == persona.may_handle
    assert listed["count"] == len(listed["items"]) == int(is_listed)
    if not persona.may_handle:
        assert answer.status_code in {403, 404}
        assert not EscalationHandling.objects.exists()
    else:
        assert EscalationHandling.objects.get().handled_by == persona.account
        assert api.get("/api/v1/escalations").json()["count"] == 0
