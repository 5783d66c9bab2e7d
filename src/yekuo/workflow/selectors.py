"""Read-only queries over work items, shared by the interfaces (the workbench and the API).

Scoping follows yekuo.workflow.permissions: a role held at a unit covers the items of every unit below it
(conventions §6), so a worker's list holds exactly what work_item_claim would accept, plus their own items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.access import application_get_for_user, applications_visible_to
from yekuo.applications.models import Application
from yekuo.core.errors import AccessDenied
from yekuo.core.prepared import PreparedQuery
from yekuo.org.access import scope_paths_for_user, subtree_condition
from yekuo.org.models import Staff, Unit
from yekuo.org.roles import Role
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ClockStop,
    ClockStopEvidence,
    ClockStopStatus,
    EscalationHandling,
    WorkItem,
)
from yekuo.workflow.permissions import escalation_handler_paths, roles_of


def workable_condition(role_paths: Iterable[tuple[str, str]]) -> Q:
    """Items whose candidate role the worker holds at a unit on the path down to the item's unit."""
    paths_by_role: dict[str, list[str]] = defaultdict(list)
    for role, path in role_paths:
        paths_by_role[role].append(path)
    # The units below every role, read once, then given to each role as plain ids: each branch of the OR
    # then stays on the work item table, where the partial index (role, unit, due) answers it. A join to
    # the unit table made the database read every active item for each page.
    all_paths = [path for paths in paths_by_role.values() for path in paths]
    units = (
        list(Unit.objects.filter(subtree_condition(all_paths)).values_list("pk", "path")) if all_paths else []
    )
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
        .select_related("application__customer", "clock")  # not the unit: the pages' rows do not show it
        # Fetched for the page's rows only: joined, the assignee's account made PostgreSQL merge the page
        # with the whole user table (customers included) whenever its statistics of the staff were stale.
        .prefetch_related("assignee__account")
        .order_by(F("due_at").asc(nulls_last=True), "opened_at", "pk")
    )


# My work reads it on every page: compiled once (core.prepared). One staff record per account at most.
OWN_STAFF_ID = PreparedQuery(
    lambda account_id: Staff.objects.filter(account_id=account_id).values_list("pk"), int
)


def work_items_for_worker(user: User) -> QuerySet[WorkItem]:
    """A staff member's open, claimed and suspended items: what their roles let them claim and what is
    assigned to them, the most urgent first. Customers and deactivated accounts get none."""
    if not user.is_active or user.kind != AccountKind.STAFF:
        return WorkItem.objects.none()
    # The viewer's staff id as a value, so both branches of the OR can use an index (a BitmapOr).
    own = next((pk for (pk,) in OWN_STAFF_ID.rows(user.pk)), None)
    condition = workable_condition(roles_of(user))
    if own is not None:  # an account without a staff record has nothing assigned (not "assigned to nobody")
        condition |= Q(assignee_id=own)
    return active_work_items().filter(condition)


def work_items_of_application(application: Application) -> QuerySet[WorkItem]:
    """Every work item of an application the caller already may see, in the order they opened."""
    return WorkItem.objects.filter(application=application).order_by("opened_at", "pk")


def work_item_get_for_user(*, user: User, work_item_id: int) -> WorkItem:
    """One work item of an application the user may see (applications.access); AccessDenied otherwise,
    with the same answer whether it is missing or not the user's to see."""
    application_id = WorkItem.objects.filter(pk=work_item_id).values_list("application_id", flat=True).first()
    if application_id is None:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    try:
        application = application_get_for_user(user=user, application_id=application_id)
    except AccessDenied:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found") from None
    return (
        WorkItem.objects.select_related(
            "application__customer", "candidate_unit", "clock", "stage_definition"
        )
        .prefetch_related("assignee__account")  # not joined: see active_work_items
        .get(pk=work_item_id, application=application)
    )


def clock_stop_get_for_user(*, user: User, clock_stop_id: int) -> ClockStop:
    """One clock stop of an application the user may see; AccessDenied otherwise."""
    stop = ClockStop.objects.filter(pk=clock_stop_id).select_related("work_item__candidate_unit").first()
    if stop is None or not applications_visible_to(user).filter(pk=stop.application_id).exists():
        raise AccessDenied(_("This clock stop does not exist."), code="clock_stop_not_found")
    return stop


def clock_stop_evidence_get_for_user(*, user: User, evidence_id: int) -> ClockStopEvidence:
    """An evidence file of a clock stop on an application the member of staff may see. Evidence is
    staff-internal (the customer sees the stop, its reason and explanation, not the files), so a customer,
    like staff of another unit, gets AccessDenied (404)."""
    evidence = ClockStopEvidence.objects.filter(pk=evidence_id).select_related("clock_stop").first()
    if (
        evidence is None
        or user.kind != AccountKind.STAFF
        or not applications_visible_to(user).filter(pk=evidence.clock_stop.application_id).exists()
    ):
        raise AccessDenied(_("This evidence file does not exist."), code="evidence_not_found")
    return evidence


def headed_unit_paths(user: User) -> list[str]:
    """Units the user answers for: as their responsible head (负责人), or holding the unit-head role. The
    same subtrees whose escalations they handle (permissions.escalation_handler_paths)."""
    return escalation_handler_paths(user)


def escalations_awaiting(*, paths: Iterable[str]) -> QuerySet[WorkItem]:
    """Active work items under `paths` whose latest escalation (督办) nobody has handled yet, the longest
    waiting first. Closed items leave the list: there is nothing left to urge."""
    handled = EscalationHandling.objects.filter(
        work_item=OuterRef("pk"), escalated_at=OuterRef("escalated_at")
    )
    return (
        WorkItem.objects.filter(status__in=ACTIVE_WORK_ITEM_STATUSES, escalated_at__isnull=False)
        .filter(subtree_condition(paths, field="candidate_unit__path"))
        .exclude(Exists(handled))
        .select_related("application__customer", "clock", "candidate_unit")
        .prefetch_related("assignee__account")  # not joined: see active_work_items
        .order_by("escalated_at", "pk")
    )


def escalation_handlings_of(work_item: WorkItem) -> QuerySet[EscalationHandling]:
    """How each escalation of an item the caller already may see was handled, oldest first."""
    return (
        EscalationHandling.objects.filter(work_item=work_item)
        .select_related("handled_by")
        .order_by("handled_at", "pk")
    )


def clock_stops_awaiting(*, paths: Iterable[str]) -> QuerySet[ClockStop]:
    """Every requested clock stop of an item under `paths`, the oldest request first."""
    return (
        ClockStop.objects.filter(status=ClockStopStatus.REQUESTED)
        .filter(subtree_condition(paths, field="work_item__candidate_unit__path"))
        .select_related("application", "work_item", "requested_by")
        .prefetch_related("evidence_files")
        .order_by("requested_at", "pk")
    )


def approver_paths(user: User) -> list[str]:
    """The subtrees where the user holds the unit-head role, and so approves clock stops and assigns."""
    return scope_paths_for_user(user, roles=[Role.UNIT_HEAD])
