"""Clock runs: start, pause, resume, finish; due and warning times computed at write time; running time in
a year whose calendar is not loaded kept to count later, never guessed."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from yekuo.calendar.working_days import CalendarYearMissing, WorkingDayCalendar
from yekuo.core.prepared import ColumnQuery, Statement, insert_statement, update_statement
from yekuo.workflow.deadlines import deadline_for, working_days_consumed
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ApplicationClock,
    ClockState,
    RuleSet,
    WorkItem,
)
from yekuo.workflow.transition import Transition

DEFAULT_WARNING_PERCENT = 80


def rule_sets_in_force(day: date) -> QuerySet[RuleSet]:
    """The rule set with the latest effective date on or before the day, unless it has ended (a queryset
    of at most one)."""
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .exclude(effective_until__lte=day)
        .order_by("-effective_from")[:1]
    )


def rule_set_in_force(on: datetime) -> RuleSet | None:
    return rule_sets_in_force(timezone.localdate(on)).first()  # the utility's day, not UTC's


def limit_for(transition: Transition, clock_code: str) -> int | None:
    limits = transition.time_limits()
    category = transition.application.category
    return limits.get((clock_code, category), limits.get((clock_code, "")))


def apply_deadline(run: ApplicationClock, *, threshold_percent: int, calendar: WorkingDayCalendar) -> None:
    """Compute the run's warning and due times. When they reach a year whose calendar is not loaded, leave
    them empty and mark the run pending: never guess (the sweep computes them once the year is loaded)."""
    run.deadline_pending = False
    if run.limit_working_days is None or run.running_since_at is None:
        run.warn_at = run.due_at = None
        return
    if run.uncounted_intervals:  # the days used so far are not known yet
        run.warn_at = run.due_at = None
        run.deadline_pending = True
        return
    try:
        deadline = deadline_for(
            running_since_at=run.running_since_at,
            limit_working_days=run.limit_working_days,
            consumed_working_days=run.consumed_working_days,
            threshold_percent=threshold_percent,
            calendar=calendar,
        )
    except CalendarYearMissing:
        run.warn_at = run.due_at = None
        run.deadline_pending = True
        return
    run.warn_at, run.due_at = deadline.warn_at, deadline.due_at


def _threshold(transition: Transition) -> int:
    rule_set = transition.process.rule_set
    return rule_set.warning_threshold_percent if rule_set is not None else DEFAULT_WARNING_PERCENT


def _copy_deadline_to_items(transition: Transition, run: ApplicationClock, *, queue: bool) -> None:
    items = [
        item
        for item in transition.items()
        if item.clock_id == run.pk and item.status in ACTIVE_WORK_ITEM_STATUSES
    ]
    for item in items:
        item.warn_at, item.due_at = run.warn_at, run.due_at
    if items and queue:
        transition.queue(*(update_statement(item, ["warn_at", "due_at"]) for item in items))
    elif items:
        WorkItem.objects.filter(pk__in=[item.pk for item in items]).update(
            warn_at=run.warn_at, due_at=run.due_at
        )


def live_clock_query(application_id: int, clock_code: str) -> ColumnQuery:
    """The id of the application's live run of the clock (at most one: a unique constraint), as a
    subquery: for a work item inserted in the round trip that starts the run."""
    table = ApplicationClock._meta.db_table
    return ColumnQuery(
        f"SELECT id FROM {table} WHERE application_id = %s AND clock = %s AND state <> %s",  # noqa: S608
        (application_id, clock_code, ClockState.FINISHED.value),
    )


def clock_run_for(
    transition: Transition, clock_code: str, *, fresh: bool = False, queue: bool = False
) -> ApplicationClock:
    """The live run of a clock: resumed if paused, started if none (or `fresh`: a re-inspection).
    `queue`: its writes travel with the transition's next statement; a run started then has its key only
    once they have run (a work item refers to it through `live_clock_query`)."""
    live = next(
        (run for run in transition.clocks() if run.clock == clock_code and run.state != ClockState.FINISHED),
        None,
    )
    write = transition.queue if queue else transition.run
    if live is not None and fresh:
        finished = paused_clock(transition, live, finish=True)
        if finished is not None:
            write(finished)
        live = None
    if live is None:
        run = ApplicationClock(
            application=transition.application,
            clock=clock_code,
            state=ClockState.RUNNING,
            limit_working_days=limit_for(transition, clock_code),
            started_at=transition.now,
            running_since_at=transition.now,
        )
        apply_deadline(run, threshold_percent=_threshold(transition), calendar=transition.calendar)
        write(insert_statement([run]))
        transition.clocks().append(run)
        return run
    if live.state == ClockState.STOPPED:
        live.state = ClockState.RUNNING
        live.running_since_at = transition.now
        apply_deadline(live, threshold_percent=_threshold(transition), calendar=transition.calendar)
        write(update_statement(live, ["state", "running_since_at", "warn_at", "due_at", "deadline_pending"]))
        _copy_deadline_to_items(transition, live, queue=queue)
    return live


def count_interval(
    run: ApplicationClock, *, since_at: datetime, until_at: datetime, calendar: WorkingDayCalendar
) -> None:
    """Add the working days of one running interval; when its year is not loaded, keep the interval to
    count later instead of guessing (the worker counts it once the year is loaded)."""
    try:
        run.consumed_working_days += working_days_consumed(
            running_since_at=since_at, until_at=until_at, calendar=calendar
        )
    except CalendarYearMissing:
        run.uncounted_intervals = [*run.uncounted_intervals, [since_at.isoformat(), until_at.isoformat()]]
        run.deadline_pending = True


def pause_clock(transition: Transition, run: ApplicationClock, *, finish: bool = False) -> None:
    statement = paused_clock(transition, run, finish=finish)
    if statement is not None:
        transition.run(statement)


def paused_clock(transition: Transition, run: ApplicationClock, *, finish: bool = False) -> Statement | None:
    """Stop or finish the run in memory; the UPDATE that stores it, for the caller to run (None: no
    change)."""
    state = ClockState.FINISHED if finish else ClockState.STOPPED
    if run.state == state and run.running_since_at is None:
        return None
    if run.state == ClockState.RUNNING and run.running_since_at is not None:
        count_interval(
            run, since_at=run.running_since_at, until_at=transition.now, calendar=transition.calendar
        )
    run.state = state
    run.running_since_at = None
    if finish:
        run.finished_at = transition.now
    return update_statement(
        run,
        [
            "consumed_working_days",
            "uncounted_intervals",
            "deadline_pending",
            "state",
            "running_since_at",
            "finished_at",
        ],
    )


def count_pending_intervals(run: ApplicationClock, *, calendar: WorkingDayCalendar) -> bool:
    """Count the intervals kept while a year was missing; True when none is left."""
    remaining = []
    for since, until in run.uncounted_intervals:
        try:
            run.consumed_working_days += working_days_consumed(
                running_since_at=datetime.fromisoformat(since),
                until_at=datetime.fromisoformat(until),
                calendar=calendar,
            )
        except CalendarYearMissing:
            remaining.append([since, until])
    run.uncounted_intervals = remaining
    return not remaining
