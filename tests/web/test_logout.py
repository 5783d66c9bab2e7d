"""Log-out is a POST: a link or an image on another page must not log anyone out."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.web.conftest import logged_in_account_id
from yekuo.org.models import Staff


def test_logging_out_by_get_is_refused_and_keeps_the_session(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    response = client.get(reverse("web:logout"))

    assert response.status_code == 405
    assert logged_in_account_id(client) == intake_clerk.account_id


def test_logging_out_by_post_ends_the_session_and_returns_to_the_landing_page(
    client: Client, intake_clerk: Staff
) -> None:
    client.force_login(intake_clerk.account)

    response = client.post(reverse("web:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:landing")
    assert logged_in_account_id(client) is None


def test_every_page_of_a_logged_in_user_carries_a_log_out_form(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    content = client.get(reverse("workbench:home")).content.decode()

    assert f'action="{reverse("web:logout")}" method="post"' in content
