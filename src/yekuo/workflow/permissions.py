"""Who may act on a work item: a role at a unit covers its subtree (org.access), so a county surveyor
works the county's stations' items. Transitions are forbidden unless a rule here allows them."""

from __future__ import annotations

from yekuo.accounts.models import AccountKind, User
from yekuo.org.access import scope_paths_for_user
from yekuo.org.roles import Role
from yekuo.workflow.models import WorkItem
from yekuo.workflow.stages import StageOwner


def _covers(user: User, role: str, unit_path: str) -> bool:
    return any(unit_path.startswith(prefix) for prefix in scope_paths_for_user(user, roles=[role]))


def may_work(user: User, work_item: WorkItem) -> bool:
    """Claim or complete: the candidate role over the item's unit (and, once assigned, only the assignee
    or a unit head over the unit). The customer completes their own customer-owned stages."""
    if not user.is_active:
        return False
    if user.kind == AccountKind.CUSTOMER:
        return work_item.owner == StageOwner.CUSTOMER and work_item.application.customer.account_id == user.pk
    unit_path = work_item.candidate_unit.path
    if may_manage(user, work_item):
        return True
    if not _covers(user, work_item.candidate_role, unit_path):
        return False
    assignee = work_item.assignee
    return assignee is None or assignee.account_id == user.pk


def may_manage(user: User, work_item: WorkItem) -> bool:
    """Assign, reassign, approve clock stops, handle escalations: a unit head over the item's unit."""
    return (
        user.is_active
        and user.kind == AccountKind.STAFF
        and _covers(user, Role.UNIT_HEAD, work_item.candidate_unit.path)
    )


def may_be_assigned(staff_account: User, work_item: WorkItem) -> bool:
    return staff_account.is_active and _covers(
        staff_account, work_item.candidate_role, work_item.candidate_unit.path
    )
