"""Shared fixtures: a small organisation tree and named personas (conventions §11)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that the test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from yekuo.org.factories import staff_with_role
from yekuo.org.models import Staff, Unit, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import unit_create


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest, settings: Settings) -> None:
    """Tests create hundreds of accounts; Argon2's deliberate slowness would dominate the run time.
    Tests marked `argon2` keep the configured hashers (see tests/config/test_security_settings.py)."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Tests read the English msgids; pages choose their language per request as in production."""
    with translation.override("en"):
        yield


SHARED_DIRECTORY = Path(__file__).resolve().parent.parent.parent / "shared"


@dataclass(frozen=True)
class OrganisationTree:
    """province ─┬─ city_east ── county_east ── station_east
    └─ city_west ── county_west ── station_west"""

    province: Unit
    city_east: Unit
    county_east: Unit
    station_east: Unit
    city_west: Unit
    county_west: Unit
    station_west: Unit


@pytest.fixture
def organisation(db: None) -> OrganisationTree:
    province = unit_create(name="江苏省电力公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    city_east = unit_create(
        name="南京供电公司", level=UnitLevel.CITY_COMPANY, region_code="320100", parent=province
    )
    county_east = unit_create(
        name="江宁区供电公司", level=UnitLevel.COUNTY_COMPANY, region_code="320115", parent=city_east
    )
    station_east = unit_create(
        name="东山供电所", level=UnitLevel.SUPPLY_STATION, region_code="320115001", parent=county_east
    )
    city_west = unit_create(
        name="苏州供电公司", level=UnitLevel.CITY_COMPANY, region_code="320500", parent=province
    )
    county_west = unit_create(
        name="吴中区供电公司", level=UnitLevel.COUNTY_COMPANY, region_code="320506", parent=city_west
    )
    station_west = unit_create(
        name="木渎供电所", level=UnitLevel.SUPPLY_STATION, region_code="320506101", parent=county_west
    )
    units = [
        Unit.objects.get(pk=unit.pk)
        for unit in (province, city_east, county_east, station_east, city_west, county_west, station_west)
    ]
    return OrganisationTree(*units)


@pytest.fixture
def intake_clerk(organisation: OrganisationTree) -> Staff:
    """An intake clerk at the eastern supply station."""
    return staff_with_role(
        role=Role.INTAKE_CLERK, unit=organisation.station_east, username="intake.clerk", display_name="王受理"
    )


@pytest.fixture
def county_head(organisation: OrganisationTree) -> Staff:
    """The responsible head of the eastern county company."""
    return staff_with_role(
        role=Role.UNIT_HEAD, unit=organisation.county_east, username="county.head", display_name="李主任"
    )


@pytest.fixture
def province_administrator(organisation: OrganisationTree) -> Staff:
    return staff_with_role(
        role=Role.ADMINISTRATOR, unit=organisation.province, username="province.admin", display_name="赵管理"
    )


def persona_for(role: Role, unit: Unit, suffix: str = "") -> Staff:
    """A staff member holding `role` at `unit`, named after the role."""
    username = f"{role.value.replace('_', '.')}{suffix}"
    return staff_with_role(role=role, unit=unit, username=username)
