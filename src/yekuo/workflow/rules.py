"""Time-limit rule sets: versioned rows with their legal source (regulations §2). An application is judged
under the rule set in force on the day it was accepted."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import Category
from yekuo.workflow.stages import Clock


class Confidence(models.TextChoices):
    """How sure the figure is (the labels of the regulations notes)."""

    CONFIRMED = "confirmed", _("Confirmed in a public copy")  # [C]
    UNCONFIRMED = "unconfirmed", _("From a secondary source, not confirmed")  # [M]
    DERIVED = "derived", _("Derived or set internally")  # [D]


class WholeProcessScope(models.TextChoices):
    UTILITY_SIDE = "utility_side", _("Sum of the utility's stage times")  # 供电企业各环节合计办理时间
    WHOLE_PROCESS = "whole_process", _("Whole process")  # 全过程


class RuleSet(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    legal_source = models.CharField(_("legal source"), max_length=300)
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices)
    warning_threshold_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format  (the "%" is a percent sign, not a placeholder)
        _("warning threshold (% of the limit used)"),
        default=80,
    )
    low_voltage_scheme_validity_months = models.PositiveSmallIntegerField(
        _("low-voltage scheme validity (months)"), default=3
    )
    high_voltage_scheme_validity_months = models.PositiveSmallIntegerField(
        _("high-voltage scheme validity (months)"), default=12
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("time-limit rule set")
        verbose_name_plural = _("time-limit rule sets")
        ordering: ClassVar = ["-effective_from"]

    def __str__(self) -> str:
        return str(self.name)


class TimeLimit(models.Model):
    """The limit of one clock for one category (empty category: every category) in working days."""

    rule_set = models.ForeignKey(  # indexed first by workflow_time_limit_unique (Meta)
        RuleSet, verbose_name=_("rule set"), related_name="limits", on_delete=models.CASCADE, db_index=False
    )
    clock = models.CharField(_("clock"), max_length=40, choices=Clock.choices)
    category = models.CharField(_("category"), max_length=40, choices=Category.choices, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices)
    source_note = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rule_set", "clock", "category"], name="workflow_time_limit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code} {self.clock} {self.category or '*'}: {self.working_days}"


class WholeProcessLimit(models.Model):
    rule_set = models.ForeignKey(  # indexed first by workflow_whole_process_limit_unique (Meta)
        RuleSet,
        verbose_name=_("rule set"),
        related_name="whole_process_limits",
        on_delete=models.CASCADE,
        db_index=False,
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    scope = models.CharField(_("what counts"), max_length=16, choices=WholeProcessScope.choices)
    includes_grid_supporting_works = models.BooleanField(
        _("grid supporting works count"),
        default=False,
        help_text=_(
            "Low-voltage limits include the grid-side works; high-voltage ones do not (regulations §3)."
        ),
    )
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices)
    source_note = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("whole-process limit")
        verbose_name_plural = _("whole-process limits")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rule_set", "category"], name="workflow_whole_process_limit_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.code} {self.category}: {self.working_days}"
