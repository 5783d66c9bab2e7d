"""Other systems authenticate with a bearer token, browsers with their session and the CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.api.conftest import TokenClient
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from yekuo.accounts.models import User
from yekuo.api.models import ApiToken
from yekuo.api.services import api_token_issue, api_token_revoke, key_digest
from yekuo.core.errors import ValidationFailed
from yekuo.org.roles import Role

ME = "/api/v1/me"


def test_a_token_authenticates_its_user_and_records_its_use(
    crew: Crew, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    system = token_client_for(clerk)

    response = system.get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "username": clerk.username,
        "display_name": clerk.display_name,
        "kind": "staff",
    }
    assert ApiToken.objects.get(user=clerk).last_used_at is not None


def test_only_the_digest_of_the_key_is_stored(crew: Crew) -> None:
    key = api_token_issue(user=crew[Role.SURVEYOR].account, name="GIS")

    token = ApiToken.objects.get()
    assert token.key_digest == key_digest(key)
    assert key not in {token.key_digest, token.name}


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param("Bearer yk_not-a-key", id="wrong_key"),
        pytest.param("Bearer ", id="empty_key"),
        pytest.param("Basic dXNlcjpwYXNz", id="other_scheme"),
        pytest.param("Bearer " + "x" * 10_000, id="huge_key"),
    ],
)
def test_a_wrong_token_gets_401_json(crew: Crew, authorization: str) -> None:
    api_token_issue(user=crew[Role.SURVEYOR].account, name="GIS")

    response = Client().get(ME, HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_no_credentials_get_401_json(db: None) -> None:
    response = Client().get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_gets_401(crew: Crew, token_client_for: Callable[..., TokenClient]) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)
    api_token_revoke(token=ApiToken.objects.get())

    assert system.get(ME).status_code == 401


def test_a_deactivated_account_s_token_gets_401(
    crew: Crew, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    system = token_client_for(clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])

    assert system.get(ME).status_code == 401


def test_a_deactivated_account_gets_no_token(crew: Crew) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])

    with pytest.raises(ValidationFailed):
        api_token_issue(user=clerk, name="GIS")
    assert not ApiToken.objects.exists()


def test_the_session_authenticates_a_browser(crew: Crew) -> None:
    client = Client()
    client.force_login(crew[Role.INTAKE_CLERK].account)

    response = client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == crew[Role.INTAKE_CLERK].account.username


def test_a_session_post_without_the_csrf_token_is_refused_and_changes_nothing(
    crew: Crew, workload: Workload
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(crew[Role.INTAKE_CLERK].account)
    item = workload.item(workload.east_acceptance)

    response = client.post(f"/api/v1/work-items/{item.pk}/claim")

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    item.refresh_from_db()
    assert item.status == "open"


def test_a_session_post_with_the_csrf_token_is_accepted(crew: Crew, workload: Workload) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(crew[Role.INTAKE_CLERK].account)
    client.get("/workbench/")  # any page sets the CSRF cookie
    csrf_token = client.cookies["csrftoken"].value
    item = workload.item(workload.east_acceptance)

    response = client.post(f"/api/v1/work-items/{item.pk}/claim", HTTP_X_CSRFTOKEN=csrf_token)

    assert response.status_code == 200
    assert response.json()["status"] == "claimed"


def test_the_command_prints_a_key_that_works(crew: Crew) -> None:
    output = StringIO()
    call_command("issue_api_token", crew[Role.SURVEYOR].account.username, "--name", "GIS", stdout=output)
    key = output.getvalue().strip()

    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_a_superuser_revokes_a_token_in_the_admin(
    crew: Crew, token_client_for: Callable[..., TokenClient], django_user_model: type[User]
) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)
    superuser = django_user_model.objects.create_superuser("root", "pw", display_name="Root")
    admin_client = Client()
    admin_client.force_login(superuser)
    token = ApiToken.objects.get()

    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/")
    response = admin_client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    assert page.status_code == 200
    assert system.key not in page.content.decode()
    assert token.key_digest not in page.content.decode()
    assert response.status_code == 200
    assert system.get(ME).status_code == 401


def test_staff_without_superuser_do_not_see_tokens(crew: Crew) -> None:
    head = crew[Role.UNIT_HEAD].account
    head.is_staff = True
    head.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(head)

    assert client.get("/admin/api/apitoken/").status_code == 403
