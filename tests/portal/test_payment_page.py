"""A customer declares the fee payment in the portal; an account manager confirms it on the workbench."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, passing_outcome
from tests.workflow.test_customer_actions import drive_staff_stages, dual_supply, firms
from yekuo.applications.customer_records import FeePayment, PaymentStatus
from yekuo.applications.models import Application
from yekuo.customers.factories import enterprise_customer
from yekuo.org.factories import staff_with_role
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

__all__ = ["dual_supply", "firms"]


def reach_fees(crew: Crew, application: Application) -> WorkItem:
    for stage in (
        Stage.CUSTOMER_DESIGN,
        Stage.CUSTOMER_CONSTRUCTION,
        Stage.CUSTOMER_COMPLETION,
        Stage.SUPPLY_CONTRACT,
    ):
        drive_staff_stages(crew, application)
        services.work_item_complete(
            actor=crew[Role.ACCOUNT_MANAGER].account,
            work_item_id=open_item(application, stage).pk,
            outcome=passing_outcome(stage),
        )
    return open_item(application, Stage.BUSINESS_FEES)


def test_the_customer_declares_and_the_account_manager_confirms(
    client: Client, crew: Crew, dual_supply: Application
) -> None:
    fees = reach_fees(crew, dual_supply)
    client.force_login(dual_supply.customer.account)
    page = client.get(reverse("portal:application", args=[dual_supply.pk])).content.decode()
    assert "Business fees" in page
    client.post(
        reverse("portal:fees", args=[dual_supply.pk]),
        {"work_item": fees.pk, "method": "bank_transfer", "reference": "<b>TX-9</b>"},
    )
    payment = FeePayment.objects.get()
    assert payment.reference == "<b>TX-9</b>"

    stranger = enterprise_customer(service_unit=dual_supply.supply_station)
    client.force_login(stranger.account)
    assert client.get(reverse("workbench:payment_queue")).status_code == 403

    client.force_login(crew[Role.ACCOUNT_MANAGER].account)
    queue = client.get(reverse("workbench:payment_queue")).content.decode()
    assert "&lt;b&gt;TX-9&lt;/b&gt;" in queue
    response = client.post(reverse("workbench:payment_decide", args=[payment.pk]), {"received": "yes"})

    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert WorkItem.objects.get(pk=fees.pk).status == WorkItemStatus.COMPLETED


def test_staff_of_another_unit_cannot_confirm(
    client: Client, crew: Crew, dual_supply: Application, organisation: OrganisationTree
) -> None:
    fees = reach_fees(crew, dual_supply)
    client.force_login(dual_supply.customer.account)
    client.post(
        reverse("portal:fees", args=[dual_supply.pk]),
        {"work_item": fees.pk, "method": "bank_transfer", "reference": "TX-10"},
    )
    payment = FeePayment.objects.get()
    west = staff_with_role(
        role=Role.ACCOUNT_MANAGER,
        unit=organisation.county_west,
        username="west.manager",
    )
    client.force_login(west.account)

    assert "TX-10" not in client.get(reverse("workbench:payment_queue")).content.decode()
    client.post(reverse("workbench:payment_decide", args=[payment.pk]), {"received": "yes"})

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.DECLARED
    assert WorkItem.objects.get(pk=fees.pk).status == WorkItemStatus.OPEN


def test_a_decision_that_is_neither_yes_nor_no_changes_nothing(
    client: Client, crew: Crew, dual_supply: Application
) -> None:
    """Before the form, anything but "yes" was taken as "not received" and rejected the payment."""
    fees = reach_fees(crew, dual_supply)
    client.force_login(dual_supply.customer.account)
    client.post(
        reverse("portal:fees", args=[dual_supply.pk]),
        {"work_item": fees.pk, "method": "bank_transfer", "reference": "TX-11"},
    )
    payment = FeePayment.objects.get()
    client.force_login(crew[Role.ACCOUNT_MANAGER].account)

    for body in (
        {},
        {"received": "<script>x</script>", "note": "钱没到"},
        {"received": "no", "note": "长" * 3000},
    ):
        response = client.post(
            reverse("workbench:payment_decide", args=[payment.pk]),
            body,
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        page = response.content.decode()
        assert "<script>x</script>" not in page
        assert "Say whether the money was received." in page or "at most 2000 characters" in page
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.DECLARED
    assert WorkItem.objects.get(pk=fees.pk).status == WorkItemStatus.OPEN
