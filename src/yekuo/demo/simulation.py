"""Drive demo applications through the real services over the weeks before today, in time order, so the
event log, clocks, warnings and overdue items are what a real county would have."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from yekuo.accounts.models import User
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.factories import supply_all_documents
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.demo.stage_work import outcome_for, pick_actor, working_hours
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import ClockStopReason, WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage, StageOwner

# How many calendar days a stage usually takes: (typical low, typical high, slow high).
STAGE_DAYS: dict[str, tuple[float, float, float]] = {
    StageOwner.UTILITY: (0.2, 4.0, 30.0),
    StageOwner.CUSTOMER: (3.0, 25.0, 60.0),
}
SLOW_SHARE = 0.15


@dataclass(order=True)
class Step:
    at: datetime
    order: int
    application_id: int = field(compare=False)


@dataclass
class Behaviour:
    """The surprises one application will meet, decided when it is created."""

    documents_late: bool
    fails_inspection: bool
    scheme_redrafted: bool
    survey_paused: bool
    cancelled_at_stage: str | None


@dataclass
class Simulation:
    random: random.Random
    end_at: datetime
    behaviours: dict[int, Behaviour] = field(default_factory=dict)
    queue: list[Step] = field(default_factory=list)
    counter: int = 0

    def schedule(self, application_id: int, at: datetime) -> None:
        self.counter += 1
        heapq.heappush(self.queue, Step(working_hours(at), self.counter, application_id))

    def delay(self, owner: str) -> timedelta:
        low, high, slow = STAGE_DAYS[owner]
        upper = slow if self.random.random() < SLOW_SHARE else high
        return timedelta(days=self.random.uniform(low, upper))

    def run(self) -> None:
        while self.queue:
            step = heapq.heappop(self.queue)
            if step.at > self.end_at:
                continue
            with clock.frozen_at(step.at):
                next_at = self.advance(step.application_id, step.at)
            if next_at is not None:
                self.schedule(step.application_id, next_at)

    def advance(self, application_id: int, now: datetime) -> datetime | None:
        """Do the next piece of work on the application; return when the next one is due, or None."""
        application = Application.objects.select_related("supply_station", "customer__account").get(
            pk=application_id
        )
        if application.status in (ApplicationStatus.COMPLETED, ApplicationStatus.CANCELLED):
            return None
        behaviour = self.behaviours[application_id]
        if application.status == ApplicationStatus.DRAFT:
            services.application_submit(actor=application.customer.account, application_id=application.pk)
            if not behaviour.documents_late:
                supply_all_documents(application, received_by=pick_actor(application, Role.INTAKE_CLERK))
            return now + timedelta(hours=self.random.uniform(1, 30))
        items = list(
            WorkItem.objects.filter(
                application=application,
                status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED, WorkItemStatus.SUSPENDED],
            ).order_by("opened_at", "pk")
        )
        if not items:
            return None
        item = self.random.choice(items)
        if item.status == WorkItemStatus.SUSPENDED:
            self.resume(application, item)
            return now + self.delay(StageOwner.UTILITY)
        if behaviour.cancelled_at_stage == item.stage:
            services.application_cancel(
                actor=application.customer.account,
                application_id=application.pk,
                reason="客户项目暂缓，撤回申请",
            )
            return None
        self.work_on(application, item, behaviour)
        return now + self.delay(item.owner)

    def resume(self, application: Application, item: WorkItem) -> None:
        if item.stage == Stage.ACCEPTANCE:
            supply_all_documents(application, received_by=pick_actor(application, Role.INTAKE_CLERK))
        actor = pick_actor(application, Role(item.candidate_role))
        services.work_item_resume(actor=actor, work_item_id=item.pk)

    def work_on(self, application: Application, item: WorkItem, behaviour: Behaviour) -> None:
        actor: User = pick_actor(application, Role(item.candidate_role))
        if (
            item.status == WorkItemStatus.OPEN
            and item.owner == StageOwner.UTILITY
            and self.random.random() < 0.5
        ):
            services.work_item_claim(actor=actor, work_item_id=item.pk)
        if item.stage == Stage.SITE_SURVEY and behaviour.survey_paused:
            behaviour.survey_paused = False
            stop = services.clock_stop_request(
                actor=actor,
                work_item_id=item.pk,
                reason=ClockStopReason.CUSTOMER_REQUEST,
                explanation="客户厂房尚未完成土建，申请暂缓现场勘查",
            )
            head = pick_actor(application, Role.UNIT_HEAD)
            services.clock_stop_decide(actor=head, clock_stop_id=stop.pk, approve=True)
            return
        if item.stage == Stage.SUPPLY_SCHEME_APPROVAL and behaviour.scheme_redrafted:
            behaviour.scheme_redrafted = False
            services.work_item_return(
                actor=actor,
                work_item_id=item.pk,
                to_stage=Stage.SUPPLY_SCHEME_DRAFTING,
                reason="接入点与周边负荷规划冲突，请调整接入点后重新编制",
            )
            return
        failing = item.stage == Stage.COMPLETION_INSPECTION and behaviour.fails_inspection
        if failing:
            behaviour.fails_inspection = False
        outcome = outcome_for(item.stage, application=application, passed=not failing, rng=self.random)
        services.work_item_complete(actor=actor, work_item_id=item.pk, outcome=outcome)
