"""Regressions found in review: local dates, over-limit clocks, the sweep racing a transition, clock-stop
requests left behind by a closed work item."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item, passing_outcome
from tests.workflow.test_returns_and_parallel_tracks import complete
from yekuo.applications import outcomes
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.records import SupplyScheme
from yekuo.calendar.selectors import working_day_calendar
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.org.services import unit_set_responsible_head
from yekuo.workflow import services, sweep
from yekuo.workflow.deadlines import deadline_for
from yekuo.workflow.errors import TransitionNotAllowed
from yekuo.workflow.models import ClockStopReason, ClockStopStatus, DeadlineState, WorkItem
from yekuo.workflow.stages import Stage


def accepted(crew: Crew, customer: Customer) -> Application:
    clerk = crew[Role.INTAKE_CLERK].account
    category = Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    application = draft_application(actor=clerk, customer=customer, category=category)
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    complete(crew, application, Stage.ACCEPTANCE)
    return application


def test_numbers_and_reply_dates_use_the_utilitys_day_not_utc(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    test_clock.set(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))  # 07:30 on 2 March in Shanghai

    application = accepted(crew, factory_owner)
    for stage in (Stage.SITE_SURVEY, Stage.SUPPLY_SCHEME_DRAFTING, Stage.SUPPLY_SCHEME_APPROVAL):
        complete(crew, application, stage)

    application.refresh_from_db()
    scheme = SupplyScheme.objects.get(application=application)
    assert application.number == "320115-20260302-00001"
    assert scheme.replied_on == date(2026, 3, 2)


def test_a_clock_already_past_its_limit_is_due_at_once(working_calendar: None) -> None:
    deadline = deadline_for(
        running_since_at=at(2026, 3, 2, 9),
        limit_working_days=3,
        consumed_working_days=5,
        threshold_percent=80,
        calendar=working_day_calendar(),
    )

    assert deadline.due_at == at(2026, 3, 2, 9)


def test_resuming_an_overdue_item_keeps_it_overdue_and_escalates_it_once(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock, organisation: OrganisationTree
) -> None:
    unit_set_responsible_head(unit=organisation.county_east, head=crew[Role.UNIT_HEAD])
    application = accepted(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    test_clock.set(at(2026, 4, 30, 10))
    sweep.deadline_sweep(now=at(2026, 4, 30, 10))
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_REQUEST,
        explanation="客户要求暂缓",
    )
    services.clock_stop_decide(actor=crew[Role.UNIT_HEAD].account, clock_stop_id=stop.pk, approve=True)
    test_clock.set(at(2026, 5, 6, 10))

    services.work_item_resume(actor=crew[Role.SURVEYOR].account, work_item_id=survey.pk)
    sweep.deadline_sweep(now=at(2026, 5, 7, 0, 1))

    assert WorkItem.objects.get(pk=survey.pk).deadline_state == DeadlineState.OVERDUE
    assert Event.objects.filter(kind="work_item.overdue", work_item_id=survey.pk).count() == 1
    assert Event.objects.filter(kind="work_item.escalated", work_item_id=survey.pk).count() == 1


def test_the_sweep_does_not_mark_an_item_whose_deadline_moved_while_it_looked(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = accepted(crew, factory_owner)
    for stage in (Stage.SITE_SURVEY, Stage.SUPPLY_SCHEME_DRAFTING, Stage.SUPPLY_SCHEME_APPROVAL):
        complete(crew, application, stage)
    construction = open_item(application, Stage.CUSTOMER_CONSTRUCTION)
    services.work_item_complete(
        actor=factory_owner.account, work_item_id=construction.pk, outcome=passing_outcome(construction.stage)
    )
    inspection = open_item(application, Stage.COMPLETION_INSPECTION)
    inspector = crew[Role.INSPECTOR].account
    test_clock.set(at(2026, 3, 20, 10))
    real_lock = sweep._lock_applications

    def transition_commits_first(application_ids: set[int]) -> set[int]:
        failed = outcomes.InspectionOutcome(
            inspected_on=date(2026, 3, 20), passed=False, defects=(outcomes.Defect("接地不合格"),)
        )
        services.work_item_complete(actor=inspector, work_item_id=inspection.pk, outcome=failed)
        services.work_item_resume(actor=inspector, work_item_id=inspection.pk)  # a fresh clock
        return real_lock(application_ids)

    monkeypatch.setattr(sweep, "_lock_applications", transition_commits_first)
    sweep.deadline_sweep(now=at(2026, 3, 20, 10))

    item = WorkItem.objects.get(pk=inspection.pk)
    assert item.deadline_state == DeadlineState.ON_TIME
    assert item.escalated_at is None


def test_a_pending_clock_stop_request_is_withdrawn_when_its_item_closes(
    crew: Crew, factory_owner: Customer, county_head: Staff
) -> None:
    application = accepted(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_REQUEST,
        explanation="客户要求暂缓",
    )

    complete(crew, application, Stage.SITE_SURVEY)

    stop.refresh_from_db()
    assert stop.status == ClockStopStatus.WITHDRAWN
    assert Event.objects.filter(kind="clock_stop.withdrawn", work_item_id=survey.pk).count() == 1
    with pytest.raises((TransitionNotAllowed, Exception)):
        services.clock_stop_decide(actor=crew[Role.UNIT_HEAD].account, clock_stop_id=stop.pk, approve=True)
