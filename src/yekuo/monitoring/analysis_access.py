"""Who may analyse which log. The live log: the dashboard's roles over their units (a unit outside them is
AccessDenied, answered 404). Imported logs come from other systems and carry no units, so they are for
administrators and auditors only, who also import them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.analytics.selectors import LogSelection
from yekuo.core.errors import AccessDenied
from yekuo.monitoring.analysis_filters import AnalysisFilters
from yekuo.monitoring.scope import DashboardScope, dashboard_scope_for
from yekuo.org import access
from yekuo.org.roles import Role

IMPORTED_LOG_ROLES = (Role.ADMINISTRATOR, Role.AUDITOR)


def may_use_imported_logs(user: User) -> bool:
    return bool(access.scope_paths_for_user(user, roles=IMPORTED_LOG_ROLES))


def analysis_selection_for(*, user: User, filters: AnalysisFilters) -> tuple[LogSelection, DashboardScope]:
    """The selection the user asked for, cut to what they may see; AccessDenied otherwise."""
    scope = dashboard_scope_for(user=user, unit_id=filters.unit_id if filters.is_live else None)
    if not filters.is_live:
        if not may_use_imported_logs(user):
            raise AccessDenied(_("This log does not exist or is not yours to analyse."))
        return LogSelection(
            name=filters.log, period_start=filters.period_start_at, period_end=filters.period_end_at
        ), scope
    unit_paths = (scope.unit.path,) if scope.unit is not None else tuple(scope.paths)
    selection = LogSelection(
        unit_paths=unit_paths,
        category=filters.category or None,
        business_type=filters.business_type or None,
        period_start=filters.period_start_at,
        period_end=filters.period_end_at,
    )
    return selection, scope
