"""Applications in the admin: listed only within the administrator's units, searchable, and read-only:
applications enter through the services and change only through the workflow."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from tests.org.conftest import plain_static_files
from yekuo.accounts.models import User
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.factories import draft_application
from yekuo.applications.models import Application
from yekuo.customers.factories import enterprise_customer, person_customer
from yekuo.org.models import Unit
from yekuo.org.roles import Role

# Autouse fixtures of the organisation tests: admin pages without collectstatic, quick password hashing.
__all__ = ["plain_static_files"]

CHANGELIST = "admin:applications_application_changelist"


def change_url(application: Application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


@pytest.fixture
def application_at(organisation: OrganisationTree) -> dict[str, Application]:
    """A draft application at each supply station, by the station's side of the tree."""
    applications = {}
    for side, station in (("east", organisation.station_east), ("west", organisation.station_west)):
        customer = person_customer(service_unit=station)
        applications[side] = draft_application(actor=customer.account, customer=customer)
    return applications


def administrator_client(unit: Unit, suffix: str) -> Client:
    """An administrator at `unit` who may view applications (the role alone grants no such permission)."""
    staff = persona_for(Role.ADMINISTRATOR, unit, suffix=suffix)
    staff.account.user_permissions.add(Permission.objects.get(codename="view_application"))
    return client_for(staff.account)


@pytest.fixture
def superuser_client(db: None) -> Client:
    return client_for(
        User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")
    )


def listed(client: Client, **query: Any) -> set[int]:
    response = client.get(reverse(CHANGELIST), query)
    assert response.status_code == 200
    return {application.pk for application in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("unit", "sees"),
    [
        pytest.param("province", {"east", "west"}, id="province-sees-both"),
        pytest.param("county_east", {"east"}, id="eastern-county-sees-east"),
        pytest.param("station_west", {"west"}, id="western-station-sees-west"),
    ],
)
def test_an_administrator_lists_the_applications_of_their_units(
    organisation: OrganisationTree, application_at: dict[str, Application], unit: str, sees: set[str]
) -> None:
    client = administrator_client(getattr(organisation, unit), f".{unit}")

    assert listed(client) == {application_at[side].pk for side in sees}


def test_an_application_outside_the_units_cannot_be_opened(
    organisation: OrganisationTree, application_at: dict[str, Application]
) -> None:
    client = administrator_client(organisation.county_east, ".county")

    assert client.get(change_url(application_at["east"])).status_code == 200
    assert client.get(change_url(application_at["west"])).status_code == 302  # "does not exist"


def test_an_application_is_found_by_customer_name_or_address(
    superuser_client: Client, organisation: OrganisationTree, application_at: dict[str, Application]
) -> None:
    factory = enterprise_customer(service_unit=organisation.station_east, name="南京东山精密机械有限公司")
    by_name = draft_application(
        actor=factory.account, customer=factory, premises_address="江宁区梧桐科技园 8 号楼"
    )

    assert listed(superuser_client, q="东山精密") == {by_name.pk}
    assert listed(superuser_client, q="梧桐科技园") == {by_name.pk}


def test_the_detail_page_shows_the_status_without_a_field_to_change_it(
    superuser_client: Client, application_at: dict[str, Application]
) -> None:
    response = superuser_client.get(change_url(application_at["east"]))

    assert response.status_code == 200
    assert str(ApplicationStatus.DRAFT.label) in response.text
    assert 'name="status"' not in response.text
    assert 'name="_save"' not in response.text


def test_applications_cannot_be_added_changed_or_deleted_in_the_admin(
    superuser_client: Client, application_at: dict[str, Application]
) -> None:
    application = application_at["east"]
    before = Application.objects.values().get(pk=application.pk)

    added = superuser_client.get(reverse("admin:applications_application_add"))
    changed = superuser_client.post(change_url(application), {"status": ApplicationStatus.CANCELLED})
    deleted = superuser_client.post(
        reverse("admin:applications_application_delete", args=[application.pk]), {"post": "yes"}
    )

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert Application.objects.values().get(pk=application.pk) == before
    assert Application.objects.count() == 2
