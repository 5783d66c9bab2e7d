"""Daily figures: what each closed day brought, per unit, kept so that the dashboard reads a year of a
province from a few thousand rows instead of a million applications (and, for the process map, of six
million work items).

A day's facts never change once the day is over: an application is submitted once, a completion is final
(only cancelled and expired applications reopen), a clock stop starts once, a stage visit opens and
closes once. The worker therefore rolls up each closed day once (`workflow.daily_figures`), for the
station and for every unit above it, so the figures of any unit's subtree are the rows of that one unit.
`DailyFigureDay` says which days are rolled up; every other day of a period is counted live, so the
figures never depend on whether the worker has run. Derived data: `yekuo manage roll_up_daily_figures
--rebuild` computes it again.

Imported by workflow.models so Django registers the tables with the workflow app.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyFigureKind(models.TextChoices):
    RECEIVED = "received", _("Applications received")
    COMPLETED = "completed", _("Applications completed")
    WORKING_DAYS = "working_days", _("Completions by utility working days")
    CLOCK_STOP_STARTED = "clock_stop_started", _("Clock stops started")


class DayInUnit(models.Model):
    """A count of one closed day in one unit's subtree (the unit's own rows say it all; see above)."""

    day = models.DateField(_("day"))
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"), db_index=False
    )
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        abstract = True


class DailyFigure(DayInUnit):
    """How many facts of one kind one day brought in one unit's subtree, for one category, business type
    and detail (a clock stop's reason; a completion's utility-side working days and limit)."""

    kind = models.CharField(_("kind"), max_length=24, choices=DailyFigureKind.choices)
    category = models.CharField(_("category"), max_length=40)
    business_type = models.CharField(_("business type"), max_length=40)
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    working_days = models.PositiveIntegerField(_("utility working days"), null=True, blank=True)
    limit_days = models.PositiveIntegerField(_("whole-process limit (working days)"), null=True, blank=True)
    over_limit = models.PositiveIntegerField(_("over the limit"), default=0)

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        indexes: ClassVar = [
            # Covering: a province's year of working days (about 120,000 rows) is read from the index
            # alone, 170 → 13 ms.
            models.Index(
                fields=["unit", "kind", "day"],
                include=[
                    "category",
                    "business_type",
                    "reason",
                    "working_days",
                    "limit_days",
                    "count",
                    "over_limit",
                ],
                name="workflow_daily_figures",
            ),
            models.Index(fields=["day"], name="workflow_daily_figures_by_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class DailyStageFigureKind(models.TextChoices):
    OPENED = "opened", _("Stage visits opened")
    RETURNED = "returned", _("Stage visits returned")
    COMPLETED = "completed", _("Stage visits completed")


class DailyStageFigure(DayInUnit):
    """How many visits of one stage one day opened, returned or completed in one unit's subtree, for the
    process map. Completed visits are counted per band of their duration (`elapsed_band`: bands 5 % wide,
    see daily_figures.ELAPSED_BAND_RATIO), so a median stage time read from these rows is within 2.5 % of
    the exact one. Kept for province and city companies only (daily_figures.STAGE_FIGURE_LEVELS): a
    county's or a station's work is small enough to count live."""

    stage_definition = models.ForeignKey(
        "workflow.StageDefinition",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("stage definition"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DailyStageFigureKind.choices)
    elapsed_band = models.IntegerField(_("duration band"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily stage figure")
        verbose_name_plural = _("daily stage figures")
        indexes: ClassVar = [
            models.Index(
                fields=["unit", "stage_definition", "day"],
                include=["kind", "elapsed_band", "count"],
                name="workflow_daily_stage_figures",
            ),
            models.Index(fields=["day"], name="workflow_daily_stage_by_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class DailyFigureDay(models.Model):
    """A day whose figures are rolled up (all units, all kinds, in one transaction)."""

    day = models.DateField(_("day"), primary_key=True)
    rolled_up_at = models.DateTimeField(_("rolled up at"))

    class Meta:
        verbose_name = _("rolled-up day")
        verbose_name_plural = _("rolled-up days")

    def __str__(self) -> str:
        return str(self.day)
