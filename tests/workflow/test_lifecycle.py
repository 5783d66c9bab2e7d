"""Submit, cancel, expire and reopen; who may do each."""

from __future__ import annotations

from datetime import date

import pytest

from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item, open_stages
from tests.workflow.test_returns_and_parallel_tracks import complete
from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.outcomes import CustomerMilestoneOutcome
from yekuo.applications.records import SchemeStatus, SupplyScheme
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage


@pytest.fixture
def replied(crew: Crew, factory_owner: Customer) -> Application:
    """A 10 kV application whose supply scheme was replied on 2 March 2026 (valid one year)."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    for stage in (
        Stage.ACCEPTANCE,
        Stage.SITE_SURVEY,
        Stage.SUPPLY_SCHEME_DRAFTING,
        Stage.SUPPLY_SCHEME_APPROVAL,
    ):
        complete(crew, application, stage)
    return application


def test_submission_gives_a_readable_number_unique_in_the_province(crew: Crew, household: Customer) -> None:
    numbers = []
    for _ in range(3):
        application = draft_application(actor=household.account, customer=household)
        services.application_submit(actor=household.account, application_id=application.pk)
        application.refresh_from_db()
        numbers.append(application.number)

    assert numbers == ["320115-20260302-00001", "320115-20260302-00002", "320115-20260302-00003"]


def test_another_customer_cannot_submit_my_draft(
    crew: Crew, household: Customer, factory_owner: Customer
) -> None:
    application = draft_application(actor=household.account, customer=household)

    with pytest.raises(NotPermitted):
        services.application_submit(actor=factory_owner.account, application_id=application.pk)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.number is None


def test_the_customer_withdraws_and_every_open_item_is_cancelled(replied: Application) -> None:
    customer_account = replied.customer.account

    services.application_cancel(actor=customer_account, application_id=replied.pk, reason="项目取消")

    replied.refresh_from_db()
    assert replied.status == ApplicationStatus.CANCELLED
    assert open_stages(replied) == set()
    assert Event.objects.filter(application_id=replied.pk, kind="application.cancelled").count() == 1


def test_a_surveyor_cannot_cancel_an_application(crew: Crew, replied: Application) -> None:
    with pytest.raises(NotPermitted):
        services.application_cancel(actor=crew[Role.SURVEYOR].account, application_id=replied.pk, reason="x")

    replied.refresh_from_db()
    assert replied.status == ApplicationStatus.ACTIVE


def test_a_lapsed_scheme_expires_the_application_and_not_before(
    crew: Crew, replied: Application, test_clock: FrozenClock
) -> None:
    scheme = SupplyScheme.objects.get(application=replied)
    assert str(scheme.valid_until) == "2027-03-02"  # high voltage: one year from the reply

    test_clock.set(at(2027, 3, 2))
    assert services.application_expire(actor=None, application_id=replied.pk) is None
    test_clock.set(at(2027, 3, 3))
    services.application_expire(actor=None, application_id=replied.pk)

    replied.refresh_from_db()
    scheme.refresh_from_db()
    assert replied.status == ApplicationStatus.EXPIRED
    assert scheme.status == SchemeStatus.EXPIRED
    assert open_stages(replied) == set()


def test_a_unit_head_reopens_an_expired_application_at_scheme_drafting(
    crew: Crew, replied: Application, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2027, 3, 3))
    services.application_expire(actor=None, application_id=replied.pk)
    test_clock.set(at(2026, 12, 1))  # back inside the loaded calendar for the new clocks

    services.application_reopen(
        actor=crew[Role.UNIT_HEAD].account, application_id=replied.pk, reason="客户续办"
    )

    replied.refresh_from_db()
    assert replied.status == ApplicationStatus.ACTIVE
    assert open_stages(replied) == {Stage.SUPPLY_SCHEME_DRAFTING}


def test_a_cancelled_application_reopens_where_it_stopped(crew: Crew, replied: Application) -> None:
    services.application_cancel(
        actor=crew[Role.UNIT_HEAD].account, application_id=replied.pk, reason="误操作"
    )

    services.application_reopen(
        actor=crew[Role.UNIT_HEAD].account, application_id=replied.pk, reason="恢复办理"
    )

    assert open_stages(replied) == {Stage.CUSTOMER_CONSTRUCTION, Stage.GRID_SUPPORTING_WORKS}
    cancelled = WorkItem.objects.filter(application=replied, status=WorkItemStatus.CANCELLED)
    assert cancelled.count() == 2
    assert not any(item.is_current for item in cancelled)


def test_an_active_application_cannot_be_reopened(crew: Crew, replied: Application) -> None:
    with pytest.raises(TransitionNotAllowed):
        services.application_reopen(actor=crew[Role.UNIT_HEAD].account, application_id=replied.pk, reason="x")


def test_the_customer_completes_their_own_construction_stage(replied: Application) -> None:
    item = open_item(replied, Stage.CUSTOMER_CONSTRUCTION)

    services.work_item_complete(
        actor=replied.customer.account,
        work_item_id=item.pk,
        outcome=CustomerMilestoneOutcome(completed_on=date(2026, 3, 2), firm_name="南京苏电电力工程有限公司"),
    )

    assert Stage.COMPLETION_INSPECTION in open_stages(replied)
