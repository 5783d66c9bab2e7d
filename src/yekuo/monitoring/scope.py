"""Who sees the dashboard and over which units.

Unit heads, marketing managers, auditors and administrators see the dashboard over the subtrees where they
hold that role; a unit's responsible head (负责人) over the unit they answer for. Staff who hold only working
roles (intake, survey, metering, ...) see no dashboard: their view is "My work", and the dashboard answers
them 404 like any other page outside their units. A station head holds unit_head at the station, so sees
the station's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.core.errors import AccessDenied
from yekuo.org import access
from yekuo.org.models import Unit
from yekuo.org.roles import Role
from yekuo.org.selectors import unit_ancestry

DASHBOARD_ROLES = (Role.UNIT_HEAD, Role.MARKETING_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR)


def dashboard_paths_for(user: User) -> list[str]:
    """The unit paths whose subtrees the user watches; empty when the dashboard is not theirs."""
    if not user.is_active or user.kind != AccountKind.STAFF:
        return []
    role_paths = access.scope_paths_for_user(user, roles=DASHBOARD_ROLES)
    return access.minimal_prefixes([*role_paths, *access.headed_paths_for_user(user)])


def may_see_dashboard(user: User) -> bool:
    return bool(dashboard_paths_for(user))


@dataclass(frozen=True)
class DashboardScope:
    """What one dashboard request covers: the chosen unit (None: all the viewer's top units), the rows it
    breaks down into (the chosen unit's children, or the unit itself when it has none), and the breadcrumb
    from the viewer's top unit down to the chosen one."""

    paths: list[str]
    unit: Unit | None
    rows: list[Unit]
    breadcrumb: list[Unit]

    def station_condition(self, *, field: str = "supply_station__path") -> Q:
        """Rows whose supply station lies under the chosen unit (or the viewer's units)."""
        if self.unit is not None:
            return Q(**{f"{field}__startswith": self.unit.path})
        return access.subtree_condition(self.paths, field=field)

    def units(self) -> list[Unit]:
        """The units whose subtrees the request covers: the chosen unit, or the viewer's top units."""
        return [self.unit] if self.unit is not None else list(self.rows)

    def unit_ids(self) -> list[int]:
        return [unit.pk for unit in self.units()]

    @property
    def rows_share_a_depth(self) -> bool:
        return len({row.depth for row in self.rows}) == 1


def _top_units(paths: list[str]) -> list[Unit]:
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def dashboard_scope_for(*, user: User, unit_id: int | None) -> DashboardScope:
    """The scope of one request. A unit outside the viewer's units raises AccessDenied (→ 404)."""
    paths = dashboard_paths_for(user)
    if not paths:
        raise AccessDenied(
            _("The dashboard is for unit heads, marketing managers, auditors and administrators.")
        )
    visible = Unit.objects.filter(access.subtree_condition(paths))
    if unit_id is None:
        tops = _top_units(paths)
        if len(tops) != 1:
            return DashboardScope(paths=paths, unit=None, rows=tops, breadcrumb=[])
        unit = tops[0]
    else:
        found = visible.filter(pk=unit_id).first()
        if found is None:
            raise AccessDenied(_("This unit does not exist or is outside your units."))
        unit = found
    children = list(visible.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path"))
    breadcrumb = [
        ancestor for ancestor in unit_ancestry(unit) if any(ancestor.path.startswith(p) for p in paths)
    ]
    return DashboardScope(paths=paths, unit=unit, rows=children or [unit], breadcrumb=breadcrumb)
