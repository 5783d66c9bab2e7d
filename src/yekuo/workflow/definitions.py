"""Process definitions as versioned data: which stages, in which order, who works them, what may return."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import BusinessType, Category
from yekuo.org.roles import Role
from yekuo.workflow.stages import Clock, Stage, StageCondition, StageOwner


class ProcessVariant(models.TextChoices):
    STANDARD = "standard", _("Standard")
    THREE_ZERO = "three_zero", _("三零 (two stages)")


class ProcessDefinition(models.Model):
    """One version of the process for a category and business type. Never changed once installed:
    a change is a new version, and each application keeps the version it was accepted under."""

    code = models.CharField(_("code"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    business_type = models.CharField(_("business type"), max_length=32, choices=BusinessType.choices)
    variant = models.CharField(_("variant"), max_length=16, choices=ProcessVariant.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "version"], name="workflow_definition_version_unique"),
        ]
        ordering: ClassVar = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class StageDefinition(models.Model):
    """A stage of one definition. It opens when every applicable predecessor has a current completion."""

    definition = models.ForeignKey(  # indexed first by workflow_stage_definition_unique (Meta)
        ProcessDefinition,
        verbose_name=_("process definition"),
        related_name="stages",
        on_delete=models.CASCADE,
        db_index=False,
    )
    stage = models.CharField(_("stage"), max_length=40, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    track = models.CharField(_("track"), max_length=40, default="main")
    owner = models.CharField(_("owner"), max_length=16, choices=StageOwner.choices)
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        help_text=_("Who works the stage; for customer-owned stages, who records the customer's progress."),
    )
    clock = models.CharField(_("clock"), max_length=40, choices=Clock.choices, blank=True)
    condition = models.CharField(
        _("condition"), max_length=32, choices=StageCondition.choices, default=StageCondition.ALWAYS
    )
    predecessors = models.JSONField(_("predecessors"), default=list)

    class Meta:
        verbose_name = _("stage definition")
        verbose_name_plural = _("stage definitions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["definition", "stage"], name="workflow_stage_definition_unique"),
        ]
        ordering: ClassVar = ["definition", "position"]

    def __str__(self) -> str:
        return f"{self.definition} · {self.get_stage_display()}"


class ReturnEdge(models.Model):
    """A stage may send the application back to an earlier stage (with a reason)."""

    definition = models.ForeignKey(  # indexed first by workflow_return_edge_unique (Meta)
        ProcessDefinition,
        verbose_name=_("process definition"),
        related_name="return_edges",
        on_delete=models.CASCADE,
        db_index=False,
    )
    from_stage = models.CharField(_("from stage"), max_length=40, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=40, choices=Stage.choices)

    class Meta:
        verbose_name = _("return edge")
        verbose_name_plural = _("return edges")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["definition", "from_stage", "to_stage"], name="workflow_return_edge_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"
