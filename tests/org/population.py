"""Test data for access rules: one staff member homed at every unit of the organisation tree."""

from __future__ import annotations

from dataclasses import fields

from tests.conftest import OrganisationTree
from yekuo.org.factories import StaffFactory
from yekuo.org.models import Staff, Unit

UNIT_NAMES = tuple(field.name for field in fields(OrganisationTree))
EAST_COUNTY_SUBTREE = frozenset({"county_east", "station_east"})
OUTSIDE_EAST_COUNTY = tuple(name for name in UNIT_NAMES if name not in EAST_COUNTY_SUBTREE)


def unit_named(organisation: OrganisationTree, name: str) -> Unit:
    unit: Unit = getattr(organisation, name)
    return unit


def staff_at_every_unit(organisation: OrganisationTree) -> dict[str, Staff]:
    """A staff member without any role at each unit, keyed by the unit's name in the tree."""
    return {
        name: StaffFactory.create(home_unit=unit_named(organisation, name), username=f"member.{name}")
        for name in UNIT_NAMES
    }
