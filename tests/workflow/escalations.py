"""An overdue, escalated work item built through the services and the sweep, for tests of 督办 handling."""

from __future__ import annotations

from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from yekuo.applications.models import Application
from yekuo.org.roles import Role
from yekuo.org.services import unit_set_responsible_head
from yekuo.workflow import services
from yekuo.workflow.models import WorkItem
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
