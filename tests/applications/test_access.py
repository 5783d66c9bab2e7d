"""Applications are seen by staff whose roles cover the serving station and by their own customer only."""

from __future__ import annotations

import pytest

from tests.conftest import OrganisationTree, persona_for
from yekuo.applications.access import application_get_for_user, applications_visible_to
from yekuo.applications.factories import draft_application
from yekuo.applications.models import Application
from yekuo.core.errors import AccessDenied
from yekuo.customers.factories import person_customer
from yekuo.org.roles import Role


@pytest.fixture
def east_application(organisation: OrganisationTree) -> Application:
    customer = person_customer(service_unit=organisation.station_east)
    return draft_application(actor=customer.account, customer=customer)


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_every_role_over_the_station_sees_it_and_no_role_beside_it_does(
    organisation: OrganisationTree, east_application: Application, role: Role
) -> None:
    inside = persona_for(role, organisation.county_east, "-in")
    outside = persona_for(role, organisation.county_west, "-out")

    seen = application_get_for_user(user=inside.account, application_id=east_application.pk)
    assert seen == east_application
    with pytest.raises(AccessDenied):
        application_get_for_user(user=outside.account, application_id=east_application.pk)
    assert not applications_visible_to(outside.account).exists()


def test_a_customer_sees_their_own_applications_and_not_anothers(
    organisation: OrganisationTree, east_application: Application
) -> None:
    neighbour = person_customer(service_unit=organisation.station_east)

    assert list(applications_visible_to(east_application.customer.account)) == [east_application]
    with pytest.raises(AccessDenied):
        application_get_for_user(user=neighbour.account, application_id=east_application.pk)
