"""Who may act on a work item: a role at a unit covers its subtree (org.access), so a county surveyor
works the county's stations' items. Transitions are forbidden unless a rule here allows them.

`roles` is the actor's (role, unit path) pairs, read once per transition (Transition.actor_roles)."""

from __future__ import annotations

from collections.abc import Iterable

from yekuo.accounts.models import AccountKind, User
from yekuo.org.access import headed_paths_for_user, minimal_prefixes, role_assignments
from yekuo.org.roles import Role
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, WorkItem
from yekuo.workflow.stages import StageOwner

RolePaths = Iterable[tuple[str, str]]


def holds_roles(user: User) -> bool:
    return user.is_active and user.kind == AccountKind.STAFF


def roles_of(user: User) -> list[tuple[str, str]]:
    """Outside a transition (pages, lists); a transition reads them with its lock (Transition)."""
    if not holds_roles(user):
        return []
    return list(role_assignments(user))


def covers(roles: RolePaths, role: str, unit_path: str) -> bool:
    return any(held == role and unit_path.startswith(path) for held, path in roles)


def may_manage(user: User, work_item: WorkItem, roles: RolePaths | None = None) -> bool:
    """Assign, reassign, approve clock stops, handle escalations: a unit head over the item's unit."""
    if not user.is_active or user.kind != AccountKind.STAFF:
        return False
    return covers(roles_of(user) if roles is None else roles, Role.UNIT_HEAD, work_item.candidate_unit.path)


def may_work(user: User, work_item: WorkItem, roles: RolePaths | None = None) -> bool:
    """Claim or complete: the candidate role over the item's unit (and, once assigned, only the assignee
    or a unit head over the unit). The customer completes their own customer-owned stages."""
    if not user.is_active:
        return False
    if user.kind == AccountKind.CUSTOMER:
        return work_item.owner == StageOwner.CUSTOMER and work_item.application.customer.account_id == user.pk
    held = list(roles_of(user) if roles is None else roles)
    if may_manage(user, work_item, held):
        return True
    if not covers(held, work_item.candidate_role, work_item.candidate_unit.path):
        return False
    assignee = work_item.assignee
    return assignee is None or assignee.account_id == user.pk


def escalation_handler_paths(user: User, roles: RolePaths | None = None) -> list[str]:
    """The subtrees whose escalations (督办) the user handles: the units they are named responsible head
    (负责人) of, since the sweep escalates to that head (workflow.recipients), and those where they hold the
    unit-head role. The one rule for the escalation list, the page, the API and escalation_handle."""
    if not user.is_active or user.kind != AccountKind.STAFF:
        return []
    held = roles_of(user) if roles is None else roles
    unit_head_paths = [path for role, path in held if role == Role.UNIT_HEAD]
    return minimal_prefixes([*headed_paths_for_user(user), *unit_head_paths])


def may_handle_escalation(user: User, work_item: WorkItem, roles: RolePaths | None = None) -> bool:
    """Record how an escalation (督办) was handled: the item lies under escalation_handler_paths. A named
    head needs no role there: the escalation is addressed to them."""
    path = work_item.candidate_unit.path
    return any(path.startswith(handled) for handled in escalation_handler_paths(user, roles))


def may_end_customer_wait(user: User, work_item: WorkItem) -> bool:
    """The customer resumes their own item whose clock stopped for their documents, once supplied."""
    return (
        user.is_active
        and user.kind == AccountKind.CUSTOMER
        and work_item.application.customer.account_id == user.pk
        and ClockStop.objects.filter(
            work_item=work_item,
            status=ClockStopStatus.ACTIVE,
            reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        ).exists()
    )


def may_be_assigned(staff_account: User, work_item: WorkItem) -> bool:
    return staff_account.is_active and covers(
        roles_of(staff_account), work_item.candidate_role, work_item.candidate_unit.path
    )
