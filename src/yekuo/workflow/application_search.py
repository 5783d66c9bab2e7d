"""Search over the applications a user may see: one read shared by the workbench page and the API.

The query text is read by its shape, so each kind of text hits one index instead of an OR over joins:

- an 11-digit mobile number (1xxxxxxxxxx) matches the customer's mobile number exactly;
- an 18-character resident identity number, or 15 digits, matches a person's identity number exactly, and
  an 18-character unified social credit code an enterprise's; pages show identities masked only;
- digits and hyphens (`320115-20261128-00042`, `320115-2026`) match the application number as a prefix
  (an exact number is its own prefix);
- any other text matches the start of the customer's name, and from three characters on also any part of
  the premises address. Chinese names are mostly two or three characters and a surname alone is one; the
  address's trigram index needs three characters, and below that every application would be read (a
  two-character name took 300-600 ms at a million applications with the address ORed in, a few ms alone).

The filters are ANDed; "stage", "deadline" and "due" look at the application's active work items (open,
claimed or clock-stopped), "clock_stop_reason" at its approved clock stops (active or ended).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.access import applications_visible_to
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.access import units_overseen_by
from yekuo.org.models import Unit
from yekuo.workflow.models import ACTIVE_WORK_ITEM_STATUSES, ClockStop, ClockStopStatus, WorkItem

MOBILE_NUMBER = re.compile(r"1\d{10}")
IDENTITY_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
APPLICATION_NUMBER_PREFIX = re.compile(r"[\d-]+")
# Name matches beyond this many customers fall back to a subquery; below it the ids go into the query so
# PostgreSQL can combine the customer index with the address index (a BitmapOr) instead of scanning.
NAME_MATCH_INLINE_LIMIT = 5000
ADDRESS_MATCH_MINIMUM_LENGTH = 3
APPROVED_CLOCK_STOP_STATUSES = (ClockStopStatus.ACTIVE, ClockStopStatus.ENDED)
NARROW_SCOPE_UNITS = 100  # a county company with its stations is about a dozen units, a city a hundred
RUNNING_APPLICATION_STATUSES = (ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED)
# What a result shows, on the search page and in the API's list, and nothing else: wide rows cost CPU to
# load and to build into models (search pages 4-8 % less CPU, docs/benchmarks.md).
RESULT_FIELDS = (
    "number",
    "status",
    "category",
    "business_type",
    "created_at",
    "submitted_at",
    "customer",
    "supply_station__name",
)
RESULT_CUSTOMER_FIELDS = ("name", "party_kind", "identity_number", "credit_code")
RESULT_ITEM_FIELDS = (
    "application",
    "stage",
    "status",
    "deadline_state",
    "due_at",
    "opened_at",
    "clock__deadline_pending",
)


class DeadlineMark:
    WARNING = "warning"
    OVERDUE = "overdue"


class DueWithin:
    """`today`: due before the end of today. `week`: due before the end of this calendar week (Sunday),
    both counted from the start of today, in the server's time zone; items already overdue are excluded."""

    TODAY = "today"
    WEEK = "week"


@dataclass(frozen=True)
class ApplicationSearch:
    """Validated search terms; empty means "any". `unit` has already passed overseen_unit_get_for_user."""

    text: str = ""
    unit: Unit | None = None
    category: str = ""
    business_type: str = ""
    stage: str = ""
    status: str = ""
    deadline: str = ""
    due: str = ""
    received_from: date | None = None
    received_to: date | None = None
    completed_from: date | None = None
    completed_to: date | None = None
    clock_stop_reason: str = ""


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_range(field: str, start: date | None, end: date | None) -> Q:
    """Whole local days, both ends included."""
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": _start_of(start)})
    if end is not None:
        condition &= Q(**{f"{field}__lt": _start_of(end + timedelta(days=1))})
    return condition


def text_condition(text: str) -> Q:
    """The condition for the query text, chosen by its shape (see the module's docstring)."""
    text = text.strip()
    if not text:
        return Q()
    if MOBILE_NUMBER.fullmatch(text):
        return Q(customer__mobile_number=text)
    if IDENTITY_NUMBER.fullmatch(text):
        return Q(customer__party_kind=PartyKind.PERSON, customer__identity_number=text.upper())
    if CREDIT_CODE.fullmatch(text.upper()) and not text.isdigit():
        return Q(customer__party_kind=PartyKind.ENTERPRISE, customer__credit_code=text.upper())
    if APPLICATION_NUMBER_PREFIX.fullmatch(text):
        return Q(number__startswith=text)
    # Unordered: either all of them go into the query or none, and the name index then answers alone.
    named = Customer.objects.filter(name__startswith=text).order_by().values_list("pk", flat=True)
    customer_ids = list(named[: NAME_MATCH_INLINE_LIMIT + 1])
    by_name = (
        Q(customer_id__any_of=customer_ids)  # one array parameter on PostgreSQL (core.lookups)
        if len(customer_ids) <= NAME_MATCH_INLINE_LIMIT
        else Q(customer_id__in=named)
    )
    by_address = (
        Q(premises_address__contains=text) if len(text) >= ADDRESS_MATCH_MINIMUM_LENGTH else Q(pk__in=[])
    )
    return by_name | by_address


def _active_items(**conditions: object) -> Exists:
    return Exists(
        WorkItem.objects.filter(
            application_id=OuterRef("pk"), status__in=ACTIVE_WORK_ITEM_STATUSES, **conditions
        )
    )


def _due_condition(due: str) -> Q:
    now = clock.now()
    today = timezone.localdate(now)
    last_day = today if due == DueWithin.TODAY else today + timedelta(days=6 - today.weekday())
    # Due times are stored as the midnight that ends the last allowed day, so that midnight still counts.
    return Q(due_at__gt=now, due_at__lte=_start_of(last_day + timedelta(days=1)))


def search_condition(search: ApplicationSearch) -> Q:
    condition = text_condition(search.text)
    if search.unit is not None:
        condition &= Q(supply_station__path__startswith=search.unit.path)
    if search.category:
        condition &= Q(category=search.category)
    if search.business_type:
        condition &= Q(business_type=search.business_type)
    if search.status:
        condition &= Q(status=search.status)
    condition &= _day_range("submitted_at", search.received_from, search.received_to)
    if search.completed_from or search.completed_to:
        condition &= Q(status=ApplicationStatus.COMPLETED) & _day_range(
            "closed_at", search.completed_from, search.completed_to
        )
    if search.stage or search.deadline or search.due:
        # Only a running application has active work items; saying so lets the database narrow by the
        # station-and-status index before it probes the items.
        condition &= Q(status__in=RUNNING_APPLICATION_STATUSES)
    item_conditions: dict[str, object] = {}
    if search.stage:
        item_conditions["stage"] = search.stage
    if search.deadline:
        item_conditions["deadline_state"] = search.deadline
    if item_conditions:
        condition &= Q(_active_items(**item_conditions))
    if search.due:
        # A separate item may be the one due: "at this stage" and "due today" need not be the same item.
        condition &= Q(
            Exists(
                WorkItem.objects.filter(
                    _due_condition(search.due),
                    application_id=OuterRef("pk"),
                    status__in=ACTIVE_WORK_ITEM_STATUSES,
                )
            )
        )
    if search.clock_stop_reason:
        condition &= Q(
            Exists(
                ClockStop.objects.filter(
                    application_id=OuterRef("pk"),
                    reason=search.clock_stop_reason,
                    status__in=APPROVED_CLOCK_STOP_STATUSES,
                )
            )
        )
    return condition


def search_order(search: ApplicationSearch) -> list[OrderBy]:
    """The most recently received first, drafts (never received) last; within a completion period the
    most recently completed first. Each order has its index, which also serves that date's range: ordering
    by one date while filtering on another made PostgreSQL walk most of the table for an old period."""
    if search.completed_from or search.completed_to:
        return [F("closed_at").desc(), F("pk").desc()]
    return [F("submitted_at").desc(nulls_last=True), F("pk").desc()]


def _narrow_units(viewer: User, unit: Unit | None) -> Q:
    """The units of a county-sized scope as plain ids. Redundant with the access scope (which stays), but
    the database then estimates the share right and starts from the station index instead of walking the
    whole received order (a street name in one county: 117 ms → a few ms). Wide scopes add nothing."""
    if viewer.kind != AccountKind.STAFF:
        return Q()
    units = units_overseen_by(viewer)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    ids = list(units.values_list("pk", flat=True)[: NARROW_SCOPE_UNITS + 1])
    return Q(supply_station_id__in=ids) if len(ids) <= NARROW_SCOPE_UNITS else Q()


def applications_search(*, viewer: User, search: ApplicationSearch) -> QuerySet[Application]:
    """The applications the viewer may see that match, in search_order, with what a result row shows.
    The customers are read for the page's rows only, after the limit: joined, PostgreSQL read the customer
    of every match before sorting (a county's number prefix: 9,700 lookups, 20 of its 30 ms)."""
    return (
        applications_visible_to(viewer)
        .filter(_narrow_units(viewer, search.unit), search_condition(search))
        .select_related("supply_station")
        .prefetch_related(Prefetch("customer", Customer.objects.only(*RESULT_CUSTOMER_FIELDS)))
        .only(*RESULT_FIELDS)
        .order_by(*search_order(search))
    )


def active_items_of(application_ids: list[int]) -> dict[int, list[WorkItem]]:
    """The active work items of a page of applications, in one query, in the order they opened."""
    items: dict[int, list[WorkItem]] = {application_id: [] for application_id in application_ids}
    for item in (
        WorkItem.objects.filter(application_id__in=application_ids, status__in=ACTIVE_WORK_ITEM_STATUSES)
        .select_related("clock")
        .only(*RESULT_ITEM_FIELDS)
        .order_by("opened_at", "pk")
    ):
        items[item.application_id].append(item)
    return items
