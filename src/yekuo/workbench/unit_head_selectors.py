"""What a unit head decides on the workbench: the clock stops awaiting their approval, and whom they may
assign a work item to. Both follow yekuo.workflow.permissions.may_manage: the unit-head role held at a unit
covers every unit below it (conventions §6)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from yekuo.org import access
from yekuo.org.models import Staff, Unit
from yekuo.workflow.models import WorkItem
from yekuo.workflow.selectors import approver_paths, clock_stops_awaiting

__all__ = ["ancestor_paths", "approver_paths", "assignable_staff", "clock_stops_awaiting"]


def ancestor_paths(path: str) -> list[str]:
    """The paths of the unit and of every unit above it."""
    return [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def assignable_staff(*, item: WorkItem, paths: Iterable[str]) -> QuerySet[Staff]:
    """Active staff holding the item's candidate role at its unit or above, within the head's `paths`:
    the staff work_item_assign accepts (permissions.may_be_assigned) that the head can see."""
    return (
        Staff.objects.filter(
            # One filter() call, so the three conditions hold for the same role assignment.
            Q(account__is_active=True)
            & Q(role_assignments__role=item.candidate_role)
            & Q(role_assignments__unit__path__in=ancestor_paths(item.candidate_unit.path))
            & access.subtree_condition(paths, field="role_assignments__unit__path")
        )
        .select_related("account")
        .distinct()
        .order_by("account__display_name", "pk")
    )
