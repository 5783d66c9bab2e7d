"""django-axes: five failed log-ins for one account from one address lock that pair for a while."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.conftest import CUSTOMER_MOBILE_NUMBER, logged_in_account_id
from yekuo.accounts.models import User
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.org.models import Staff

STAFF_LOGIN = reverse("workbench:login")
CUSTOMER_LOGIN = reverse("portal:login")
FAILURE_LIMIT = 5


def post_log_in(client: Client, path: str, username: str, password: str) -> int:
    response = client.post(
        path, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.1.2.3"
    )
    return response.status_code


def test_after_five_failures_even_the_right_password_is_refused_with_429(
    client: Client, intake_clerk: Staff
) -> None:
    for _attempt in range(FAILURE_LIMIT):
        post_log_in(client, STAFF_LOGIN, "intake.clerk", "wrong-password")

    response = client.post(
        STAFF_LOGIN,
        {"username": "intake.clerk", "password": DEFAULT_TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        REMOTE_ADDR="10.1.2.3",
    )

    assert response.status_code == 429
    assert logged_in_account_id(client) is None
    assert "Too many failed log-ins" in response.content.decode()
    cooloff_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"try again in {cooloff_minutes} minutes" in response.content.decode()


def test_four_failures_do_not_lock_the_account(client: Client, intake_clerk: Staff) -> None:
    for _attempt in range(FAILURE_LIMIT - 1):
        post_log_in(client, STAFF_LOGIN, "intake.clerk", "wrong-password")

    status = post_log_in(client, STAFF_LOGIN, "intake.clerk", DEFAULT_TEST_PASSWORD)

    assert status == 302
    assert logged_in_account_id(client) == intake_clerk.account_id


def test_the_lockout_covers_one_account_and_leaves_other_accounts_alone(
    client: Client, intake_clerk: Staff, county_head: Staff
) -> None:
    for _attempt in range(FAILURE_LIMIT):
        post_log_in(client, STAFF_LOGIN, "intake.clerk", "wrong-password")

    status = post_log_in(client, STAFF_LOGIN, "county.head", DEFAULT_TEST_PASSWORD)

    assert status == 302
    assert logged_in_account_id(client) == county_head.account_id


def test_right_passwords_at_the_wrong_log_in_page_count_as_failures(
    client: Client, person_customer: User
) -> None:
    for _attempt in range(FAILURE_LIMIT):
        post_log_in(client, STAFF_LOGIN, CUSTOMER_MOBILE_NUMBER, DEFAULT_TEST_PASSWORD)

    status = post_log_in(client, CUSTOMER_LOGIN, CUSTOMER_MOBILE_NUMBER, DEFAULT_TEST_PASSWORD)

    assert status == 429
    assert logged_in_account_id(client) is None
    assert AccessAttempt.objects.filter(username=CUSTOMER_MOBILE_NUMBER).exists()
