"""What the workbench pages show, read through yekuo.org.access so every figure stays inside the
viewer's units (conventions §6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from yekuo.accounts.models import User
from yekuo.org import access, selectors
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import ROLE_DESCRIPTIONS, Role

DEEPEST_INDENT_LEVEL = 6  # yekuo.css has one indent class per level up to this one


@dataclass(frozen=True)
class ScopeFigures:
    """Counts over the subtree one role covers."""

    unit_count: int
    supply_station_count: int
    staff_count: int


@dataclass(frozen=True)
class RoleCard:
    """One role the viewer holds, the unit it covers and what lies below that unit."""

    role: Role
    unit: Unit
    ancestry: list[Unit]
    description: str
    figures: ScopeFigures


@dataclass(frozen=True)
class RoleStaffCount:
    role: Role
    staff_count: int


@dataclass(frozen=True)
class HeadedUnit:
    """A unit the viewer is the responsible head (负责人) of, with its staff counted per role."""

    unit: Unit
    ancestry: list[Unit]
    staff_count_by_role: list[RoleStaffCount]


@dataclass(frozen=True)
class UnitTreeRow:
    unit: Unit
    indent_level: int


def scope_figures(*, viewer: User, unit: Unit) -> ScopeFigures:
    units = access.units_visible_to(viewer).filter(access.subtree_condition([unit.path]))
    unit_counts = units.aggregate(
        unit_count=Count("pk"),
        supply_station_count=Count("pk", filter=Q(level=UnitLevel.SUPPLY_STATION)),
    )
    staff_count = (
        access.staff_visible_to(viewer)
        .filter(access.subtree_condition([unit.path], field="home_unit__path"))
        .count()
    )
    return ScopeFigures(
        unit_count=unit_counts["unit_count"],
        supply_station_count=unit_counts["supply_station_count"],
        staff_count=staff_count,
    )


def role_cards_for(viewer: User) -> list[RoleCard]:
    return [
        RoleCard(
            role=held.role,
            unit=held.unit,
            ancestry=selectors.unit_ancestry(held.unit),
            description=str(ROLE_DESCRIPTIONS[held.role]),
            figures=scope_figures(viewer=viewer, unit=held.unit),
        )
        for held in selectors.roles_held_by(viewer)
    ]


def staff_count_by_role_below(unit: Unit) -> list[RoleStaffCount]:
    counts = (
        RoleAssignment.objects.filter(access.subtree_condition([unit.path], field="unit__path"))
        .values("role")
        .annotate(staff_count=Count("staff", distinct=True))
    )
    by_role = {row["role"]: row["staff_count"] for row in counts}
    # In the order of the Role enumeration, which follows the process from intake to return visit.
    return [RoleStaffCount(role=role, staff_count=by_role[role]) for role in Role if role in by_role]


def headed_units_for(viewer: User) -> list[HeadedUnit]:
    """The responsible head sees the staff of the whole unit they answer for, whatever roles they hold."""
    staff = selectors.staff_for_account(viewer)
    if staff is None:
        return []
    return [
        HeadedUnit(
            unit=unit,
            ancestry=selectors.unit_ancestry(unit),
            staff_count_by_role=staff_count_by_role_below(unit),
        )
        for unit in selectors.units_headed_by(staff)
    ]


def unit_tree_for(viewer: User) -> QuerySet[Unit]:
    """Visible units in tree order (a unit's path sorts right before its children's)."""
    return access.units_visible_to(viewer).select_related("responsible_head__account").order_by("path")


def unit_tree_rows(units: Iterable[Unit], *, top_depth: int) -> list[UnitTreeRow]:
    return [
        UnitTreeRow(unit=unit, indent_level=min(max(unit.depth - top_depth, 0), DEEPEST_INDENT_LEVEL))
        for unit in units
    ]


def top_depth_of(units: QuerySet[Unit]) -> int:
    """The depth of the highest visible unit, so the viewer's own top units start without indent."""
    return int(units.aggregate(top_depth=Min("depth"))["top_depth"] or 1)


def staff_list_for(viewer: User) -> QuerySet[Staff]:
    """Visible staff, each with only those of their roles that lie inside the viewer's units."""
    visible_roles = (
        RoleAssignment.objects.filter(
            access.subtree_condition(access.scope_paths_for_user(viewer), field="unit__path")
        )
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    return (
        access.staff_visible_to(viewer)
        .order_by("home_unit__path", "employee_number")
        .prefetch_related(
            Prefetch("role_assignments", queryset=visible_roles, to_attr="visible_role_assignments")
        )
    )
