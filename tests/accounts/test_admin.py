"""Accounts in the admin: a regional administrator sees only their own account and cannot raise it."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from yekuo.accounts.models import User
from yekuo.org.roles import Role


def test_a_county_administrator_lists_only_their_own_account(organisation: OrganisationTree) -> None:
    administrator = persona_for(Role.ADMINISTRATOR, organisation.county_east)
    other = persona_for(Role.SURVEYOR, organisation.county_east)

    response = client_for(administrator.account).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [administrator.account]
    assert other.account.username not in response.text


def test_a_superuser_lists_every_account(organisation: OrganisationTree) -> None:
    superuser = User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")
    member = persona_for(Role.SURVEYOR, organisation.county_west)

    response = client_for(superuser).get(reverse("admin:accounts_user_changelist"))

    assert member.account in set(response.context["cl"].result_list)


def test_a_county_administrator_cannot_make_themself_a_superuser(organisation: OrganisationTree) -> None:
    # Given a county administrator on their own account's change page
    administrator = persona_for(Role.ADMINISTRATOR, organisation.county_east)
    account = administrator.account
    client = client_for(account)

    # When they post the form with "superuser" ticked
    client.post(
        reverse("admin:accounts_user_change", args=[account.pk]),
        {
            "username": account.username,
            "kind": account.kind,
            "display_name": account.display_name,
            "email": "",
            "preferred_language": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "joined_at_0": "2026-01-01",
            "joined_at_1": "08:00:00",
        },
    )

    # Then they are still not a superuser
    assert not User.objects.get(pk=account.pk).is_superuser
