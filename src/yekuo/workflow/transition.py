"""One transition in progress: the locked application, what it runs under, and what the transition has
read so far (work items, clocks, the actor's roles), so each is read once. Events are buffered and
appended to the province's chain in one go when the transition settles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db.models import Q

from yekuo.accounts.models import User
from yekuo.applications.choices import ACCESS_SYSTEM_DESIGN_FROM_KILOVOLTS, VOLTAGE_KILOVOLTS, Category
from yekuo.applications.models import Application
from yekuo.calendar.selectors import CALENDAR_FINGERPRINT, working_day_calendar
from yekuo.calendar.working_days import WorkingDayCalendar
from yekuo.core import clock as system_clock
from yekuo.core.prepared import PreparedQuery, QueryStatement, Statement, run_together
from yekuo.events.services import EventDraft, record_events
from yekuo.org.access import ROLE_PATHS
from yekuo.workflow.definitions import ReturnEdge
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.graph import ApplicationFacts, ProcessGraph, StageNode
from yekuo.workflow.models import (
    ACTIVE_WORK_ITEM_STATUSES,
    ApplicationClock,
    ApplicationProcess,
    ClockStop,
    ClockStopStatus,
    RuleSet,
    StageDefinition,
    TimeLimit,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.permissions import holds_roles, roles_of

# Not the customer: only customers' own actions and acceptance need it (one query then).
_APPLICATION_RELATIONS = ("province", "supply_station", "process", "process__rule_set")
# The row lock that serialises every transition of one application. `of=self`: the joined unit rows are
# not locked, or every transition in a province would queue on the province's row.
_LOCK_APPLICATION = PreparedQuery(
    lambda application_id: (
        Application.objects.select_for_update(of=("self",))
        .select_related(*_APPLICATION_RELATIONS)
        .filter(pk=application_id)
    ),
    int,
)
_LOCK_APPLICATION_OF_ITEM = PreparedQuery(
    lambda work_item_id: (
        Application.objects.select_for_update(of=("self",))
        .select_related(*_APPLICATION_RELATIONS)
        .filter(work_items__id=work_item_id)
    ),
    int,
)
# A transition on one item changes only that item and the application's active ones; of the others it
# needs only the stages completed in the current pass (joins), read as names rather than as models.
_WORK_ITEMS_WITH = PreparedQuery(
    lambda work_item_id: (
        WorkItem.objects.filter(
            Q(status__in=ACTIVE_WORK_ITEM_STATUSES) | Q(pk=work_item_id),
            application_id__in=WorkItem.objects.filter(pk=work_item_id).values("application_id"),
        )
        .select_related("assignee")
        .order_by("pk")
    ),
    int,
)
_COMPLETED_STAGES_WITH = PreparedQuery(
    lambda work_item_id: WorkItem.objects.filter(
        application_id__in=WorkItem.objects.filter(pk=work_item_id).values("application_id"),
        is_current=True,
        status=WorkItemStatus.COMPLETED,
    ).values_list("stage"),
    int,
)
_CLOCKS_WITH = PreparedQuery(
    lambda work_item_id: ApplicationClock.objects.filter(
        application_id__in=WorkItem.objects.filter(pk=work_item_id).values("application_id")
    ).order_by("pk"),
    int,
)
_REQUESTED_STOPS_WITH = PreparedQuery(
    lambda work_item_id: ClockStop.objects.filter(
        application_id__in=WorkItem.objects.filter(pk=work_item_id).values("application_id"),
        status=ClockStopStatus.REQUESTED,
    ).values_list("pk", "work_item_id"),
    int,
)
_WORK_ITEMS = PreparedQuery(
    lambda application_id: (
        WorkItem.objects.filter(application_id=application_id).select_related("assignee").order_by("pk")
    ),
    int,
)
_CLOCKS = PreparedQuery(
    lambda application_id: ApplicationClock.objects.filter(application_id=application_id).order_by("pk"), int
)

_TIME_LIMITS = PreparedQuery(
    lambda rule_set_id: TimeLimit.objects.filter(rule_set_id=rule_set_id).values_list(
        "rule_set_id", "clock", "category", "working_days"
    ),
    int,
)
_TIME_LIMITS_WITH = PreparedQuery(
    lambda work_item_id: TimeLimit.objects.filter(
        rule_set_id__in=ApplicationProcess.objects.filter(application__work_items__id=work_item_id).values(
            "rule_set_id"
        )
    ).values_list("rule_set_id", "clock", "category", "working_days"),
    int,
)


@lru_cache(maxsize=256)
def stage_definitions_of(definition_id: int) -> dict[str, StageDefinition]:
    """Installed definitions never change, so their stages are read once per process."""
    return {
        sd.stage: sd
        for sd in StageDefinition.objects.filter(definition_id=definition_id).order_by("position")
    }


@lru_cache(maxsize=256)
def return_edges_of(definition_id: int) -> frozenset[tuple[str, str]]:
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
    return _graph_of(definition_id, facts_of(application))


@lru_cache(maxsize=1024)
def _graph_of(definition_id: int, facts: ApplicationFacts) -> ProcessGraph:
    """A graph depends only on the (never changing) definition and the facts, and is not changed once
    built: one per pair and process."""
    nodes = [
        StageNode(stage=sd.stage, condition=sd.condition, predecessors=tuple(sd.predecessors))
        for sd in stage_definitions_of(definition_id).values()
    ]
    return ProcessGraph(nodes, facts)


@dataclass(frozen=True)
class _Recorded:
    """An event of the transition; its work item may get its id only when the queued writes run."""

    kind: str
    work_item: WorkItem | None
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass
class Transition:
    application: Application
    process: ApplicationProcess
    actor: User | None
    now: datetime = field(default_factory=system_clock.now)
    _calendar: WorkingDayCalendar | None = None
    _graph: ProcessGraph | None = None
    _items: list[WorkItem] | None = None
    _clocks: list[ApplicationClock] | None = None
    _actor_roles: list[tuple[str, str]] | None = None
    reads: Reads | None = None
    queued: list[Statement] = field(default_factory=list)
    _limits: dict[tuple[str, str], int] | None = None
    _completed_not_loaded: set[str] | None = None
    events: list[_Recorded] = field(default_factory=list)

    @property
    def calendar(self) -> WorkingDayCalendar:
        if self._calendar is None:
            self._calendar = working_day_calendar(
                self.reads.calendar_fingerprint.rows() if self.reads is not None else None
            )
        return self._calendar

    @property
    def graph(self) -> ProcessGraph:
        if self._graph is None:
            self._graph = graph_for(self.process.definition_id, self.application)
        return self._graph

    @property
    def stage_definitions(self) -> dict[str, StageDefinition]:
        return stage_definitions_of(self.process.definition_id)

    @property
    def return_edges(self) -> frozenset[tuple[str, str]]:
        return return_edges_of(self.process.definition_id)

    @property
    def chain(self) -> str:
        return str(self.application.province.region_code)

    def items(self) -> list[WorkItem]:
        """The work items a transition may change, read once: every one of the application's when it was
        begun for the application; begun for an item (`reads`), that item and the active ones, the stages
        completed in the current pass being in `completed_stages_not_loaded`. Services add and change
        them in this list."""
        if self._items is None:
            self._items = (
                self.reads.items.objects()
                if self.reads is not None
                else _WORK_ITEMS.objects(self.application.pk)
            )
            for item in self._items:
                item.application = self.application
                if item.candidate_unit_id == self.application.supply_station_id:
                    item.candidate_unit = self.application.supply_station
        return self._items

    def completed_stages_not_loaded(self) -> set[str]:
        """Stages completed in the current pass by items `items()` does not hold (read with the lock)."""
        if self._completed_not_loaded is None:
            # It may name the stage of a completed item that is loaded too (the item the transition is
            # on): that stage is completed in the current pass either way.
            rows = self.reads.completed_stages.rows() if self.reads is not None else []
            self._completed_not_loaded = {stage for (stage,) in rows}
        return self._completed_not_loaded

    def forget_completions(self, stages: set[str]) -> None:
        """The stages will be done again: their completions no longer count."""
        self._completed_not_loaded = self.completed_stages_not_loaded() - stages

    def clock_by_id(self, clock_id: int | None) -> ApplicationClock | None:
        return next((run for run in self.clocks() if run.pk == clock_id), None)

    def clocks(self) -> list[ApplicationClock]:
        """Every clock run of the application, read once."""
        if self._clocks is None:
            self._clocks = (
                self.reads.clocks.objects()
                if self.reads is not None
                else _CLOCKS.objects(self.application.pk)
            )
        return self._clocks

    def actor_roles(self) -> list[tuple[str, str]]:
        """(role, unit path) of every role the actor holds, read once."""
        if self._actor_roles is None:
            if self.reads is not None and self.reads.roles is not None:
                self._actor_roles = [(role, path) for role, path in self.reads.roles.rows()]
            else:
                self._actor_roles = roles_of(self.actor) if self.actor is not None else []
        return self._actor_roles

    def time_limits(self) -> dict[tuple[str, str], int]:
        """(clock, category or "") → working days, from the application's rule set, read once."""
        if self._limits is None:
            rule_set = self.process.rule_set
            if rule_set is None:
                return {}
            rows = self.reads.time_limits.rows() if self.reads is not None else []
            if not any(rule_set_id == rule_set.pk for rule_set_id, *_limit in rows):
                rows = _TIME_LIMITS.rows(rule_set.pk)  # read with the lock for another rule set (acceptance)
            self._limits = {
                (clock, category): days
                for rule_set_id, clock, category, days in rows
                if rule_set_id == rule_set.pk
            }
        return self._limits

    def reset_rule_set(self, rule_set: RuleSet | None) -> None:
        """Acceptance fixes the rule set in force that day; forget limits read from the provisional one."""
        self.process.rule_set = rule_set
        self._limits = None

    def record(
        self,
        kind: WorkflowEvent,
        *,
        work_item: WorkItem | None = None,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(_Recorded(kind, work_item, old or {}, new or {}))

    def queue(self, *statements: Statement) -> None:
        """Writes nothing reads before the transition's next statement: they travel with it."""
        self.queued.extend(statements)

    def take_queued(self) -> list[Statement]:
        queued, self.queued = self.queued, []
        return queued

    def run(self, *statements: Statement) -> None:
        """Run the statements, after the queued writes, in one round trip."""
        run_together(*self.take_queued(), *statements)

    def _drafts(self) -> list[EventDraft]:
        """The events, with the ids of the work items inserted since they were recorded."""
        actor_id = self.actor.pk if self.actor is not None else None
        return [
            EventDraft(
                kind=recorded.kind,
                actor_id=actor_id,
                application_id=self.application.pk,
                work_item_id=recorded.work_item.pk if recorded.work_item is not None else None,
                old_values=recorded.old,
                new_values=recorded.new,
            )
            for recorded in self.events
        ]

    def flush_events(self, together: Sequence[Statement] = ()) -> None:
        """Append the events; `together`: the transition's writes still to run, in the same round trip."""
        if self.events:
            record_events(self._drafts, chain=self.chain, together=together)
        else:
            run_together(*together)
        self.events = []


def lock_application(application_id: int) -> Application:
    """Lock the application, with its process, in one statement."""
    application = _LOCK_APPLICATION.first(application_id)
    if application is None:
        raise Application.DoesNotExist(f"no application {application_id}")
    return application


def lock_application_of_item(work_item_id: int) -> Application | None:
    """Lock the application a work item belongs to, with its process, in one statement."""
    return _LOCK_APPLICATION_OF_ITEM.first(work_item_id)


@dataclass(frozen=True)
class Reads:
    """What every transition on a work item reads, run right behind the lock in one round trip: the
    server runs them after the lock is granted, so they see the state the previous holder left."""

    items: QueryStatement[WorkItem]  # the active ones and the one the transition is on
    completed_stages: QueryStatement[Any]  # (stage,) of every item completed in the current pass
    clocks: QueryStatement[ApplicationClock]
    roles: QueryStatement[Any] | None
    calendar_fingerprint: QueryStatement[Any]
    requested_stops: QueryStatement[Any]  # (clock stop, work item) of the requests awaiting a decision
    time_limits: QueryStatement[Any]  # of the rule set the application runs under


def lock_application_of_item_with_reads(
    work_item_id: int, actor: User | None
) -> tuple[Application | None, Reads]:
    """Lock the item's application and read its active work items and the item, the stages completed
    in the current pass, its clocks, the actor's roles, the calendar's fingerprint, the pending
    clock-stop requests and the time limits."""
    lock = _LOCK_APPLICATION_OF_ITEM.statement(work_item_id)
    reads = Reads(
        items=_WORK_ITEMS_WITH.statement(work_item_id),
        completed_stages=_COMPLETED_STAGES_WITH.statement(work_item_id),
        clocks=_CLOCKS_WITH.statement(work_item_id),
        roles=ROLE_PATHS.statement(actor.pk) if actor is not None and holds_roles(actor) else None,
        calendar_fingerprint=CALENDAR_FINGERPRINT.statement(),
        requested_stops=_REQUESTED_STOPS_WITH.statement(work_item_id),
        time_limits=_TIME_LIMITS_WITH.statement(work_item_id),
    )
    roles = [reads.roles] if reads.roles is not None else []
    run_together(
        lock,
        reads.items,
        reads.completed_stages,
        reads.clocks,
        *roles,
        reads.calendar_fingerprint,
        reads.requested_stops,
        reads.time_limits,
    )
    return lock.first(), reads
