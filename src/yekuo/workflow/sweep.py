"""The deadline sweep (conventions §3: deadlines are rows, swept periodically through an index).

Each run: compute due dates left pending for a missing calendar year; mark newly overdue work items and
escalate them to the responsible head (督办); mark newly warned ones; once a day expire lapsed supply
schemes and alert administrators to a missing calendar year. Every change records its event and writes
its notifications in one transaction, and every step is guarded by the state it changes, so a second
run at the same moment changes and sends nothing.

Lock order is the engine's: the applications first (skipping ones a transition holds; the next run takes
them), then their work items, then the event chains in a fixed order. Overdue runs before warning, so an
item found past both thresholds at once (the worker was down) is reported overdue once, not twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.events.services import EventDraft, record_events
from yekuo.notifications.services import notify
from yekuo.workflow.deadlines import local_date
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import RUNNING_WORK_ITEM_STATUSES, DeadlineState, WorkItem
from yekuo.workflow.recipients import Recipients
from yekuo.workflow.stages import Stage
from yekuo.workflow.sweep_tasks import (
    alert_missing_calendar_year,
    compute_pending_deadlines,
    expire_lapsed_schemes,
)

logger = logging.getLogger("yekuo.workflow.sweep")


@dataclass
class SweepReport:
    deadlines_computed: int = 0
    overdue: int = 0
    escalated: int = 0
    warned: int = 0
    notifications: int = 0
    expired: int = 0
    calendar_alerts: int = 0

    def summary(self) -> str:
        return " ".join(f"{field.name}={getattr(self, field.name)}" for field in fields(self))

    @property
    def changed_anything(self) -> bool:
        return any(getattr(self, field.name) for field in fields(self))


@dataclass(frozen=True)
class _Threshold:
    """One crossing: items in `from_states` whose `field` has passed move to `state`."""

    state: DeadlineState
    field: str
    from_states: tuple[str, ...]
    event: WorkflowEvent


OVERDUE = _Threshold(
    DeadlineState.OVERDUE,
    "due_at",
    (DeadlineState.ON_TIME, DeadlineState.WARNING),
    WorkflowEvent.WORK_ITEM_OVERDUE,
)
WARNING = _Threshold(
    DeadlineState.WARNING, "warn_at", (DeadlineState.ON_TIME,), WorkflowEvent.WORK_ITEM_WARNED
)

MESSAGES: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    WorkflowEvent.WORK_ITEM_WARNED: (
        _("Time limit approaching: %(stage)s, application %(application)s"),
        _("%(stage)s of application %(application)s must be finished by the end of %(last_day)s."),
    ),
    WorkflowEvent.WORK_ITEM_OVERDUE: (
        _("Overdue: %(stage)s, application %(application)s"),
        _("%(stage)s of application %(application)s was due by the end of %(last_day)s and is not finished."),
    ),
    WorkflowEvent.WORK_ITEM_ESCALATED: (
        _("For your supervision: %(stage)s, application %(application)s is overdue"),
        _(
            "%(stage)s of application %(application)s at %(unit)s was due by the end of %(last_day)s and is "
            "not finished. Assigned to: %(assignee)s."
        ),
    ),
}


def _due_items(threshold: _Threshold, now: datetime) -> QuerySet[WorkItem]:
    """Exactly the conditions of the partial indexes workflow_items_warn_open / workflow_items_due_open."""
    if threshold is WARNING:
        return WorkItem.objects.filter(
            status__in=RUNNING_WORK_ITEM_STATUSES, deadline_state=DeadlineState.ON_TIME, warn_at__lte=now
        )
    return WorkItem.objects.filter(
        status__in=RUNNING_WORK_ITEM_STATUSES, deadline_state__in=threshold.from_states, due_at__lte=now
    )


def _batches(
    threshold: _Threshold, now: datetime, batch_size: int
) -> Iterator[list[tuple[datetime, int, int]]]:
    """Candidate (moment, item id, application id) rows in index order, a batch at a time (keyset paging,
    so items skipped because their application was locked are not fetched again in this run)."""
    after: tuple[datetime, int] | None = None
    while True:
        candidates = _due_items(threshold, now)
        if after is not None:
            moment, last_id = after
            candidates = candidates.filter(
                Q(**{f"{threshold.field}__gt": moment}) | Q(**{threshold.field: moment, "pk__gt": last_id})
            )
        ordered = candidates.order_by(threshold.field, "pk")
        rows = list(ordered.values_list(threshold.field, "pk", "application_id")[:batch_size])
        if not rows:
            return
        yield rows
        if len(rows) < batch_size:
            return
        after = (rows[-1][0], rows[-1][1])


def _lock_applications(application_ids: set[int]) -> set[int]:
    locking = Application.objects.filter(pk__in=application_ids).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        locking = locking.select_for_update(skip_locked=True)
    return set(locking.values_list("pk", flat=True))


def _notify(recipients: list[User], kind: str, item: WorkItem, params: dict[str, object]) -> int:
    title, body = MESSAGES[kind]
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=kind,
            title=title,
            body=body,
            params=params,
            application_id=item.application_id,
            work_item_id=item.pk,
        )
    return len(recipients)


def _message_params(item: WorkItem) -> dict[str, object]:
    last_day = local_date(item.due_at) - timedelta(days=1) if item.due_at else None
    return {
        "stage": Stage(item.stage).label,  # lazy: notify renders it in each recipient's language
        "application": item.application.number or str(item.application_id),
        "last_day": last_day.isoformat() if last_day else "-",
        "unit": item.candidate_unit.name,
        "assignee": item.assignee.account.display_name if item.assignee else "-",
    }


# Events of one batch, per province chain, appended together when the batch's transaction ends.
EventBuffer = dict[str, list[EventDraft]]


def _record(
    events: EventBuffer, item: WorkItem, kind: WorkflowEvent, *, old: dict[str, Any], new: dict[str, Any]
) -> None:
    events.setdefault(str(item.application.province.region_code), []).append(
        EventDraft(
            kind=kind,
            application_id=item.application_id,
            work_item_id=item.pk,
            old_values=old,
            new_values=new,
        )
    )


def _escalate(
    item: WorkItem, *, now: datetime, report: SweepReport, recipients: Recipients, events: EventBuffer
) -> User | None:
    """督办: the responsible head of the item's unit, or of the nearest unit above it that has one."""
    found = recipients.responsible_head(item.candidate_unit)
    if found is None:
        logger.warning(
            "overdue work item %s: no responsible head at or above unit %s", item.pk, item.candidate_unit_id
        )
        return None
    unit, head = found
    WorkItem.objects.filter(pk=item.pk).update(escalated_at=now)
    _record(
        events,
        item,
        WorkflowEvent.WORK_ITEM_ESCALATED,
        old={"escalated_at": item.escalated_at},
        new={"escalated_at": now, "responsible_head": head.pk, "unit": unit.pk},
    )
    report.escalated += 1
    report.notifications += _notify(
        [head.account], WorkflowEvent.WORK_ITEM_ESCALATED, item, _message_params(item)
    )
    return head.account


def _cross(
    threshold: _Threshold,
    item: WorkItem,
    *,
    now: datetime,
    report: SweepReport,
    recipients: Recipients,
    events: EventBuffer,
) -> None:
    old_state = item.deadline_state
    changed = WorkItem.objects.filter(
        pk=item.pk,
        status__in=RUNNING_WORK_ITEM_STATUSES,
        deadline_state__in=threshold.from_states,
        **{f"{threshold.field}__lte": now},
    ).update(deadline_state=threshold.state)
    if not changed:
        return
    item.deadline_state = threshold.state
    _record(
        events,
        item,
        threshold.event,
        old={"deadline_state": old_state},
        new={"deadline_state": threshold.state, "warn_at": item.warn_at, "due_at": item.due_at},
    )
    told = recipients.for_work_item(item)
    if threshold is OVERDUE:
        report.overdue += 1
        head = _escalate(item, now=now, report=report, recipients=recipients, events=events)
        told = [user for user in told if user != head]  # the head hears it once, as the escalation
    else:
        report.warned += 1
    report.notifications += _notify(told, threshold.event, item, _message_params(item))


def _sweep_threshold(
    threshold: _Threshold, *, now: datetime, batch_size: int, report: SweepReport, recipients: Recipients
) -> None:
    for rows in _batches(threshold, now, batch_size):
        with transaction.atomic():
            locked = _lock_applications({application_id for _moment, _pk, application_id in rows})
            chosen = [pk for _moment, pk, application_id in rows if application_id in locked]
            # One province's chain after another, so two sweeps never wait on each other's chains.
            items = (
                # Re-checked under the lock: a transition may have moved the deadline since the read.
                WorkItem.objects.filter(pk__in=chosen, **{f"{threshold.field}__lte": now})
                .select_related("application__province", "candidate_unit", "assignee__account")
                .order_by("application__province__region_code", "pk")
            )
            events: EventBuffer = {}
            for item in items:
                _cross(threshold, item, now=now, report=report, recipients=recipients, events=events)
            for chain in sorted(events):
                record_events(events[chain], chain=chain)


def deadline_sweep(*, now: datetime | None = None, batch_size: int = 1000) -> SweepReport:
    """One run of the sweep at `now` (default: the clock). Safe to repeat and to run concurrently."""
    # In the utility's time zone: application_expire takes "today" from the clock's own date, which for
    # the UTC time of timezone.now() would be yesterday until 08:00 in Shanghai.
    moment = timezone.localtime(now or clock.now())
    today = moment.date()
    report = SweepReport()
    recipients = Recipients()
    # Everything it calls (events, notifications, application_expire) sees the same moment.
    with clock.frozen_at(moment):
        report.deadlines_computed = compute_pending_deadlines()
        _sweep_threshold(OVERDUE, now=moment, batch_size=batch_size, report=report, recipients=recipients)
        _sweep_threshold(WARNING, now=moment, batch_size=batch_size, report=report, recipients=recipients)
        report.expired = expire_lapsed_schemes(today=today)
        report.calendar_alerts = alert_missing_calendar_year(today=today)
    return report
