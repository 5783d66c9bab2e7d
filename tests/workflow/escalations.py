"""An overdue, escalated work item built through the services and the sweep, for tests of 督办 handling."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.org.factories import StaffFactory, staff_with_role
from yekuo.org.roles import Role
from yekuo.org.services import role_grant, unit_set_responsible_head
from yekuo.workflow import services
from yekuo.workflow.models import ClockStop, ClockStopEvidence, ClockStopReason, WorkItem
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

OVERDUE_DAY = at(2026, 3, 24)  # the survey of an application accepted on Monday 2 March is then overdue


def escalate_survey(application: Application, crew: Crew, test_clock: FrozenClock) -> WorkItem:
    """The surveyor claims the survey and lets it run out; the sweep escalates it to the county's
    responsible head (the crew's unit head)."""
    unit_set_responsible_head(unit=crew[Role.UNIT_HEAD].home_unit, head=crew[Role.UNIT_HEAD])
    survey = open_item(application, Stage.SITE_SURVEY)
    services.work_item_claim(actor=crew[Role.SURVEYOR].account, work_item_id=survey.pk)
    test_clock.set(OVERDUE_DAY)
    deadline_sweep()
    survey.refresh_from_db()
    assert survey.escalated_at is not None
    return survey


@dataclass(frozen=True)
class StoppedSurvey:
    survey: WorkItem
    stop: ClockStop
    evidence: ClockStopEvidence


def escalate_and_request_stop(application: Application, crew: Crew, test_clock: FrozenClock) -> StoppedSurvey:
    """An escalated survey whose surveyor asks for a clock stop with an evidence file (its row only:
    outsiders never reach the file). One object of each kind the access walks name."""
    survey = escalate_survey(application, crew, test_clock)
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        explanation="客户图纸未到",
    )
    evidence = ClockStopEvidence.objects.create(
        clock_stop=stop,
        file="clock-stops/2026/11/evidence.png",
        original_name="申请函.png",
        file_type="png",
        size=1,
        uploaded_by=crew[Role.SURVEYOR].account,
        uploaded_at=test_clock.now,
    )
    return StoppedSurvey(survey, stop, evidence)


@dataclass(frozen=True)
class EscalationPersona:
    """Someone looking at an escalated item, and whether the rule lets them handle its escalation."""

    account: User
    may_handle: bool


def escalation_persona(name: str, organisation: OrganisationTree, crew: Crew) -> EscalationPersona:
    """After escalate_survey: the eastern county's people who answer for it (or not). A named head needs no
    role at the unit, since the sweep addresses the escalation to them (Unit.responsible_head)."""
    county_head = crew[Role.UNIT_HEAD]
    if name == "named_head_without_any_role":
        deputy = StaffFactory.create(home_unit=organisation.county_east, username="east.deputy")
        unit_set_responsible_head(unit=organisation.county_east, head=deputy)
        return EscalationPersona(deputy.account, may_handle=True)
    if name == "named_head_with_a_role_elsewhere":
        deputy = StaffFactory.create(home_unit=organisation.station_east, username="east.station.deputy")
        role_grant(staff=deputy, unit=organisation.station_west, role=Role.INTAKE_CLERK)
        unit_set_responsible_head(unit=organisation.county_east, head=deputy)
        return EscalationPersona(deputy.account, may_handle=True)
    if name == "unit_head_not_named":
        unit_set_responsible_head(unit=organisation.county_east, head=None)
        return EscalationPersona(county_head.account, may_handle=True)
    if name == "named_unit_head":
        return EscalationPersona(county_head.account, may_handle=True)
    if name == "surveyor_of_the_unit":
        return EscalationPersona(crew[Role.SURVEYOR].account, may_handle=False)
    if name == "other_county_head":
        west = staff_with_role(role=Role.UNIT_HEAD, unit=organisation.county_west, username="west.head")
        unit_set_responsible_head(unit=organisation.county_west, head=west)
        return EscalationPersona(west.account, may_handle=False)
    raise ValueError(name)


ESCALATION_PERSONAS = (
    "named_head_without_any_role",
    "named_head_with_a_role_elsewhere",
    "unit_head_not_named",
    "named_unit_head",
    "surveyor_of_the_unit",
    "other_county_head",
)
