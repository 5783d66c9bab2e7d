"""Log-in: staff with their log-in name at the workbench, customers with their mobile number at the portal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import CUSTOMER_MOBILE_NUMBER, logged_in_account_id
from yekuo.accounts.models import AccountKind, User
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.org.models import Staff

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

STAFF_LOGIN = reverse("workbench:login")
CUSTOMER_LOGIN = reverse("portal:login")


def log_in(
    client: Client, path: str, username: str, password: str = DEFAULT_TEST_PASSWORD, **extra: str
) -> TestResponse:
    """Post the log-in form as an English-speaking browser would."""
    return client.post(path, {"username": username, "password": password, **extra}, HTTP_ACCEPT_LANGUAGE="en")


def form_errors(response: TestResponse) -> list[str]:
    return [str(error) for error in response.context["form"].non_field_errors()]


@pytest.mark.parametrize("path", [STAFF_LOGIN, CUSTOMER_LOGIN], ids=["staff", "customer"])
def test_log_in_pages_show_a_form_to_anonymous_visitors(client: Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_staff_log_in_with_their_log_in_name_and_land_on_the_workbench(
    client: Client, intake_clerk: Staff
) -> None:
    response = log_in(client, STAFF_LOGIN, "intake.clerk")

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
    assert logged_in_account_id(client) == intake_clerk.account_id


@pytest.mark.parametrize(
    "typed_number",
    [CUSTOMER_MOBILE_NUMBER, "138 0013 8000", "138-0013-8000"],
    ids=["plain", "with-spaces", "with-hyphens"],
)
def test_customers_log_in_with_their_mobile_number_and_land_on_the_portal(
    client: Client, person_customer: User, typed_number: str
) -> None:
    response = log_in(client, CUSTOMER_LOGIN, typed_number)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert logged_in_account_id(client) == person_customer.pk


def test_a_wrong_staff_password_is_refused_with_the_standard_message(
    client: Client, intake_clerk: Staff
) -> None:
    response = log_in(client, STAFF_LOGIN, "intake.clerk", password="not-the-password")

    assert response.status_code == 200
    assert logged_in_account_id(client) is None
    assert form_errors(response) == [
        "Please enter a correct log-in name and password. Note that both fields may be case-sensitive."
    ]


def test_a_wrong_customer_password_is_refused_with_the_standard_message(
    client: Client, person_customer: User
) -> None:
    response = log_in(client, CUSTOMER_LOGIN, CUSTOMER_MOBILE_NUMBER, password="not-the-password")

    assert response.status_code == 200
    assert logged_in_account_id(client) is None
    assert form_errors(response) == [
        "Please enter a correct mobile number and password. Note that both fields may be case-sensitive."
    ]


def test_a_customer_at_the_staff_log_in_gets_the_same_answer_as_a_wrong_password(
    client: Client, person_customer: User
) -> None:
    wrong_password = log_in(client, STAFF_LOGIN, CUSTOMER_MOBILE_NUMBER, password="not-the-password")
    right_password = log_in(client, STAFF_LOGIN, CUSTOMER_MOBILE_NUMBER)

    assert right_password.status_code == 200
    assert logged_in_account_id(client) is None
    assert form_errors(right_password) == form_errors(wrong_password)


def test_a_staff_account_at_the_customer_log_in_gets_the_same_answer_as_a_wrong_password(
    client: Client, organisation: object
) -> None:
    # Staff log-in names start with a letter, so only an account made outside the service can look like
    # a mobile number; it must still be refused.
    User.objects.create_user(
        username="13700137000", password=DEFAULT_TEST_PASSWORD, display_name="孙员工", kind=AccountKind.STAFF
    )

    wrong_password = log_in(client, CUSTOMER_LOGIN, "13700137000", password="not-the-password")
    right_password = log_in(client, CUSTOMER_LOGIN, "13700137000")

    assert right_password.status_code == 200
    assert logged_in_account_id(client) is None
    assert form_errors(right_password) == form_errors(wrong_password)


def test_a_staff_log_in_name_at_the_customer_log_in_is_asked_for_a_mobile_number(
    client: Client, intake_clerk: Staff
) -> None:
    response = log_in(client, CUSTOMER_LOGIN, "intake.clerk")

    assert response.status_code == 200
    assert logged_in_account_id(client) is None
    assert response.context["form"].has_error("username", code="invalid_mobile_number")


def test_an_inactive_account_cannot_log_in(client: Client, intake_clerk: Staff) -> None:
    User.objects.filter(pk=intake_clerk.account_id).update(is_active=False)

    response = log_in(client, STAFF_LOGIN, "intake.clerk")

    assert response.status_code == 200
    assert logged_in_account_id(client) is None


def test_a_next_address_inside_the_area_is_followed(client: Client, intake_clerk: Staff) -> None:
    response = log_in(client, STAFF_LOGIN, "intake.clerk", next=reverse("workbench:units"))

    assert response["Location"] == reverse("workbench:units")


@pytest.mark.parametrize(
    "next_address", ["/portal/", "https://example.com/workbench/", "//example.com/"], ids=str
)
def test_a_next_address_outside_the_area_is_ignored(
    client: Client, intake_clerk: Staff, next_address: str
) -> None:
    response = log_in(client, STAFF_LOGIN, "intake.clerk", next=next_address)

    assert response["Location"] == reverse("workbench:home")


def test_a_logged_in_member_of_staff_opening_the_staff_log_in_goes_to_the_workbench(
    client: Client, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    response = client.get(STAFF_LOGIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")


def test_the_saved_language_preference_is_kept_in_the_session(client: Client, intake_clerk: Staff) -> None:
    User.objects.filter(pk=intake_clerk.account_id).update(preferred_language="en")

    log_in(client, STAFF_LOGIN, "intake.clerk")
    page = client.get(reverse("workbench:home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert client.session["preferred_language"] == "en"
    assert b'<html lang="en">' in page.content


def test_without_a_saved_preference_the_session_holds_no_language(
    client: Client, intake_clerk: Staff
) -> None:
    log_in(client, STAFF_LOGIN, "intake.clerk")

    assert "preferred_language" not in client.session
