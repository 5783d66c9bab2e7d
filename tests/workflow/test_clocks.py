"""Time limits in working days: due dates, clock stops over holidays, re-inspection clocks, rule sets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item, passing_outcome
from tests.workflow.test_returns_and_parallel_tracks import complete
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.outcomes import Defect, InspectionOutcome
from yekuo.applications.records import Notice, NoticeKind
from yekuo.calendar.selectors import working_day_calendar
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.deadlines import local_date
from yekuo.workflow.models import (
    ApplicationClock,
    ClockStop,
    ClockStopReason,
    ClockStopStatus,
    RuleSet,
    WorkItemStatus,
)
from yekuo.workflow.stages import Clock, Stage


def accepted_high_voltage(crew: Crew, customer: Customer, **overrides: object) -> Application:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=customer, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY, **overrides
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    return application


def test_the_scheme_reply_is_due_fifteen_working_days_after_acceptance_under_state_grid_2023(
    crew: Crew, factory_owner: Customer
) -> None:
    application = accepted_high_voltage(crew, factory_owner)  # Monday 2 March 2026

    survey = open_item(application, Stage.SITE_SURVEY)

    assert application.process.rule_set.code == "state_grid_2023"
    assert local_date(survey.due_at) - timedelta(days=1) == date(2026, 3, 23)  # 15 working days after 2 March
    assert survey.clock.clock == Clock.SUPPLY_SCHEME_REPLY


def test_an_application_keeps_the_rule_set_in_force_when_it_was_accepted(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2011, 6, 1))
    old = accepted_high_voltage(crew, factory_owner)
    test_clock.set(at(2026, 3, 2))
    new = accepted_high_voltage(crew, factory_owner)

    assert old.process.rule_set.code == "regulator_2009"
    assert old.process.whole_process_limit_days is None
    assert new.process.rule_set.code == "state_grid_2023"
    assert new.process.whole_process_limit_days == 22
    old_survey, new_survey = open_item(old, Stage.SITE_SURVEY), open_item(new, Stage.SITE_SURVEY)
    assert old_survey.clock.limit_working_days == 20  # 供电监管办法: HV single supply scheme 20 WD
    assert new_survey.clock.limit_working_days == 15


def test_a_clock_stop_over_national_day_keeps_the_days_used_and_skips_the_holiday(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2025, 9, 24))  # Wednesday
    application = accepted_high_voltage(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    surveyor, head = crew[Role.SURVEYOR].account, crew[Role.UNIT_HEAD].account

    test_clock.set(at(2025, 9, 26, 15))  # Friday: 25th and 26th used
    stop = services.clock_stop_request(
        actor=surveyor,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_REQUEST,
        explanation="客户申请暂缓勘查",
    )
    services.clock_stop_decide(actor=head, clock_stop_id=stop.pk, approve=True)
    survey.refresh_from_db()
    assert survey.status == WorkItemStatus.SUSPENDED
    assert survey.clock.consumed_working_days == 2

    test_clock.set(at(2025, 10, 9, 10))  # Thursday after the holiday; 28 Sept (a working Sunday) was stopped
    services.work_item_resume(actor=surveyor, work_item_id=survey.pk)

    survey.refresh_from_db()
    calendar = working_day_calendar()
    assert local_date(survey.due_at) - timedelta(days=1) == calendar.add_working_days(date(2025, 10, 9), 13)
    assert calendar.add_working_days(date(2025, 10, 9), 2) == date(
        2025, 10, 11
    )  # the working Saturday counts
    stop.refresh_from_db()
    assert stop.status == ClockStopStatus.ENDED


def test_a_failed_inspection_lists_every_defect_at_once_and_the_reinspection_gets_a_fresh_clock(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    application = accepted_high_voltage(crew, factory_owner)
    for stage in (
        Stage.SITE_SURVEY,
        Stage.SUPPLY_SCHEME_DRAFTING,
        Stage.SUPPLY_SCHEME_APPROVAL,
        Stage.CUSTOMER_CONSTRUCTION,
    ):
        complete(crew, application, stage)
    inspector = crew[Role.INSPECTOR].account
    inspection = open_item(application, Stage.COMPLETION_INSPECTION)
    test_clock.set(at(2026, 3, 5))

    services.work_item_complete(
        actor=inspector,
        work_item_id=inspection.pk,
        outcome=InspectionOutcome(
            inspected_on=date(2026, 3, 5),
            passed=False,
            defects=(Defect("接地电阻超标", "配电室"), Defect("电缆沟未封堵", "进线处")),
        ),
    )

    inspection.refresh_from_db()
    assert inspection.status == WorkItemStatus.SUSPENDED
    notice = Notice.objects.get(application=application, kind=NoticeKind.INSPECTION_DEFECTS)
    assert [item["description"] for item in notice.items] == ["接地电阻超标", "电缆沟未封堵"]
    assert ClockStop.objects.get(work_item=inspection).reason == ClockStopReason.RECTIFICATION

    test_clock.set(at(2026, 3, 20))
    services.work_item_resume(actor=inspector, work_item_id=inspection.pk)
    inspection.refresh_from_db()
    assert inspection.clock.limit_working_days == 5
    assert inspection.clock.consumed_working_days == 0
    assert local_date(inspection.due_at) - timedelta(days=1) == date(2026, 3, 27)
    runs = ApplicationClock.objects.filter(application=application, clock=Clock.COMPLETION_INSPECTION)
    assert runs.count() == 2

    services.work_item_complete(
        actor=inspector, work_item_id=inspection.pk, outcome=passing_outcome(inspection.stage)
    )
    assert open_item(application, Stage.SUPPLY_CONTRACT)


def test_missing_documents_are_listed_in_one_notice_and_the_acceptance_waits(
    crew: Crew, factory_owner: Customer
) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    acceptance = open_item(application, Stage.ACCEPTANCE)

    services.application_accept(actor=clerk, work_item_id=acceptance.pk)

    acceptance.refresh_from_db()
    application.refresh_from_db()
    assert acceptance.status == WorkItemStatus.SUSPENDED
    assert application.accepted_at is None
    notice = Notice.objects.get(application=application, kind=NoticeKind.MISSING_DOCUMENTS)
    assert set(notice.items) == {
        "identity_document",
        "property_proof",
        "business_licence",
        "authorisation_letter",
        "load_list",
        "project_approval",
    }

    supply_all_documents(application, received_by=clerk)
    services.work_item_resume(actor=clerk, work_item_id=acceptance.pk)
    services.application_accept(actor=clerk, work_item_id=acceptance.pk)
    application.refresh_from_db()
    assert application.accepted_at is not None


@pytest.mark.parametrize(("threshold", "warn_day"), [(80, date(2026, 3, 18)), (50, date(2026, 3, 12))])
def test_the_warning_comes_when_the_threshold_share_of_the_limit_is_used(
    crew: Crew, factory_owner: Customer, threshold: int, warn_day: date
) -> None:
    RuleSet.objects.filter(code="state_grid_2023").update(warning_threshold_percent=threshold)
    application = accepted_high_voltage(crew, factory_owner)

    survey = open_item(application, Stage.SITE_SURVEY)

    assert local_date(survey.warn_at) == warn_day  # 12th (80%) or 8th (50%) of 15 working days
