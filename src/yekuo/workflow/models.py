"""Runtime state in plain tables: the process an application runs, its work items, clocks and clock stops."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.org.roles import Role
from yekuo.workflow.definitions import ProcessDefinition, ReturnEdge, StageDefinition
from yekuo.workflow.escalation_models import EscalationAction, EscalationHandling
from yekuo.workflow.figure_models import (
    DailyFigure,
    DailyFigureDay,
    DailyFigureKind,
    DailyStageFigure,
    DailyStageFigureKind,
)
from yekuo.workflow.rules import RuleSet, TimeLimit, WholeProcessLimit, WholeProcessScope
from yekuo.workflow.scheduler_models import SchedulerState, WorkerLease
from yekuo.workflow.stages import Clock, Stage, StageOwner

__all__ = [
    "ApplicationClock",
    "ApplicationProcess",
    "ClockStop",
    "DailyFigure",
    "DailyFigureDay",
    "DailyFigureKind",
    "DailyStageFigure",
    "DailyStageFigureKind",
    "EscalationAction",
    "EscalationHandling",
    "ProcessDefinition",
    "ReturnEdge",
    "RuleSet",
    "SchedulerState",
    "StageDefinition",
    "TimeLimit",
    "WholeProcessLimit",
    "WorkItem",
    "WorkerLease",
]


class ApplicationProcess(models.Model):
    """The definition and rule set an application runs under, fixed at acceptance, and its running totals."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        related_name="process",
        on_delete=models.PROTECT,
    )
    definition = models.ForeignKey(
        ProcessDefinition, verbose_name=_("process definition"), related_name="+", on_delete=models.PROTECT
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    utility_working_days_used = models.PositiveIntegerField(_("utility working days used"), default=0)
    whole_process_limit_days = models.PositiveIntegerField(_("whole-process limit (working days)"), null=True)
    whole_process_scope = models.CharField(
        _("what the whole-process limit counts"), max_length=16, choices=WholeProcessScope.choices, blank=True
    )
    counts_grid_supporting_works = models.BooleanField(_("grid supporting works count"), default=False)

    class Meta:
        verbose_name = _("application process")
        verbose_name_plural = _("application processes")

    def __str__(self) -> str:
        return f"{self.application} · {self.definition}"


class WorkItemStatus(models.TextChoices):
    OPEN = "open", _("Waiting to be claimed")
    CLAIMED = "claimed", _("In progress")
    SUSPENDED = "suspended", _("Clock stopped")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_WORK_ITEM_STATUSES = (WorkItemStatus.OPEN, WorkItemStatus.CLAIMED, WorkItemStatus.SUSPENDED)
RUNNING_WORK_ITEM_STATUSES = (WorkItemStatus.OPEN, WorkItemStatus.CLAIMED)


class DeadlineState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    WARNING = "warning", _("Warning")
    OVERDUE = "overdue", _("Overdue")


class WorkItem(models.Model):
    """One visit of one stage. Completed visits stay `is_current` until a return sends the process back
    over them; a join counts only current completions, so a rework pass never mixes with the previous one."""

    # These three foreign keys' own indexes would repeat the first column of workflow_items_by_application,
    # workflow_items_opened and workflow_items_by_unit_stage (Meta); every transition writes work items.
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        related_name="work_items",
        on_delete=models.PROTECT,
        db_index=False,
    )
    stage_definition = models.ForeignKey(
        StageDefinition,
        verbose_name=_("stage definition"),
        related_name="+",
        on_delete=models.PROTECT,
        db_index=False,
    )
    stage = models.CharField(_("stage"), max_length=40, choices=Stage.choices)
    owner = models.CharField(_("owner"), max_length=16, choices=StageOwner.choices)
    candidate_role = models.CharField(_("candidate role"), max_length=32, choices=Role.choices)
    candidate_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("candidate unit"),
        related_name="+",
        on_delete=models.PROTECT,
        db_index=False,
    )
    assignee = models.ForeignKey(
        "org.Staff",
        verbose_name=_("assignee"),
        related_name="work_items",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WorkItemStatus.choices, default=WorkItemStatus.OPEN
    )
    is_current = models.BooleanField(_("current"), default=True)
    clock = models.ForeignKey(
        "workflow.ApplicationClock",
        verbose_name=_("clock"),
        related_name="work_items",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    opened_at = models.DateTimeField(_("opened at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    deadline_state = models.CharField(
        _("deadline"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.ON_TIME
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        indexes: ClassVar = [
            models.Index(fields=["application", "stage"], name="workflow_items_by_application"),
            models.Index(fields=["candidate_role", "status"], name="workflow_items_by_role"),
            models.Index(
                fields=["warn_at"],
                name="workflow_items_warn_open",
                condition=models.Q(status__in=["open", "claimed"], deadline_state="on_time"),
            ),
            # My work: a role's active items, most urgent first; the search's stage and deadline filters.
            models.Index(
                fields=["candidate_role", "candidate_unit", "due_at"],
                name="workflow_items_active_by_role",
                condition=models.Q(status__in=["open", "claimed", "suspended"]),
            ),
            models.Index(
                fields=["stage", "application"],
                name="workflow_items_active_by_stage",
                condition=models.Q(status__in=["open", "claimed", "suspended"]),
            ),
            models.Index(
                fields=["deadline_state", "due_at"],
                name="workflow_items_active_deadline",
                condition=models.Q(status__in=["open", "claimed", "suspended"]),
            ),
            models.Index(
                fields=["due_at"],
                name="workflow_items_due_open",
                condition=models.Q(status__in=["open", "claimed"], deadline_state__in=["on_time", "warning"]),
            ),
            # The dashboard (yekuo.monitoring): open work per unit and stage read from the index alone, the
            # late lists in due order (workflow_items_active_deadline above), and each stage's openings and
            # closings in a period.
            models.Index(
                fields=["candidate_unit", "stage"],
                include=["deadline_state", "due_at", "stage_definition", "application"],
                name="workflow_items_active_by_unit",
                condition=models.Q(status__in=["open", "claimed", "suspended"]),
            ),
            models.Index(
                fields=["stage_definition", "opened_at"],
                include=["candidate_unit"],
                name="workflow_items_opened",
            ),
            models.Index(
                fields=["stage_definition", "closed_at"],
                include=["candidate_unit", "status", "opened_at"],
                name="workflow_items_closed",
            ),
            # The same for a county or a station: their own items only, instead of the province's range.
            models.Index(
                fields=["candidate_unit", "stage_definition", "opened_at"],
                include=["closed_at", "status"],
                name="workflow_items_by_unit_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_stage_display()}"


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    STOPPED = "stopped", _("Stopped")
    FINISHED = "finished", _("Finished")


class ApplicationClock(models.Model):
    """One run of a regulated clock for one application. Working days consumed before a stop are kept;
    on resume the due date is the remaining days after the resume day."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        related_name="clocks",
        on_delete=models.PROTECT,
    )
    clock = models.CharField(_("clock"), max_length=40, choices=Clock.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=ClockState.choices, default=ClockState.RUNNING
    )
    limit_working_days = models.PositiveSmallIntegerField(_("limit (working days)"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    running_since_at = models.DateTimeField(_("running since"), null=True, blank=True)
    consumed_working_days = models.PositiveSmallIntegerField(
        _("working days consumed before the last stop"), default=0
    )
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    deadline_pending = models.BooleanField(
        _("due date pending a calendar year"),
        default=False,
        help_text=_(
            "The due date reaches a year whose working days are not loaded; it is computed once they are."
        ),
    )
    uncounted_intervals = models.JSONField(
        _("intervals not yet counted"),
        default=list,
        blank=True,
        help_text=_("Running time in a year whose calendar is not loaded: counted once it is."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application clock")
        verbose_name_plural = _("application clocks")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["application", "clock"],
                condition=~models.Q(state="finished"),
                name="workflow_one_live_clock_per_kind",
            ),
        ]
        # The sweep looks for pending runs every cycle; few are pending, so the index stays tiny.
        indexes: ClassVar = [
            models.Index(
                fields=["id"], name="workflow_clocks_pending", condition=models.Q(deadline_pending=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_clock_display()}"


class ClockStopReason(models.TextChoices):
    """Customer-caused delays that stop the utility's clock (regulations §3)."""

    CUSTOMER_REQUEST = "customer_request", _("At the customer's request")  # 客户申请暂缓
    CUSTOMER_DOCUMENTS = "customer_documents", _("Waiting for the customer's documents")  # 资料补正
    CUSTOMER_DESIGN = "customer_design", _("Customer's design or design revision")  # 客户设计
    CUSTOMER_CONSTRUCTION = "customer_construction", _("Customer's construction")  # 客户施工
    RECTIFICATION = "rectification", _("Rectification of inspection defects")  # 整改
    ADMINISTRATIVE_APPROVAL = "administrative_approval", _("Administrative approval")  # 行政审批
    ACCESS_SYSTEM_DESIGN = "access_system_design", _("Customer-commissioned access-system design")


class ClockStopStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    ACTIVE = "active", _("Clock stopped")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn: the work item closed first")


class ClockStop(models.Model):
    """An interval in which the utility's clock does not run, with its reason, approver and the evidence
    files staff attached (ClockStopEvidence)."""

    work_item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), related_name="clock_stops", on_delete=models.PROTECT
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        related_name="clock_stops",
        on_delete=models.PROTECT,
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ClockStopReason.choices)
    explanation = models.TextField(_("explanation"))
    status = models.CharField(_("status"), max_length=16, choices=ClockStopStatus.choices)
    restarts_clock = models.BooleanField(
        _("restarts the clock"),
        default=False,
        help_text=_("A re-inspection after a failure starts a new clock."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), related_name="+", on_delete=models.PROTECT
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    started_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    # The customer's word that the inspection defects are remedied (整改完成); staff still resume the
    # item and re-inspect. Photos or PDFs they attach are evidence files of this stop.
    rectification_declared_at = models.DateTimeField(_("rectification reported at"), null=True, blank=True)
    rectification_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rectification reported by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    rectification_note = models.TextField(_("rectification note"), blank=True)

    class Meta:
        verbose_name = _("clock stop")
        verbose_name_plural = _("clock stops")
        # The daily figures roll up one day's clock stops at a time (workflow.daily_figures).
        indexes: ClassVar = [models.Index(fields=["started_at"], name="workflow_clock_stops_started")]

    def __str__(self) -> str:
        return f"{self.work_item} · {self.get_reason_display()}"


class ClockStopEvidence(models.Model):
    """A file supporting a clock stop (the customer's letter, a photo of the unfinished site...). Checked and
    stored by yekuo.applications.uploads; staff-internal, opened only after the application's access check."""

    clock_stop = models.ForeignKey(
        ClockStop, verbose_name=_("clock stop"), related_name="evidence_files", on_delete=models.PROTECT
    )
    file = models.FileField(_("file"), upload_to="clock-stops/%Y/%m/")
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), related_name="+", on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("clock stop evidence")
        verbose_name_plural = _("clock stop evidence")

    def __str__(self) -> str:
        return self.original_name or self.file.name.rsplit("/", 1)[-1]
