"""Read-only queries over work items, shared by the interfaces (the workbench and the API).

Scoping follows yekuo.workflow.permissions: a role held at a unit covers the items of every unit below it
(conventions §6), so a worker's list holds exactly what work_item_claim would accept, plus their own items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, Q, QuerySet

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.models import Application
from yekuo.org.access import subtree_condition
from yekuo.org.models import Staff, Unit
from yekuo.workflow.models import ACTIVE_WORK_ITEM_STATUSES, WorkItem
from yekuo.workflow.permissions import roles_of


def workable_condition(role_paths: Iterable[tuple[str, str]]) -> Q:
    """Items whose candidate role the worker holds at a unit on the path down to the item's unit."""
    paths_by_role: dict[str, list[str]] = defaultdict(list)
    for role, path in role_paths:
        paths_by_role[role].append(path)
    # The units below every role, read once, then given to each role as plain ids: each branch of the OR
    # then stays on the work item table, where the partial index (role, unit, due) answers it. A join to
    # the unit table made the database read every active item for each page.
    all_paths = [path for paths in paths_by_role.values() for path in paths]
    units = list(Unit.objects.filter(subtree_condition(all_paths)).values_list("pk", "path"))
    condition = Q(pk__in=[])
    for role, paths in paths_by_role.items():
        prefixes = tuple(paths)
        unit_ids = [pk for pk, path in units if path.startswith(prefixes)]
        if unit_ids:
            condition |= Q(candidate_role=role, candidate_unit_id__in=unit_ids)
    return condition


def active_work_items() -> QuerySet[WorkItem]:
    """Open, claimed and suspended items with what a work list shows, the most urgent first."""
    return (
        WorkItem.objects.filter(status__in=ACTIVE_WORK_ITEM_STATUSES)
        .select_related("application__customer", "assignee__account", "clock", "candidate_unit")
        .order_by(F("due_at").asc(nulls_last=True), "opened_at", "pk")
    )


def work_items_for_worker(user: User) -> QuerySet[WorkItem]:
    """A staff member's open, claimed and suspended items: what their roles let them claim and what is
    assigned to them, the most urgent first. Customers and deactivated accounts get none."""
    if not user.is_active or user.kind != AccountKind.STAFF:
        return WorkItem.objects.none()
    # The viewer's staff id as a value, so both branches of the OR can use an index (a BitmapOr).
    own = Staff.objects.filter(account=user).values_list("pk", flat=True).first()
    return active_work_items().filter(workable_condition(roles_of(user)) | Q(assignee_id=own))


def work_items_of_application(application: Application) -> QuerySet[WorkItem]:
    """Every work item of an application the caller already may see, in the order they opened."""
    return WorkItem.objects.filter(application=application).order_by("opened_at", "pk")
