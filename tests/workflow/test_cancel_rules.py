"""Who may withdraw or cancel when: a draft is withdrawn, an energised connection is not."""

from __future__ import annotations

import pytest

from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, open_stages, passing_outcome
from tests.workflow.test_returns_and_parallel_tracks import complete
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.customer_actions import customer_actions_for
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.models import WorkItem
from yekuo.workflow.stages import Stage


@pytest.fixture
def energised(crew: Crew, household: Customer) -> Application:
    """A household connection whose metering and energisation stage completed; archiving is still open."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(actor=household.account, customer=household)
    services.application_submit(actor=household.account, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    complete(crew, application, Stage.ACCEPTANCE)
    services.work_item_complete(
        actor=crew[Role.METERING_TECHNICIAN].account,
        work_item_id=open_item(application, Stage.METERING_AND_ENERGISATION).pk,
        outcome=passing_outcome(Stage.METERING_AND_ENERGISATION),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert Stage.ARCHIVING in open_stages(application)
    return application


@pytest.mark.parametrize("who", ["customer", "unit_head"])
def test_an_energised_application_is_neither_withdrawn_nor_cancelled(
    crew: Crew, energised: Application, who: str
) -> None:
    actor = energised.customer.account if who == "customer" else crew[Role.UNIT_HEAD].account
    items_before = list(WorkItem.objects.filter(application=energised).values_list("pk", "status"))

    with pytest.raises(TransitionNotAllowed) as refused:
        services.application_cancel(actor=actor, application_id=energised.pk, reason="不要了")

    assert refused.value.code == "already_energised"
    assert refused.value.http_status == 409
    energised.refresh_from_db()
    assert energised.status == ApplicationStatus.ACTIVE
    assert list(WorkItem.objects.filter(application=energised).values_list("pk", "status")) == items_before
    assert not Event.objects.filter(application_id=energised.pk, kind="application.cancelled").exists()


def test_the_portal_offers_no_withdrawal_once_energised(energised: Application) -> None:
    actions = customer_actions_for(viewer=energised.customer.account, application=energised)

    assert actions.may_withdraw is False


def test_the_customer_withdraws_a_draft_and_it_is_kept_as_cancelled(household: Customer) -> None:
    application = draft_application(actor=household.account, customer=household)
    assert customer_actions_for(viewer=household.account, application=application).may_withdraw

    services.application_cancel(actor=household.account, application_id=application.pk, reason="填错了")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED
    assert application.closed_at is not None
    assert application.number is None
    event = Event.objects.get(application_id=application.pk, kind="application.cancelled")
    assert event.actor_id == household.account.pk
    assert event.old_values == {"status": "draft"}
    assert event.new_values["reason"] == "填错了"


def test_a_withdrawn_draft_is_not_withdrawn_twice_nor_reopened(crew: Crew, household: Customer) -> None:
    application = draft_application(actor=household.account, customer=household)
    services.application_cancel(actor=household.account, application_id=application.pk, reason="填错了")

    with pytest.raises(TransitionNotAllowed) as twice:
        services.application_cancel(actor=household.account, application_id=application.pk, reason="again")
    with pytest.raises(TransitionNotAllowed) as reopened:
        services.application_reopen(
            actor=crew[Role.UNIT_HEAD].account, application_id=application.pk, reason="客户要求"
        )

    assert twice.value.code == "already_closed"
    assert reopened.value.code == "withdrawn_draft"
    assert Event.objects.filter(application_id=application.pk, kind="application.cancelled").count() == 1


def test_another_customer_cannot_withdraw_my_draft(household: Customer, factory_owner: Customer) -> None:
    application = draft_application(actor=household.account, customer=household)

    with pytest.raises(NotPermitted):
        services.application_cancel(actor=factory_owner.account, application_id=application.pk, reason="x")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not Event.objects.filter(application_id=application.pk).exists()
