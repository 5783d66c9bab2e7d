"""Read-only queries about the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from yekuo.accounts.models import User
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import Role


@dataclass(frozen=True)
class HeldRole:
    """One role a staff member holds, with the unit whose subtree it covers."""

    role: Role
    unit: Unit


def staff_for_account(account: User) -> Staff | None:
    return Staff.objects.select_related("home_unit").filter(account=account).first()


def roles_held_by(account: User) -> list[HeldRole]:
    assignments = (
        RoleAssignment.objects.filter(staff__account=account)
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    return [HeldRole(role=Role(assignment.role), unit=assignment.unit) for assignment in assignments]


def unit_ancestry(unit: Unit) -> list[Unit]:
    """The chain from the root down to the unit itself, for breadcrumbs."""
    return [*Unit.objects.get_ancestors(unit), unit]


def units_headed_by(staff: Staff) -> QuerySet[Unit]:
    return Unit.objects.filter(responsible_head=staff).order_by("path")


@dataclass(frozen=True)
class StationChoice:
    """A supply station a customer may choose, with the company it belongs to (for grouping)."""

    station: Unit
    company_name: str


def supply_station_choices() -> list[StationChoice]:
    """Every supply station, grouped under its parent company in tree order; public information."""
    stations = list(Unit.objects.filter(level=UnitLevel.SUPPLY_STATION).order_by("path"))
    parent_paths = {station.path[: -Unit.steplen] for station in stations}
    names = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "name"))
    return [
        StationChoice(station=station, company_name=names.get(station.path[: -Unit.steplen], ""))
        for station in stations
    ]
