"""Who may see which units and staff (conventions §6). Staff see their roles' subtrees; customers see none.

Every page, API handler and admin list that shows a unit or a staff member goes through these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.core.errors import AccessDenied
from yekuo.core.prepared import PreparedQuery
from yekuo.org.models import RoleAssignment, Staff, Unit

AnyUser = User | AnonymousUser


def minimal_prefixes(paths: Iterable[str]) -> list[str]:
    """Drop every path that lies inside another one: [A, AB, C] → [A, C]."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def subtree_condition(paths: Iterable[str], *, field: str = "path") -> Q:
    """A filter matching every row whose unit path lies in one of the given subtrees; empty: nothing."""
    condition = Q(pk__in=[])
    for path in minimal_prefixes(paths):
        condition |= Q(**{f"{field}__startswith": path})
    return condition


# A request asks who holds which role, and which units they head, several times (its own access check,
# the navigation, the badges, the search's scope); within one request each answer is read once. Outside a
# request nothing is remembered.
_memo: ContextVar[dict[tuple[str, int], list[Any]] | None] = ContextVar(
    "yekuo_role_assignments", default=None
)


@contextmanager
def role_assignments_remembered() -> Iterator[None]:
    """Read each user's role assignments and headships once inside the block (one request:
    web.middleware)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_role_assignments(**kwargs: Any) -> None:
    """A role was granted or revoked, a head named or a member of staff moved: what the block remembered
    is read again (a signal receiver)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _remembered(kind: str, user: User, read: Callable[[], list[Any]]) -> list[Any]:
    memo = _memo.get()
    key = (kind, user.pk)
    if memo is not None and key in memo:
        return memo[key]
    answer = read()
    if memo is not None:
        memo[key] = answer
    return answer


# Every request reads these: compiled once (core.prepared), not by the ORM each time (about 0.4 ms of
# Python a query on a slow host, docs/benchmarks.md).
ROLE_PATHS = PreparedQuery(
    lambda account_id: RoleAssignment.objects.filter(staff__account_id=account_id).values_list(
        "role", "unit__path"
    ),
    int,
)
HEADED_PATHS = PreparedQuery(
    lambda account_id: Unit.objects.filter(
        responsible_head__account_id=account_id,
        # A head belongs to the unit's subtree (Unit.clean, Staff.clean); should the data ever say
        # otherwise, the headship gives nothing.
        responsible_head__home_unit__path__startswith=F("path"),
    ).values_list("path"),
    int,
)


def role_assignments(user: User) -> list[tuple[str, str]]:
    """The user's (role, unit path) pairs; read once per request inside role_assignments_remembered."""
    return _remembered("roles", user, lambda: [(role, path) for role, path in ROLE_PATHS.rows(user.pk)])


def scope_paths_for_user(user: AnyUser, *, roles: Iterable[str] | None = None) -> list[str]:
    """The unit paths at which this user holds a role (or one of `roles`); a role covers the subtree."""
    if not user.is_authenticated or not isinstance(user, User) or user.kind != AccountKind.STAFF:
        return []
    if not user.is_active:
        return []
    wanted = None if roles is None else set(roles)
    return minimal_prefixes(path for role, path in role_assignments(user) if wanted is None or role in wanted)


def headed_paths_for_user(user: AnyUser) -> list[str]:
    """The paths of the units the user is the named responsible head (负责人) of, role or no role."""
    if not user.is_authenticated or not isinstance(user, User) or user.kind != AccountKind.STAFF:
        return []
    if not user.is_active:
        return []
    return _remembered("headed", user, lambda: [path for (path,) in HEADED_PATHS.rows(user.pk)])


def oversight_paths_for_user(user: AnyUser) -> list[str]:
    """Where the user's view of the work reaches: their roles' subtrees and the units they answer for as
    responsible head. A named head is alerted to their unit's overdue work (督办) and watches its
    dashboard, so they read its applications too; acting on them still takes the stage's role."""
    return minimal_prefixes([*scope_paths_for_user(user), *headed_paths_for_user(user)])


def units_overseen_by(user: AnyUser) -> QuerySet[Unit]:
    """The units whose applications the user reads (oversight_paths_for_user), for choosing among them."""
    return Unit.objects.filter(subtree_condition(oversight_paths_for_user(user)))


def _unit_among(units: QuerySet[Unit], unit_id: int) -> Unit:
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise AccessDenied(_("This unit does not exist or is outside your units."))
    return unit


def overseen_unit_get_for_user(*, user: AnyUser, unit_id: int) -> Unit:
    return _unit_among(units_overseen_by(user), unit_id)


def units_visible_to(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_condition(scope_paths_for_user(user)))


def unit_get_for_user(*, user: AnyUser, unit_id: int) -> Unit:
    return _unit_among(units_visible_to(user), unit_id)


def staff_visible_to(user: AnyUser) -> QuerySet[Staff]:
    """Staff of the user's units; a staff member always sees their own record."""
    paths = scope_paths_for_user(user)
    condition = subtree_condition(paths, field="home_unit__path")
    # A deactivated account sees nothing at all, not even its own record.
    if user.is_authenticated and user.is_active:
        condition |= Q(account_id=user.pk)
    return Staff.objects.filter(condition).select_related("account", "home_unit")


def staff_get_for_user(*, user: AnyUser, staff_id: int) -> Staff:
    staff = staff_visible_to(user).filter(pk=staff_id).first()
    if staff is None:
        raise AccessDenied(_("This staff member does not exist or is outside your units."))
    return staff
