"""督办: the head records how an escalated, overdue work item was handled, once per escalation, as a row
and an event; the item then leaves the list of escalations awaiting the head."""

from __future__ import annotations

import pytest

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import ESCALATION_PERSONAS, escalate_survey, escalation_persona
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.org.roles import Role
from yekuo.org.services import unit_set_responsible_head
from yekuo.workflow import services
from yekuo.workflow.errors import NotPermitted, StaleWorkItem, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.factories import passing_outcome
from yekuo.workflow.models import EscalationAction, EscalationHandling, WorkItem
from yekuo.workflow.selectors import escalations_awaiting, headed_unit_paths
from yekuo.workflow.stages import Stage


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


def handled_events(item: WorkItem) -> list[Event]:
    return list(Event.objects.filter(kind=WorkflowEvent.WORK_ITEM_ESCALATION_HANDLED, work_item_id=item.pk))


def test_the_responsible_head_records_the_handling_and_the_item_leaves_their_list(
    crew: Crew, escalated: WorkItem
) -> None:
    head = crew[Role.UNIT_HEAD].account
    assert list(escalations_awaiting(paths=headed_unit_paths(head))) == [escalated]

    handling = services.escalation_handle(
        actor=head, work_item_id=escalated.pk, action=EscalationAction.URGED, note="已电话催办勘查员"
    )

    assert (handling.action, handling.note, handling.handled_by) == ("urged", "已电话催办勘查员", head)
    assert handling.escalated_at == escalated.escalated_at
    assert list(escalations_awaiting(paths=headed_unit_paths(head))) == []
    [event] = handled_events(escalated)
    assert event.actor_id == head.pk
    assert (event.new_values["action"], event.new_values["note"]) == ("urged", "已电话催办勘查员")
    assert all(chain.first_break is None for chain in verify_all_chains())


def test_an_escalation_is_handled_once(crew: Crew, escalated: WorkItem) -> None:
    head = crew[Role.UNIT_HEAD].account
    services.escalation_handle(actor=head, work_item_id=escalated.pk, action="urged", note="first")

    with pytest.raises(TransitionNotAllowed) as refused:
        services.escalation_handle(actor=head, work_item_id=escalated.pk, action="other", note="second")

    assert refused.value.code == "escalation_already_handled"
    assert refused.value.http_status == 409
    assert EscalationHandling.objects.count() == 1
    assert len(handled_events(escalated)) == 1


def test_an_item_that_was_not_escalated_cannot_be_handled(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    application = accepted_high_voltage_application(crew, factory_owner)
    survey = WorkItem.objects.get(application=application, stage=Stage.SITE_SURVEY)

    with pytest.raises(TransitionNotAllowed) as refused:
        services.escalation_handle(
            actor=crew[Role.UNIT_HEAD].account, work_item_id=survey.pk, action="urged", note="?"
        )

    assert refused.value.code == "not_escalated"
    assert not EscalationHandling.objects.exists()


def test_a_worker_who_is_not_a_head_may_not_handle_it(crew: Crew, escalated: WorkItem) -> None:
    with pytest.raises(NotPermitted):
        services.escalation_handle(
            actor=crew[Role.SURVEYOR].account, work_item_id=escalated.pk, action="urged", note="self"
        )
    assert not EscalationHandling.objects.exists()
    assert handled_events(escalated) == []


def test_another_unit_s_head_gets_not_found_and_nothing_changes(
    organisation: OrganisationTree, escalated: WorkItem
) -> None:
    west_head = persona_for(Role.UNIT_HEAD, organisation.county_west, ".west").account
    events_before = Event.objects.count()

    with pytest.raises(AccessDenied) as refused:
        services.escalation_handle(actor=west_head, work_item_id=escalated.pk, action="urged", note="x")

    assert refused.value.code == "work_item_not_found"
    assert list(escalations_awaiting(paths=headed_unit_paths(west_head))) == []
    assert not EscalationHandling.objects.exists()
    assert Event.objects.count() == events_before


@pytest.mark.parametrize(
    ("action", "note", "code"),
    [
        pytest.param("shouted", "note", "invalid_action", id="unknown_action"),
        pytest.param("urged", "   ", "note_required", id="blank_note"),
        pytest.param("urged", "长" * 2_001, "note_required", id="huge_note"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    crew: Crew, escalated: WorkItem, action: str, note: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.escalation_handle(
            actor=crew[Role.UNIT_HEAD].account, work_item_id=escalated.pk, action=action, note=note
        )

    assert refused.value.code == code
    assert not EscalationHandling.objects.exists()


def test_a_completed_item_leaves_the_list_and_can_no_longer_be_handled(
    crew: Crew, escalated: WorkItem
) -> None:
    head = crew[Role.UNIT_HEAD].account
    services.work_item_complete(
        actor=crew[Role.SURVEYOR].account, work_item_id=escalated.pk, outcome=passing_outcome(escalated.stage)
    )

    assert list(escalations_awaiting(paths=headed_unit_paths(head))) == []
    with pytest.raises(StaleWorkItem):
        services.escalation_handle(actor=head, work_item_id=escalated.pk, action="urged", note="late")


def test_the_nearest_responsible_head_without_the_unit_head_role_may_handle_it(
    organisation: OrganisationTree, crew: Crew, escalated: WorkItem
) -> None:
    # A county deputy who is named responsible head and holds a working role, not the unit-head role.
    deputy = persona_for(Role.SURVEYOR, organisation.county_east, ".deputy")
    unit_set_responsible_head(unit=organisation.county_east, head=deputy)

    handling = services.escalation_handle(
        actor=deputy.account, work_item_id=escalated.pk, action="coordinated", note="协调施工队"
    )

    assert handling.handled_by == deputy.account
    assert headed_unit_paths(deputy.account) == [organisation.county_east.path]


@pytest.mark.parametrize("persona_name", ESCALATION_PERSONAS)
def test_the_service_accepts_exactly_the_escalations_listed_for_the_actor(
    organisation: OrganisationTree, crew: Crew, escalated: WorkItem, persona_name: str
) -> None:
    persona = escalation_persona(persona_name, organisation, crew)
    listed = escalated in escalations_awaiting(paths=headed_unit_paths(persona.account))

    try:
        services.escalation_handle(
            actor=persona.account, work_item_id=escalated.pk, action="urged", note="已催办"
        )
        accepted = True
    except (AccessDenied, NotPermitted):
        accepted = False

    assert listed == accepted == persona.may_handle
    assert EscalationHandling.objects.filter(work_item=escalated).exists() == accepted
