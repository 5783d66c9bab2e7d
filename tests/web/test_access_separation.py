"""Customers never reach staff pages and staff never reach customer pages; anonymous visitors are sent to
the log-in page of the area they asked for."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import logged_in_account_id
from yekuo.accounts.models import User
from yekuo.customers.models import Customer
from yekuo.org.models import RoleAssignment, Staff, Unit

WORKBENCH_PAGES = ["workbench:home", "workbench:units", "workbench:staff"]
PORTAL_PAGES = ["portal:home"]
METHODS = ["get", "post"]


def row_counts() -> dict[str, int]:
    """How many rows the tables the pages read hold: a refused request must change none."""
    return {model.__name__: model.objects.count() for model in (User, Staff, Unit, RoleAssignment, Customer)}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("page", WORKBENCH_PAGES)
def test_customers_get_403_on_every_workbench_page(
    client: Client, person_customer: User, intake_clerk: Staff, page: str, method: str
) -> None:
    client.force_login(person_customer)
    before = row_counts()

    response = getattr(client, method)(reverse(page), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "Not for this account" in response.content.decode()
    assert "王受理" not in response.content.decode()
    assert row_counts() == before
    assert logged_in_account_id(client) == person_customer.pk


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("page", PORTAL_PAGES)
def test_staff_get_403_on_every_portal_page(
    client: Client, person_customer: User, intake_clerk: Staff, page: str, method: str
) -> None:
    client.force_login(intake_clerk.account)
    before = row_counts()

    response = getattr(client, method)(reverse(page), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "张用电" not in response.content.decode()
    assert row_counts() == before
    assert logged_in_account_id(client) == intake_clerk.account_id


@pytest.mark.parametrize(
    ("page", "login_page"),
    [(page, "workbench:login") for page in WORKBENCH_PAGES]
    + [(page, "portal:login") for page in PORTAL_PAGES],
)
def test_anonymous_visitors_are_sent_to_the_log_in_of_the_area(
    client: Client, db: None, page: str, login_page: str
) -> None:
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(login_page)}?next={quote(reverse(page))}"


@pytest.mark.parametrize("page", WORKBENCH_PAGES)
def test_staff_reach_every_workbench_page(client: Client, intake_clerk: Staff, page: str) -> None:
    client.force_login(intake_clerk.account)

    assert client.get(reverse(page)).status_code == 200


def test_workbench_pages_refuse_writes_even_from_staff(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    assert client.post(reverse("workbench:home")).status_code == 405


def test_the_landing_page_shows_both_log_ins_to_anonymous_visitors(client: Client, db: None) -> None:
    content = client.get(reverse("web:landing")).content.decode()

    assert reverse("portal:login") in content
    assert reverse("workbench:login") in content


def test_the_landing_page_sends_staff_to_the_workbench(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    response = client.get(reverse("web:landing"))

    assert response["Location"] == reverse("workbench:home")


def test_the_landing_page_sends_customers_to_the_portal(client: Client, person_customer: User) -> None:
    client.force_login(person_customer)

    response = client.get(reverse("web:landing"))

    assert response["Location"] == reverse("portal:home")


def test_navigation_shows_the_administration_link_only_to_administrators(
    client: Client, intake_clerk: Staff, province_administrator: Staff
) -> None:
    client.force_login(intake_clerk.account)
    clerk_page = client.get(reverse("workbench:home")).content.decode()
    client.force_login(province_administrator.account)
    administrator_page = client.get(reverse("workbench:home")).content.decode()

    assert reverse("admin:index") not in clerk_page
    assert reverse("admin:index") in administrator_page


def test_an_unknown_address_gets_the_translated_404_page(client: Client, db: None) -> None:
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
