"""What an interface calls: selections scoped to the user, and the analyses over them.

Every analysis takes a `LogSelection`; pages build it here so that staff see only their units'
applications (conventions §6). A unit outside the user's units raises AccessDenied (answered with 404).
"""

from __future__ import annotations

from datetime import datetime

from yekuo.analytics.conformance import ApplicationConformance, conformance
from yekuo.analytics.discovery import (
    DirectlyFollowsGraph,
    ProcessDiscovery,
    Variant,
    directly_follows_graph,
    process_discovery,
    variants,
)
from yekuo.analytics.durations import StageDurationDistribution, stage_durations
from yekuo.analytics.logs import ImportedLog, imported_logs
from yekuo.analytics.rework import Rework, rework
from yekuo.analytics.selection import LIVE_LOG, LogSelection
from yekuo.analytics.signals import OffSystemSignals, SignalThresholds, off_system_signals
from yekuo.org.access import AnyUser, scope_paths_for_user, unit_get_for_user

__all__ = [
    "LIVE_LOG",
    "ApplicationConformance",
    "DirectlyFollowsGraph",
    "ImportedLog",
    "LogSelection",
    "OffSystemSignals",
    "ProcessDiscovery",
    "Rework",
    "SignalThresholds",
    "StageDurationDistribution",
    "Variant",
    "conformance",
    "directly_follows_graph",
    "imported_logs",
    "live_selection_for_user",
    "off_system_signals",
    "process_discovery",
    "rework",
    "stage_durations",
    "variants",
]


def live_selection_for_user(
    *,
    user: AnyUser,
    unit_id: int | None = None,
    category: str | None = None,
    business_type: str | None = None,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
) -> LogSelection:
    """The live log as far as the user may see it: their units' subtrees, or one unit inside them."""
    if unit_id is not None:
        unit_paths: tuple[str, ...] = (unit_get_for_user(user=user, unit_id=unit_id).path,)
    else:
        unit_paths = tuple(scope_paths_for_user(user))
    return LogSelection(
        name=LIVE_LOG,
        unit_paths=unit_paths,
        category=category or None,
        business_type=business_type or None,
        period_start=period_start,
        period_end=period_end,
    )
