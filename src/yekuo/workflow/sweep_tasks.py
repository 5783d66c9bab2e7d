"""The sweep's other duties: clocks left pending for a missing calendar year, lapsed supply schemes
(daily), and the alert that next year's working-day calendar is missing (daily, from 1 November).

Each returns how much it changed. Daily tasks claim their day in the SchedulerState row inside the
transaction of their work, so two sweeps on one day (or a rerun) do it once.
"""

from __future__ import annotations

import logging
from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.records import SchemeStatus, SupplyScheme
from yekuo.calendar.selectors import calendar_missing_next_year, working_day_calendar
from yekuo.calendar.working_days import WorkingDayCalendar
from yekuo.core.errors import DomainError
from yekuo.events.services import SYSTEM_CHAIN, record_event
from yekuo.notifications.services import notify
from yekuo.workflow.engine import apply_deadline, count_pending_intervals, lock_application
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ApplicationClock,
    ApplicationProcess,
    ClockState,
    SchedulerState,
    WorkItem,
)
from yekuo.workflow.recipients import administrators
from yekuo.workflow.services import application_expire

logger = logging.getLogger("yekuo.workflow.sweep")

DEFAULT_WARNING_THRESHOLD_PERCENT = 80  # as the engine, for an application without a rule set
EXPIRE_TASK = "expire_lapsed_schemes"
CALENDAR_ALERT_TASK = "alert_missing_calendar_year"


class SweepEvent(StrEnum):
    """Event kinds only the sweep records (the work-item ones are in event_kinds.WorkflowEvent)."""

    DEADLINE_COMPUTED = "clock.deadline_computed"
    CALENDAR_YEAR_MISSING_ALERTED = "calendar.missing_year_alerted"


def daily_task_claim(task: str, *, today: date) -> bool:
    """Claim today's run of a daily task; False when it already ran today. Call inside the task's
    transaction: the claim commits with the work, or neither does."""
    if SchedulerState.objects.filter(task=task, last_run_on__lt=today).update(last_run_on=today):
        return True
    if SchedulerState.objects.filter(task=task).exists():
        return False
    try:
        with transaction.atomic():
            SchedulerState.objects.create(task=task, last_run_on=today)
    except IntegrityError:
        return False  # another sweep claimed it first
    return True


def _resolve(run: ApplicationClock, *, threshold: int, calendar: WorkingDayCalendar) -> bool:
    """Count the intervals kept while a year was missing, then (for a running clock) compute its
    deadline. True when nothing is pending any more; the run is changed in memory only."""
    if not count_pending_intervals(run, calendar=calendar):
        return False
    if run.state != ClockState.RUNNING:
        run.deadline_pending = False  # a stopped clock gets its deadline when it runs again
        return True
    apply_deadline(run, threshold_percent=threshold, calendar=calendar)
    return not run.deadline_pending


def _threshold(application_id: int) -> int:
    process = (
        ApplicationProcess.objects.select_related("rule_set").filter(application_id=application_id).first()
    )
    if process is None or process.rule_set is None:
        return DEFAULT_WARNING_THRESHOLD_PERCENT
    return int(process.rule_set.warning_threshold_percent)


def compute_pending_deadlines() -> int:
    """Clocks left pending because a calendar year was missing (engine.apply_deadline, count_interval):
    once the year is loaded, count the days they used, compute the deadline of the running ones and give
    it to their open work items (the following passes then warn and escalate)."""
    calendar = working_day_calendar()
    computed = 0
    for run in ApplicationClock.objects.filter(deadline_pending=True).order_by("pk"):
        threshold = _threshold(run.application_id)
        if not _resolve(run, threshold=threshold, calendar=calendar):
            continue  # still missing: try again next cycle, without taking any lock
        with transaction.atomic():
            application = lock_application(run.application_id)  # the engine's lock order: application first
            locked = ApplicationClock.objects.filter(pk=run.pk, deadline_pending=True).first()
            if locked is None:
                continue  # a transition settled it meanwhile
            old = {"consumed_working_days": locked.consumed_working_days, "deadline_pending": True}
            if not _resolve(locked, threshold=threshold, calendar=calendar):
                continue
            locked.save(
                update_fields=[
                    "consumed_working_days",
                    "uncounted_intervals",
                    "warn_at",
                    "due_at",
                    "deadline_pending",
                ]
            )
            item_ids: list[int] = []
            if locked.state == ClockState.RUNNING:
                items = WorkItem.objects.filter(clock=locked, status__in=ACTIVE_WORK_ITEM_STATUSES)
                item_ids = sorted(items.values_list("pk", flat=True))
                items.update(warn_at=locked.warn_at, due_at=locked.due_at)
            record_event(
                kind=SweepEvent.DEADLINE_COMPUTED,
                actor=None,
                chain=str(application.province.region_code),
                application_id=application.pk,
                subject_type="workflow.applicationclock",
                subject_id=locked.pk,
                old_values=old,
                new_values={
                    "clock": locked.clock,
                    "state": locked.state,
                    "consumed_working_days": locked.consumed_working_days,
                    "warn_at": locked.warn_at,
                    "due_at": locked.due_at,
                    "work_items": item_ids,
                },
            )
            computed += 1
    return computed


def expire_lapsed_schemes(*, today: date) -> int:
    """Once a day: close applications whose replied supply scheme lapsed before the customer's works were
    done (逾期失效). application_expire decides each case and does nothing when it does not qualify."""
    expired = 0
    # The day is claimed in its own transaction and each application expires in its own: holding one
    # province chain across several applications' row locks would deadlock with ordinary transitions.
    with transaction.atomic():
        if not daily_task_claim(EXPIRE_TASK, today=today):
            return 0
    candidates = (
        SupplyScheme.objects.filter(
            status=SchemeStatus.REPLIED,
            valid_until__lt=today,
            application__status__in=[ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED],
            application__energised_at__isnull=True,
        )
        .values_list("application_id", flat=True)
        .distinct()
        .order_by("application_id")
    )
    for application_id in list(candidates):
        try:
            if application_expire(actor=None, application_id=application_id) is not None:
                expired += 1
        except DomainError as error:  # one refusal must not stop the others (its transaction rolled back)
            logger.warning("application %s not expired: %s", application_id, error)
    return expired


def alert_missing_calendar_year(*, today: date) -> int:
    """From 1 November (or when this year itself is missing), tell every administrator once a day that a
    year's working days must be loaded. Returns the number of administrators told."""
    year = calendar_missing_next_year(today=today)
    if year is None:
        return 0
    with transaction.atomic():
        if not daily_task_claim(CALENDAR_ALERT_TASK, today=today):
            return 0
        recipients = administrators()
        for administrator in recipients:
            notify(
                recipient=administrator,
                kind=SweepEvent.CALENDAR_YEAR_MISSING_ALERTED,
                title=_("The working-day calendar for %(year)s is missing"),
                body=_(
                    "Due dates that reach %(year)s cannot be computed until its working days are loaded. "
                    "Add the State Council notice for %(year)s in the admin, or run: "
                    "yekuo calendar import FILE --year %(year)s --notice TITLE"
                ),
                params={"year": year},
            )
        record_event(
            kind=SweepEvent.CALENDAR_YEAR_MISSING_ALERTED,
            actor=None,
            chain=SYSTEM_CHAIN,
            new_values={"year": year, "administrators": [user.pk for user in recipients]},
        )
    return len(recipients)
