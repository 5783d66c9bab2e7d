"""Every workbench page, found from the URL resolver so that a new page is walked too, requested with GET and
POST by staff of another unit and by customers: they get 403, 404 or a redirect, never another unit's data,
and nothing changes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.database_state import database_state
from tests.workflow.escalations import escalate_and_request_stop
from yekuo.accounts.models import User
from yekuo.applications.customer_records import FeePayment, PaymentMethod
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.notifications.models import Notification
from yekuo.org.roles import Role
from yekuo.workbench.urls import app_name, urlpatterns
from yekuo.workflow.models import WorkItem

PAGES = [pattern for pattern in urlpatterns if isinstance(pattern, URLPattern)]
NOT_WALKED = {"login"}  # the log-in page belongs to everybody


@dataclass(frozen=True)
class EastObjects:
    """One object of each kind a workbench URL names, all belonging to the eastern county."""

    work_item: WorkItem
    number: str
    ids: dict[str, int]


@pytest.fixture
def east(crew: Crew, workload: Workload, test_clock: FrozenClock) -> EastObjects:
    stopped = escalate_and_request_stop(workload.east_survey, crew, test_clock)
    survey, stop, evidence = stopped.survey, stopped.stop, stopped.evidence
    notification = Notification.objects.filter(recipient=crew[Role.SURVEYOR].account).first()
    assert notification is not None
    application = workload.east_survey
    payment = FeePayment.objects.create(  # a declared payment waiting in the eastern county's queue
        application=application,
        work_item_id=survey.pk,
        amount_yuan=Decimal("1200.00"),
        method=PaymentMethod.BANK_TRANSFER,
        reference="TX-EAST",
        declared_by=application.customer.account,
        declared_at=test_clock.now,
    )
    return EastObjects(
        work_item=survey,
        number=str(workload.east_survey.number),
        ids={
            "work_item_id": survey.pk,
            "application_id": survey.application_id,
            "clock_stop_id": stop.pk,
            "evidence_id": evidence.pk,
            "notification_id": notification.pk,
            "payment_id": payment.pk,
        },
    )


def outsiders(organisation: OrganisationTree, factory_owner: Customer) -> dict[str, User]:
    west_head = persona_for(Role.UNIT_HEAD, organisation.county_west, ".west")
    return {
        "west_unit_head": west_head.account,
        "west_surveyor": persona_for(Role.SURVEYOR, organisation.county_west, ".west").account,
        "other_customer": person_customer(service_unit=organisation.station_west).account,
        "owning_customer": factory_owner.account,
    }


def url_of(pattern: URLPattern, ids: dict[str, int]) -> str:
    names = list(pattern.pattern.converters)
    missing = [name for name in names if name not in ids]
    assert not missing, f"give the walk an id for {missing} (page {pattern.name})"
    return reverse(f"{app_name}:{pattern.name}", kwargs={name: ids[name] for name in names})


@pytest.mark.parametrize("pattern", [p for p in PAGES if p.name not in NOT_WALKED], ids=lambda p: p.name)
def test_outsiders_get_nothing_from_any_workbench_page(
    client: Client,
    organisation: OrganisationTree,
    factory_owner: Customer,
    east: EastObjects,
    pattern: URLPattern,
) -> None:
    url = url_of(pattern, east.ids)
    names_an_object = bool(pattern.pattern.converters)
    accounts = outsiders(organisation, factory_owner)
    before = database_state()

    for who, account in accounts.items():
        client.force_login(account)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "urged", "note": "x", "assignee": "1"})
            status = response.status_code
            if account.kind == "customer":
                assert status == 403, (who, method, url, status)
            elif names_an_object:
                assert status in (302, 403, 404, 405), (who, method, url, status)
            else:
                assert status in (200, 302, 404, 405), (who, method, url, status)
            if status == 200:
                assert east.number not in response.content.decode(), (who, method, url)
            assert database_state() == before, (who, method, url)
        client.logout()

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("workbench:login"))
    assert client.post(url).status_code == 302
    assert database_state() == before
