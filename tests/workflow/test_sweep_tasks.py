"""The sweep's other duties: due dates pending a missing calendar year, lapsed supply schemes, and the
administrators' alert that next year's working days are missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from tests.workflow.test_clocks import accepted_high_voltage
from tests.workflow.test_returns_and_parallel_tracks import complete
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.records import SchemeStatus, SupplyScheme
from yekuo.calendar.importing import NoticeDayRow
from yekuo.calendar.models import DayKind
from yekuo.calendar.selectors import working_day_calendar
from yekuo.calendar.services import calendar_year_import
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.notifications.models import Notification
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.deadlines import deadline_for, local_date
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ApplicationClock, ClockStopReason, DeadlineState
from yekuo.workflow.stages import Clock, Stage
from yekuo.workflow.sweep import deadline_sweep
from yekuo.workflow.sweep_tasks import SweepEvent


def load_year_of_ordinary_days(year: int) -> None:
    """A synthetic notice: New Year's Day off, every other weekday a working day."""
    new_year = NoticeDayRow(
        line=2, date_text=f"{year}-01-01", kind=DayKind.PUBLIC_HOLIDAY, holiday_name="元旦"
    )
    calendar_year_import(year=year, rows=[new_year], source_notice=f"test notice {year}", loaded_by="test")


def test_a_due_date_reaching_a_missing_year_is_computed_once_the_year_is_loaded(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2026, 12, 21))  # 15 working days reach into January 2027, not loaded
    application = accepted_high_voltage(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    run = survey.clock
    assert run is not None
    assert (run.deadline_pending, run.due_at, survey.due_at) == (True, None, None)
    assert deadline_sweep().deadlines_computed == 0  # still missing: stays pending

    load_year_of_ordinary_days(2027)
    test_clock.set(at(2026, 12, 22))
    report = deadline_sweep()

    survey.refresh_from_db()
    run.refresh_from_db()
    expected = deadline_for(
        running_since_at=at(2026, 12, 21),
        limit_working_days=15,
        consumed_working_days=0,
        threshold_percent=80,
        calendar=working_day_calendar(),
    )
    assert report.deadlines_computed == 1
    assert (run.deadline_pending, run.warn_at, run.due_at) == (False, expected.warn_at, expected.due_at)
    assert (survey.warn_at, survey.due_at, survey.deadline_state) == (
        run.warn_at,
        run.due_at,
        DeadlineState.ON_TIME,
    )
    assert (local_date(expected.warn_at), local_date(expected.due_at) - timedelta(days=1)) == (
        date(2027, 1, 7),  # the 12th working day: 80% of 15
        date(2027, 1, 12),  # the 15th, New Year's Day skipped
    )
    computed = Event.objects.get(kind=SweepEvent.DEADLINE_COMPUTED)
    assert (computed.application_id, computed.subject_id, computed.new_values["work_items"]) == (
        application.pk,
        run.pk,
        [survey.pk],
    )
    assert deadline_sweep().deadlines_computed == 0
    assert all(chain.first_break is None for chain in verify_all_chains())


def test_days_used_in_a_missing_year_are_counted_once_it_is_loaded(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2026, 12, 21))
    application = accepted_high_voltage(crew, factory_owner)
    survey = open_item(application, Stage.SITE_SURVEY)
    surveyor, head = crew[Role.SURVEYOR].account, crew[Role.UNIT_HEAD].account
    test_clock.set(at(2027, 1, 5, 15))  # stopped in a year that is not loaded: the days used are unknown
    stop = services.clock_stop_request(
        actor=surveyor,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_REQUEST,
        explanation="客户申请暂缓",
    )
    services.clock_stop_decide(actor=head, clock_stop_id=stop.pk, approve=True)
    test_clock.set(at(2027, 1, 6, 10))
    services.work_item_resume(actor=surveyor, work_item_id=survey.pk)
    run = ApplicationClock.objects.get(application=application, clock=Clock.SUPPLY_SCHEME_REPLY)
    assert (run.deadline_pending, len(run.uncounted_intervals), run.due_at) == (True, 1, None)

    load_year_of_ordinary_days(2027)
    report = deadline_sweep()

    run.refresh_from_db()
    survey.refresh_from_db()
    assert report.deadlines_computed == 1
    assert (run.consumed_working_days, run.uncounted_intervals, run.deadline_pending) == (10, [], False)
    assert run.due_at is not None
    assert run.warn_at is not None
    assert local_date(run.due_at) - timedelta(days=1) == date(2027, 1, 13)  # 5 days left after 6 January
    assert local_date(run.warn_at) == date(2027, 1, 8)  # the 12th day of 15, 10 used before
    assert (survey.warn_at, survey.due_at) == (run.warn_at, run.due_at)
    event = Event.objects.get(kind=SweepEvent.DEADLINE_COMPUTED)
    assert event.old_values["consumed_working_days"] == 0
    assert event.new_values["consumed_working_days"] == 10


def test_a_lapsed_supply_scheme_expires_the_application_once(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    lapsed = accepted_high_voltage(crew, factory_owner)
    valid = accepted_high_voltage(crew, factory_owner)
    for application in (lapsed, valid):
        for stage in (Stage.SITE_SURVEY, Stage.SUPPLY_SCHEME_DRAFTING, Stage.SUPPLY_SCHEME_APPROVAL):
            complete(crew, application, stage)
    SupplyScheme.objects.filter(application=lapsed).update(valid_until=date(2026, 3, 10))
    test_clock.set(at(2026, 3, 10, 18))
    assert deadline_sweep().expired == 0  # valid through the 10th

    test_clock.set(at(2026, 3, 11, 8))
    report = deadline_sweep()

    lapsed.refresh_from_db()
    valid.refresh_from_db()
    assert report.expired == 1
    assert (lapsed.status, valid.status) == (ApplicationStatus.EXPIRED, ApplicationStatus.ACTIVE)
    assert SupplyScheme.objects.get(application=lapsed).status == SchemeStatus.EXPIRED
    expiry = Event.objects.get(kind=WorkflowEvent.APPLICATION_EXPIRED)
    assert (expiry.application_id, expiry.actor_id) == (lapsed.pk, None)
    test_clock.set(at(2026, 3, 11, 17))
    assert deadline_sweep().expired == 0


def test_a_scheme_lapses_at_midnight_in_the_utilitys_time_zone_not_in_utc(
    crew: Crew, factory_owner: Customer
) -> None:
    application = accepted_high_voltage(crew, factory_owner)
    for stage in (Stage.SITE_SURVEY, Stage.SUPPLY_SCHEME_DRAFTING, Stage.SUPPLY_SCHEME_APPROVAL):
        complete(crew, application, stage)
    SupplyScheme.objects.filter(application=application).update(valid_until=date(2026, 3, 10))
    half_past_midnight_in_shanghai = datetime(2026, 3, 10, 16, 30, tzinfo=UTC)  # still the 10th in UTC

    report = deadline_sweep(now=half_past_midnight_in_shanghai)

    application.refresh_from_db()
    assert (report.expired, application.status) == (1, ApplicationStatus.EXPIRED)


def test_administrators_are_alerted_to_the_missing_next_year_from_1_november_once_a_day(
    organisation: OrganisationTree, crew: Crew, province_administrator: Staff, test_clock: FrozenClock
) -> None:
    retired = crew[Role.ADMINISTRATOR].account  # a deactivated administrator hears nothing
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    test_clock.set(at(2026, 10, 31, 23))
    assert deadline_sweep().calendar_alerts == 0

    sweeps = {}
    for moment in (at(2026, 11, 1, 0, 1), at(2026, 11, 1, 17), at(2026, 11, 2, 9)):
        test_clock.set(moment)
        sweeps[moment] = deadline_sweep().calendar_alerts

    assert list(sweeps.values()) == [1, 0, 1]
    alerts = Notification.objects.filter(kind=SweepEvent.CALENDAR_YEAR_MISSING_ALERTED)
    assert sorted(alerts.values_list("recipient__username", flat=True)) == [
        "province.admin",
        "province.admin",
    ]
    assert "2027" in alerts[0].title
    assert Event.objects.filter(kind=SweepEvent.CALENDAR_YEAR_MISSING_ALERTED, chain="system").count() == 2


def test_no_alert_once_next_year_is_loaded(
    crew: Crew, province_administrator: Staff, test_clock: FrozenClock
) -> None:
    load_year_of_ordinary_days(2027)
    test_clock.set(at(2026, 11, 20))

    assert deadline_sweep().calendar_alerts == 0
    assert not Notification.objects.exists()


def test_an_administrator_reading_english_gets_the_alert_in_english(
    province_administrator: Staff, test_clock: FrozenClock
) -> None:
    account = province_administrator.account
    account.preferred_language = "en"
    account.save(update_fields=["preferred_language"])
    test_clock.set(at(2026, 12, 1))

    deadline_sweep()

    [alert] = Notification.objects.filter(recipient=account)
    assert alert.title == "The working-day calendar for 2027 is missing"
    assert "yekuo calendar import FILE --year 2027" in alert.body
