"""The machinery every transition shares: lock, load, open stages, run clocks, settle status, record events.

Services in services/ call these inside one transaction; nothing outside this app uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from yekuo.accounts.models import User
from yekuo.applications.choices import (
    ACCESS_SYSTEM_DESIGN_FROM_KILOVOLTS,
    VOLTAGE_KILOVOLTS,
    ApplicationStatus,
    Category,
)
from yekuo.applications.models import Application
from yekuo.calendar.selectors import working_day_calendar
from yekuo.calendar.working_days import CalendarYearMissing, WorkingDayCalendar
from yekuo.core import clock as system_clock
from yekuo.events.services import record_event
from yekuo.workflow.deadlines import deadline_for, working_days_consumed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.graph import ApplicationFacts, ProcessGraph, StageNode
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    RUNNING_WORK_ITEM_STATUSES,
    ApplicationClock,
    ApplicationProcess,
    ClockState,
    DeadlineState,
    RuleSet,
    StageDefinition,
    TimeLimit,
    WholeProcessLimit,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.rules import WholeProcessScope
from yekuo.workflow.stages import Clock, StageOwner


@lru_cache(maxsize=256)
def _stage_definitions(definition_id: int) -> dict[str, StageDefinition]:
    """Installed definitions never change, so their stages are read once per process."""
    return {
        sd.stage: sd
        for sd in StageDefinition.objects.filter(definition_id=definition_id).order_by("position")
    }


@lru_cache(maxsize=256)
def _return_edges(definition_id: int) -> frozenset[tuple[str, str]]:
    from yekuo.workflow.definitions import ReturnEdge  # noqa: PLC0415

    return frozenset(
        ReturnEdge.objects.filter(definition_id=definition_id).values_list("from_stage", "to_stage")
    )


def facts_of(application: Application) -> ApplicationFacts:
    return ApplicationFacts(
        is_important_customer=application.is_important_customer,
        is_at_least_110_kv=VOLTAGE_KILOVOLTS[application.voltage_level]
        >= ACCESS_SYSTEM_DESIGN_FROM_KILOVOLTS,
        pays_high_reliability_fee=application.category == Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
    )


def graph_for(definition_id: int, application: Application) -> ProcessGraph:
    nodes = [
        StageNode(stage=sd.stage, condition=sd.condition, predecessors=tuple(sd.predecessors))
        for sd in _stage_definitions(definition_id).values()
    ]
    return ProcessGraph(nodes, facts_of(application))


@dataclass
class Transition:
    """One transition in progress: the locked application and what it runs under."""

    application: Application
    process: ApplicationProcess
    actor: User | None
    now: datetime = field(default_factory=system_clock.now)
    _calendar: WorkingDayCalendar | None = None
    _graph: ProcessGraph | None = None

    @property
    def calendar(self) -> WorkingDayCalendar:
        if self._calendar is None:
            self._calendar = working_day_calendar()
        return self._calendar

    @property
    def graph(self) -> ProcessGraph:
        if self._graph is None:
            self._graph = graph_for(self.process.definition_id, self.application)
        return self._graph

    @property
    def stage_definitions(self) -> dict[str, StageDefinition]:
        return _stage_definitions(self.process.definition_id)

    @property
    def return_edges(self) -> frozenset[tuple[str, str]]:
        return _return_edges(self.process.definition_id)

    @property
    def chain(self) -> str:
        return str(self.application.province.region_code)

    def record(
        self,
        kind: WorkflowEvent,
        *,
        work_item: WorkItem | None = None,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
    ) -> None:
        record_event(
            kind=kind,
            actor=self.actor,
            chain=self.chain,
            application_id=self.application.pk,
            work_item_id=work_item.pk if work_item is not None else None,
            old_values=old,
            new_values=new,
        )


def lock_application(application_id: int) -> Application:
    """The row lock that serialises every transition of one application (SELECT … FOR UPDATE)."""
    return (
        Application.objects.select_for_update()
        .select_related("province", "supply_station")
        .get(pk=application_id)
    )


def limit_for(rule_set: RuleSet | None, clock_code: str, category: str) -> int | None:
    if rule_set is None or not clock_code:
        return None
    limits = {
        limit.category: limit.working_days
        for limit in TimeLimit.objects.filter(
            rule_set=rule_set, clock=clock_code, category__in=[category, ""]
        )
    }
    return limits.get(category, limits.get(""))


def rule_set_in_force(on: datetime) -> RuleSet | None:
    """The rule set with the latest effective date on or before the day, unless it has ended."""
    day = on.date()
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .exclude(effective_until__lte=day)
        .order_by("-effective_from")
        .first()
    )


def deadline_state_at(*, warn_at: datetime | None, due_at: datetime | None, now: datetime) -> DeadlineState:
    if due_at is not None and due_at <= now:
        return DeadlineState.OVERDUE
    if warn_at is not None and warn_at <= now:
        return DeadlineState.WARNING
    return DeadlineState.ON_TIME


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


def _apply_deadline(transition: Transition, run: ApplicationClock) -> None:
    threshold = transition.process.rule_set.warning_threshold_percent if transition.process.rule_set else 80
    apply_deadline(run, threshold_percent=threshold, calendar=transition.calendar)


def clock_run_for(transition: Transition, clock_code: str, *, fresh: bool = False) -> ApplicationClock:
    """The live run of a clock: resumed if paused, started if none (or `fresh`: a re-inspection)."""
    live = (
        ApplicationClock.objects.filter(application=transition.application, clock=clock_code)
        .exclude(state=ClockState.FINISHED)
        .first()
    )
    if live is not None and fresh:
        pause_clock(transition, live, finish=True)
        live = None
    if live is None:
        run = ApplicationClock(
            application=transition.application,
            clock=clock_code,
            state=ClockState.RUNNING,
            limit_working_days=limit_for(
                transition.process.rule_set, clock_code, transition.application.category
            ),
            started_at=transition.now,
            running_since_at=transition.now,
        )
        _apply_deadline(transition, run)
        run.save()
        return run
    if live.state == ClockState.STOPPED:
        live.state = ClockState.RUNNING
        live.running_since_at = transition.now
        _apply_deadline(transition, live)
        live.save(update_fields=["state", "running_since_at", "warn_at", "due_at", "deadline_pending"])
        WorkItem.objects.filter(clock=live, status__in=ACTIVE_WORK_ITEM_STATUSES).update(
            warn_at=live.warn_at, due_at=live.due_at
        )
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
    if run.state == ClockState.RUNNING and run.running_since_at is not None:
        count_interval(
            run, since_at=run.running_since_at, until_at=transition.now, calendar=transition.calendar
        )
    run.state = ClockState.FINISHED if finish else ClockState.STOPPED
    run.running_since_at = None
    if finish:
        run.finished_at = transition.now
    run.save(
        update_fields=[
            "consumed_working_days",
            "uncounted_intervals",
            "deadline_pending",
            "state",
            "running_since_at",
            "finished_at",
        ]
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


def open_stage(transition: Transition, stage: str, *, fresh_clock: bool = False) -> WorkItem:
    definition = transition.stage_definitions[stage]
    run = clock_run_for(transition, definition.clock, fresh=fresh_clock) if definition.clock else None
    item = WorkItem.objects.create(
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
    item.save(update_fields=["status", "closed_at", "closed_by", "outcome_note"])


def current_completions(transition: Transition) -> set[str]:
    return set(
        WorkItem.objects.filter(
            application=transition.application, is_current=True, status=WorkItemStatus.COMPLETED
        ).values_list("stage", flat=True)
    )


def active_items(transition: Transition) -> list[WorkItem]:
    return list(
        WorkItem.objects.filter(application=transition.application, status__in=ACTIVE_WORK_ITEM_STATUSES)
    )


def settle(transition: Transition) -> None:
    """After a change: pause clocks nobody is working on, finish the ones whose stages are all done,
    refresh the utility-side total, set the application's status and raise its version."""
    completions = current_completions(transition)
    active = active_items(transition)
    running_clock_ids = {item.clock_id for item in active if item.status in RUNNING_WORK_ITEM_STATUSES}
    clocks_left = {
        transition.stage_definitions[stage].clock
        for stage in transition.graph.stages
        if stage not in completions and transition.stage_definitions[stage].clock
    }
    for run in ApplicationClock.objects.filter(application=transition.application).exclude(
        state=ClockState.FINISHED
    ):
        if run.pk in running_clock_ids:
            continue
        pause_clock(transition, run, finish=run.clock not in clocks_left)
    _refresh_utility_total(transition)
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
    application.save(update_fields=["status", "closed_at", "version"])
    if application.status != old_status:
        kind = (
            WorkflowEvent.APPLICATION_COMPLETED
            if application.status == ApplicationStatus.COMPLETED
            else WorkflowEvent.APPLICATION_STATUS_CHANGED
        )
        transition.record(kind, old={"status": old_status}, new={"status": application.status})


def _refresh_utility_total(transition: Transition) -> None:
    process = transition.process
    limit = (
        WholeProcessLimit.objects.filter(
            rule_set=process.rule_set, category=transition.application.category
        ).first()
        if process.rule_set
        else None
    )
    accepted_at = transition.application.accepted_at
    if limit is not None and limit.scope == WholeProcessScope.WHOLE_PROCESS and accepted_at is not None:
        until = transition.application.energised_at or transition.now
        try:
            used = working_days_consumed(
                running_since_at=accepted_at, until_at=until, calendar=transition.calendar
            )
        except CalendarYearMissing:
            return  # counted again at the next transition once the year is loaded; never guessed
    else:
        runs = ApplicationClock.objects.filter(application=transition.application)
        if limit is not None and not limit.includes_grid_supporting_works:
            runs = runs.exclude(clock=Clock.GRID_SUPPORTING_WORKS)
        used = sum(runs.values_list("consumed_working_days", flat=True))
    if used != process.utility_working_days_used:
        process.utility_working_days_used = used
        process.save(update_fields=["utility_working_days_used"])


def is_customer_stage(item: WorkItem) -> bool:
    return item.owner == StageOwner.CUSTOMER
