"""The deadline sweep: warnings and overdue items marked once, the right people told, 督办 escalation to the
nearest responsible head, and nothing changed or sent twice."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from tests.conftest import OrganisationTree, persona_for
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from tests.workflow.test_clocks import accepted_high_voltage
from yekuo.applications.models import Application
from yekuo.calendar.selectors import reset_working_day_calendar_cache
from yekuo.calendar.services import calendar_seed_from_library
from yekuo.customers.factories import enterprise_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.events.verification import verify_all_chains
from yekuo.notifications.models import Delivery, Notification
from yekuo.org.factories import staff_with_role
from yekuo.org.models import UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import unit_create, unit_set_responsible_head
from yekuo.workflow import services
from yekuo.workflow.deadlines import local_date
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.installation import install_shipped
from yekuo.workflow.models import ClockStopReason, DeadlineState, WorkItem
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep import deadline_sweep

WARNING_DAY = at(2026, 3, 18)  # the 12th of 15 working days after Monday 2 March
OVERDUE_DAY = at(2026, 3, 24)  # the 15th working day, 23 March, has ended


def told(kind: str) -> list[tuple[str, int | None]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "work_item_id"))


def item_events(item: WorkItem) -> list[str]:
    return list(
        Event.objects.filter(work_item_id=item.pk)
        .order_by("chain", "sequence")
        .values_list("kind", flat=True)
    )


@pytest.fixture
def application(crew: Crew, factory_owner: Customer) -> Application:
    accepted = accepted_high_voltage(crew, factory_owner)
    accepted.refresh_from_db()
    return accepted


def test_an_item_past_its_warning_time_is_marked_once_and_everyone_who_may_claim_it_is_told(
    application: Application, organisation: OrganisationTree, crew: Crew, test_clock: FrozenClock
) -> None:
    survey = open_item(application, Stage.SITE_SURVEY)
    station_surveyor = persona_for(Role.SURVEYOR, organisation.station_east, ".station")
    persona_for(Role.SURVEYOR, organisation.county_west, ".west")  # another county's: not told
    crew[Role.SURVEYOR].account.preferred_language = "en"
    crew[Role.SURVEYOR].account.save(update_fields=["preferred_language"])
    test_clock.set(at(2026, 3, 17, 23, 59))
    assert deadline_sweep().warned == 0

    test_clock.set(WARNING_DAY)
    report = deadline_sweep()

    survey.refresh_from_db()
    assert (survey.deadline_state, report.warned, report.overdue) == (DeadlineState.WARNING, 1, 0)
    assert told(WorkflowEvent.WORK_ITEM_WARNED) == [
        ("east.surveyor", survey.pk),
        ("surveyor.station", survey.pk),
    ]
    english = Notification.objects.get(recipient=crew[Role.SURVEYOR].account)
    chinese = Notification.objects.get(recipient=station_surveyor.account)
    assert english.title == f"Time limit approaching: Site survey, application {application.number}"
    assert english.body.endswith("must be finished by the end of 2026-03-23.")
    assert "现场勘查" in chinese.title
    assert item_events(survey)[-1] == WorkflowEvent.WORK_ITEM_WARNED


def test_once_claimed_only_the_assignee_is_told(
    application: Application, organisation: OrganisationTree, crew: Crew, test_clock: FrozenClock
) -> None:
    persona_for(Role.SURVEYOR, organisation.station_east, ".station")
    survey = open_item(application, Stage.SITE_SURVEY)
    services.work_item_claim(actor=crew[Role.SURVEYOR].account, work_item_id=survey.pk)
    test_clock.set(WARNING_DAY)

    deadline_sweep()

    assert told(WorkflowEvent.WORK_ITEM_WARNED) == [("east.surveyor", survey.pk)]


def test_an_overdue_item_is_escalated_to_the_responsible_head_of_the_nearest_unit_that_has_one(
    application: Application, organisation: OrganisationTree, crew: Crew, test_clock: FrozenClock
) -> None:
    unit_set_responsible_head(unit=organisation.county_east, head=crew[Role.UNIT_HEAD])
    city_head = persona_for(Role.UNIT_HEAD, organisation.city_east, ".city")
    unit_set_responsible_head(unit=organisation.city_east, head=city_head)
    survey = open_item(application, Stage.SITE_SURVEY)
    services.work_item_claim(actor=crew[Role.SURVEYOR].account, work_item_id=survey.pk)
    test_clock.set(WARNING_DAY)
    deadline_sweep()
    test_clock.set(OVERDUE_DAY)

    report = deadline_sweep()

    survey.refresh_from_db()
    assert (report.overdue, report.escalated, report.warned) == (1, 1, 0)
    assert (survey.deadline_state, survey.escalated_at) == (DeadlineState.OVERDUE, OVERDUE_DAY)
    assert told(WorkflowEvent.WORK_ITEM_OVERDUE) == [("east.surveyor", survey.pk)]
    assert told(WorkflowEvent.WORK_ITEM_ESCALATED) == [("east.unit_head", survey.pk)]
    assert item_events(survey)[-3:] == [
        WorkflowEvent.WORK_ITEM_WARNED,
        WorkflowEvent.WORK_ITEM_OVERDUE,
        WorkflowEvent.WORK_ITEM_ESCALATED,
    ]
    escalation = Event.objects.get(kind=WorkflowEvent.WORK_ITEM_ESCALATED)
    assert escalation.actor_id is None
    assert escalation.new_values["responsible_head"] == crew[Role.UNIT_HEAD].pk
    assert escalation.new_values["unit"] == organisation.county_east.pk
    assert all(chain.first_break is None for chain in verify_all_chains())


def test_an_item_found_past_both_thresholds_is_reported_overdue_only(
    application: Application, test_clock: FrozenClock
) -> None:
    survey = open_item(application, Stage.SITE_SURVEY)
    test_clock.set(OVERDUE_DAY)

    report = deadline_sweep()

    assert (report.overdue, report.warned) == (1, 0)
    assert WorkflowEvent.WORK_ITEM_WARNED not in item_events(survey)
    assert told(WorkflowEvent.WORK_ITEM_WARNED) == []


def test_without_a_responsible_head_anywhere_the_item_is_overdue_but_not_escalated(
    application: Application, test_clock: FrozenClock
) -> None:
    survey = open_item(application, Stage.SITE_SURVEY)
    test_clock.set(OVERDUE_DAY)

    report = deadline_sweep()

    survey.refresh_from_db()
    assert (report.overdue, report.escalated) == (1, 0)
    assert (survey.deadline_state, survey.escalated_at) == (DeadlineState.OVERDUE, None)
    assert told(WorkflowEvent.WORK_ITEM_ESCALATED) == []


def test_a_second_sweep_at_the_same_moment_changes_and_sends_nothing(
    application: Application,
    organisation: OrganisationTree,
    crew: Crew,
    test_clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "console,email")
    unit_set_responsible_head(unit=organisation.county_east, head=crew[Role.UNIT_HEAD])
    test_clock.set(OVERDUE_DAY)
    first = deadline_sweep()
    counts = (Event.objects.count(), Notification.objects.count(), Delivery.objects.count())

    second = deadline_sweep()

    assert first.changed_anything
    assert not second.changed_anything
    assert (Event.objects.count(), Notification.objects.count(), Delivery.objects.count()) == counts
    assert Delivery.objects.count() == 2 * Notification.objects.count()


def test_an_item_whose_clock_is_stopped_is_not_swept(
    application: Application, crew: Crew, test_clock: FrozenClock
) -> None:
    survey = open_item(application, Stage.SITE_SURVEY)
    stop = services.clock_stop_request(
        actor=crew[Role.SURVEYOR].account,
        work_item_id=survey.pk,
        reason=ClockStopReason.CUSTOMER_REQUEST,
        explanation="客户申请暂缓勘查",
    )
    services.clock_stop_decide(actor=crew[Role.UNIT_HEAD].account, clock_stop_id=stop.pk, approve=True)
    test_clock.set(at(2026, 4, 30))

    report = deadline_sweep()

    survey.refresh_from_db()
    assert survey.deadline_state == DeadlineState.ON_TIME
    assert (report.warned, report.overdue, report.notifications) == (0, 0, 0)


def test_items_are_swept_in_batches_until_none_is_left(
    crew: Crew, factory_owner: Customer, test_clock: FrozenClock
) -> None:
    applications = [accepted_high_voltage(crew, factory_owner) for _ in range(3)]
    test_clock.set(WARNING_DAY)

    report = deadline_sweep(batch_size=1)

    assert report.warned == len(applications)
    assert not WorkItem.objects.filter(stage=Stage.SITE_SURVEY, deadline_state=DeadlineState.ON_TIME).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_mark_and_tell_each_item_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs real parallel connections with row locks: run with YEKUO_DATABASE_URL=postgres://…"
        )
    install_shipped()
    calendar_seed_from_library(years=[2026])
    reset_working_day_calendar_cache()
    province = unit_create(name="省公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    station = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=province
    )
    staff = {role: staff_with_role(role=role, unit=station, username=f"race.{role.value}") for role in Role}
    crew = Crew(staff)
    applications = [accepted_high_voltage(crew, enterprise_customer(service_unit=station)) for _ in range(6)]
    barrier = threading.Barrier(2)
    errors: list[str] = []

    def sweep() -> None:
        try:
            barrier.wait()
            deadline_sweep(now=WARNING_DAY, batch_size=2)
        except Exception as error:  # any failure is what the test must reveal
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    surveys = WorkItem.objects.filter(stage=Stage.SITE_SURVEY, application__in=applications)
    assert {item.deadline_state for item in surveys} == {DeadlineState.WARNING}
    assert Event.objects.filter(kind=WorkflowEvent.WORK_ITEM_WARNED).count() == len(applications)
    assert Notification.objects.filter(kind=WorkflowEvent.WORK_ITEM_WARNED).count() == len(applications)
    assert all(chain.first_break is None for chain in verify_all_chains())
    assert {local_date(item.warn_at) for item in surveys if item.warn_at} == {date(2026, 3, 18)}
