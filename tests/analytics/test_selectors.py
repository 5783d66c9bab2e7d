"""Staff analyse only their own units' applications; another unit is as if it did not exist."""

from __future__ import annotations

import pytest

from tests.analytics.conftest import Households
from tests.conftest import OrganisationTree
from yekuo.analytics.selectors import directly_follows_graph, live_selection_for_user
from yekuo.analytics.sync import live_log_sync
from yekuo.core.errors import AccessDenied
from yekuo.org.factories import staff_with_role
from yekuo.org.roles import Role

pytestmark = pytest.mark.django_db


def test_staff_see_their_subtrees_applications_and_nothing_else(
    two_households: Households, organisation: OrganisationTree
) -> None:
    live_log_sync()
    east_head = staff_with_role(role=Role.UNIT_HEAD, unit=organisation.city_east, username="east.head")
    west_head = staff_with_role(role=Role.UNIT_HEAD, unit=organisation.city_west, username="west.head")

    east = directly_follows_graph(live_selection_for_user(user=east_head.account))
    west = directly_follows_graph(live_selection_for_user(user=west_head.account))
    east_station = live_selection_for_user(user=east_head.account, unit_id=organisation.station_east.pk)

    assert (east.cases, west.cases) == (2, 0)
    assert directly_follows_graph(east_station).cases == 2
    with pytest.raises(AccessDenied):
        live_selection_for_user(user=west_head.account, unit_id=organisation.station_east.pk)


def test_a_customer_sees_no_analytics(two_households: Households) -> None:
    live_log_sync()
    customer = two_households[0].customer.account

    assert directly_follows_graph(live_selection_for_user(user=customer)).cases == 0
