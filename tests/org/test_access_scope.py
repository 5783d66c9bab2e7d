from __future__ import annotations

from tests.conftest import OrganisationTree
from yekuo.org import access
from yekuo.org.models import Staff


def test_a_role_at_a_county_covers_its_stations_and_nothing_beside_it(
    organisation: OrganisationTree, county_head: Staff
) -> None:
    visible = set(access.units_visible_to(county_head.account))

    assert visible == {organisation.county_east, organisation.station_east}
