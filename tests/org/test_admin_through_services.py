"""Role changes made in the admin go through the services: access follows the role and an event is left."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.org.admin_clients import client_for
from tests.org.test_admin_scoping import staff_change_form
from yekuo.accounts.models import User
from yekuo.events.models import Event
from yekuo.org.factories import StaffFactory
from yekuo.org.models import RoleAssignment
from yekuo.org.roles import Role


def superuser_client() -> Client:
    root = User.objects.create_superuser("root.admin", "a-long-passphrase-2026", display_name="根")
    return client_for(root)


def test_granting_administrator_in_the_admin_opens_the_admin_site_and_is_recorded(
    organisation: OrganisationTree,
) -> None:
    member = StaffFactory.create(home_unit=organisation.county_east)

    response = superuser_client().post(
        reverse("admin:org_staff_change", args=[member.pk]),
        staff_change_form(member, new_role_unit=organisation.county_east),
    )

    assert response.status_code == 302
    member.account.refresh_from_db()
    assert member.account.is_staff
    assert member.account.groups.filter(name="administrators").exists()
    event = Event.objects.get(kind="org.role_granted", subject_id=member.pk)
    assert event.new_values["role"] == Role.ADMINISTRATOR
    assert event.chain == "320000"


def test_deleting_an_assignment_in_the_admin_revokes_the_role_and_its_access(
    organisation: OrganisationTree,
) -> None:
    member = StaffFactory.create(home_unit=organisation.county_east)
    client = superuser_client()
    client.post(
        reverse("admin:org_staff_change", args=[member.pk]),
        staff_change_form(member, new_role_unit=organisation.county_east),
    )
    assignment = RoleAssignment.objects.get(staff=member, role=Role.ADMINISTRATOR)

    response = client.post(reverse("admin:org_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})

    assert response.status_code == 302
    member.account.refresh_from_db()
    assert not member.account.is_staff
    assert Event.objects.filter(kind="org.role_revoked", subject_id=member.pk).count() == 1
