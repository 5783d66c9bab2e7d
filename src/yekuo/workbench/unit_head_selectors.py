"""What a unit head decides on the workbench: the clock stops awaiting their approval, and whom they may
assign a work item to. Both follow yekuo.workflow.permissions.may_manage: the unit-head role held at a unit
covers every unit below it (conventions §6)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from yekuo.accounts.models import User
from yekuo.org import access
from yekuo.org.models import Staff, Unit
from yekuo.org.roles import Role
from yekuo.workflow.models import ClockStop, ClockStopStatus, WorkItem


def approver_paths(viewer: User) -> list[str]:
    """The subtrees where the viewer holds the unit-head role, and so approves clock stops and assigns."""
    return access.scope_paths_for_user(viewer, roles=[Role.UNIT_HEAD])


def clock_stops_awaiting(*, paths: Iterable[str]) -> QuerySet[ClockStop]:
    """Every requested clock stop of an item under `paths`, the oldest request first."""
    return (
        ClockStop.objects.filter(status=ClockStopStatus.REQUESTED)
        .filter(access.subtree_condition(paths, field="work_item__candidate_unit__path"))
        .select_related("application", "work_item", "requested_by")
        .order_by("requested_at", "pk")
    )


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
