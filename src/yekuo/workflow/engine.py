"""The machinery every transition shares: open stages, close items, settle clocks, status and totals.

Services in services/ call these inside one transaction; nothing outside this app uses them. The pieces
live in transition.py (the context, locking, events) and clock_runs.py (clocks and deadlines).
"""

from __future__ import annotations

from django.db import connection

from yekuo.applications.choices import ApplicationStatus
from yekuo.calendar.working_days import CalendarYearMissing
from yekuo.core.prepared import Statement, insert_statement, update_statement
from yekuo.workflow.clock_runs import (
    apply_deadline,
    clock_run_for,
    count_pending_intervals,
    live_clock_query,
    pause_clock,
    paused_clock,
    rule_set_in_force,
)
from yekuo.workflow.deadlines import working_days_consumed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    RUNNING_WORK_ITEM_STATUSES,
    ClockState,
    ClockStop,
    ClockStopStatus,
    DeadlineState,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.rules import WholeProcessScope
from yekuo.workflow.stages import Clock
from yekuo.workflow.transition import (
    Transition,
    lock_application,
    lock_application_of_item,
)

__all__ = [
    "Transition",
    "active_items",
    "apply_deadline",
    "clock_run_for",
    "close_item",
    "count_pending_intervals",
    "current_completions",
    "lock_application",
    "lock_application_of_item",
    "mark_not_current",
    "open_stage",
    "pause_clock",
    "rule_set_in_force",
    "settle",
]


def open_stage(transition: Transition, stage: str, *, fresh_clock: bool = False) -> WorkItem:
    definition = transition.stage_definitions[stage]
    queue = transition.reads is not None  # the item's writes travel with the settle's round trip
    run = None
    if definition.clock:
        run = clock_run_for(transition, definition.clock, fresh=fresh_clock, queue=queue)
    item = WorkItem(
        application=transition.application,
        stage_definition=definition,
        stage=stage,
        owner=definition.owner,
        candidate_role=definition.role,
        candidate_unit=transition.application.supply_station,
        status=WorkItemStatus.OPEN,
        clock=run,
        opened_at=transition.now,
        warn_at=run.warn_at if run else None,
        due_at=run.due_at if run else None,
        deadline_state=DeadlineState.ON_TIME,
    )
    if queue:  # its id is known once it runs, before the events
        # A run started just now is inserted just before the item, in the same round trip.
        started = run is not None and run.pk is None
        computed = {"clock": live_clock_query(transition.application.pk, definition.clock)} if started else {}
        transition.queue(insert_statement([item], computed=computed))
    else:
        transition.run(insert_statement([item]))
    transition.items().append(item)
    transition.record(
        WorkflowEvent.WORK_ITEM_OPENED,
        work_item=item,
        new={
            "stage": stage,
            "candidate_role": definition.role,
            "due_at": item.due_at,
            "clock": definition.clock,
        },
    )
    return item


def close_item(transition: Transition, item: WorkItem, status: WorkItemStatus, *, note: str = "") -> None:
    item.status = status
    item.closed_at = transition.now
    item.closed_by = transition.actor
    item.outcome_note = note
    closing = update_statement(item, ["status", "closed_at", "closed_by", "outcome_note"])
    # A clock-stop request still awaiting approval can no longer be decided: withdraw it, so it leaves
    # the unit head's queue.
    if transition.reads is not None:
        # The requests were read with the lock: both writes travel with the transition's next statement.
        pending = sorted(pk for pk, item_id in transition.reads.requested_stops.rows() if item_id == item.pk)
        transition.queue(closing, *([_withdraw_stops(pending, transition)] if pending else []))
    else:
        withdrawal = _withdraw_requested_stops(item, transition)
        transition.run(closing, withdrawal)
        pending = sorted(row[0] for row in withdrawal.fetched or [])
    if pending:
        transition.record(WorkflowEvent.CLOCK_STOP_WITHDRAWN, work_item=item, new={"clock_stops": pending})


def _withdraw_requested_stops(item: WorkItem, transition: Transition) -> Statement:
    """The UPDATE that withdraws the item's pending requests; its rows are their ids (none, usually)."""
    return Statement(
        f"UPDATE {ClockStop._meta.db_table} SET status = %s, decided_at = %s"  # noqa: S608
        " WHERE work_item_id = %s AND status = %s RETURNING id",
        [
            ClockStopStatus.WITHDRAWN.value,
            connection.ops.adapt_datetimefield_value(transition.now),
            item.pk,
            ClockStopStatus.REQUESTED.value,
        ],
    )


def _withdraw_stops(ids: list[int], transition: Transition) -> Statement:
    """The UPDATE that withdraws these requests (read with the lock), unless decided meanwhile."""
    placeholders = ", ".join(["%s"] * len(ids))
    return Statement(
        f"UPDATE {ClockStop._meta.db_table} SET status = %s, decided_at = %s"  # noqa: S608
        f" WHERE id IN ({placeholders}) AND status = %s",
        [
            ClockStopStatus.WITHDRAWN.value,
            connection.ops.adapt_datetimefield_value(transition.now),
            *ids,
            ClockStopStatus.REQUESTED.value,
        ],
    )


def mark_not_current(transition: Transition, stages: set[str]) -> None:
    """The stages will be done again: their earlier visits no longer count for joins. Run before the
    transition opens any of them again: the update covers the items not loaded, by stage."""
    items = [item for item in transition.items() if item.stage in stages and item.is_current]
    for item in items:
        item.is_current = False
    transition.forget_completions(stages)
    if not stages:
        return
    ordered = sorted(stages)
    placeholders = ", ".join(["%s"] * len(ordered))
    transition.queue(
        Statement(
            f"UPDATE {WorkItem._meta.db_table} SET is_current = %s"  # noqa: S608
            f" WHERE application_id = %s AND is_current = %s AND stage IN ({placeholders})",
            [False, transition.application.pk, True, *ordered],
        )
    )


def current_completions(transition: Transition) -> set[str]:
    loaded = {
        item.stage
        for item in transition.items()
        if item.is_current and item.status == WorkItemStatus.COMPLETED
    }
    return loaded | transition.completed_stages_not_loaded()


def active_items(transition: Transition) -> list[WorkItem]:
    return [item for item in transition.items() if item.status in ACTIVE_WORK_ITEM_STATUSES]


def settle(transition: Transition) -> None:
    """End every transition: pause clocks nobody is working on, finish the ones whose stages are all done,
    refresh the utility-side total, set the application's status, raise its version, append the events."""
    completions = current_completions(transition)
    active = active_items(transition)
    running_clock_ids = {item.clock_id for item in active if item.status in RUNNING_WORK_ITEM_STATUSES}
    clocks_left = {
        transition.stage_definitions[stage].clock
        for stage in transition.graph.stages
        if stage not in completions and transition.stage_definitions[stage].clock
    }
    writes: list[Statement] = []  # run in one round trip with the event chain's lock
    for run in transition.clocks():
        if run.pk is None:  # started by this transition for a stage it opened, so running
            continue
        if run.state != ClockState.FINISHED and run.pk not in running_clock_ids:
            paused = paused_clock(transition, run, finish=run.clock not in clocks_left)
            writes.extend([paused] if paused is not None else [])
    writes.extend(_refresh_utility_total(transition))
    application = transition.application
    old_status = application.status
    if old_status in (ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED):
        if not active:
            application.status = ApplicationStatus.COMPLETED
            application.closed_at = transition.now
        elif all(item.status == WorkItemStatus.SUSPENDED for item in active):
            application.status = ApplicationStatus.SUSPENDED
        else:
            application.status = ApplicationStatus.ACTIVE
    application.version += 1
    fields = ["status", "closed_at", "version"]
    if application.status == ApplicationStatus.COMPLETED and old_status != ApplicationStatus.COMPLETED:
        # The figures the dashboard reads per completion (Application.completed_utility_working_days).
        application.completed_utility_working_days = transition.process.utility_working_days_used
        application.completed_whole_process_limit_days = transition.process.whole_process_limit_days
        fields += ["completed_utility_working_days", "completed_whole_process_limit_days"]
    writes.append(update_statement(application, fields))
    if application.status != old_status:
        kind = (
            WorkflowEvent.APPLICATION_COMPLETED
            if application.status == ApplicationStatus.COMPLETED
            else WorkflowEvent.APPLICATION_STATUS_CHANGED
        )
        transition.record(kind, old={"status": old_status}, new={"status": application.status})
    transition.flush_events(together=[*transition.take_queued(), *writes])


def _refresh_utility_total(transition: Transition) -> list[Statement]:
    process, application = transition.process, transition.application
    if process.whole_process_scope == WholeProcessScope.WHOLE_PROCESS and application.accepted_at is not None:
        try:
            used = working_days_consumed(
                running_since_at=application.accepted_at,
                until_at=application.energised_at or transition.now,
                calendar=transition.calendar,
            )
        except CalendarYearMissing:
            return []  # counted again at the next transition once the year is loaded; never guessed
    else:
        used = sum(
            run.consumed_working_days
            for run in transition.clocks()
            if run.clock != Clock.GRID_SUPPORTING_WORKS or process.counts_grid_supporting_works
        )
    if used == process.utility_working_days_used:
        return []
    process.utility_working_days_used = used
    return [update_statement(process, ["utility_working_days_used"])]
