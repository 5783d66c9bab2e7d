"""How a responsible head handled an escalation (督办): what they did about an overdue work item, and why.

One row per escalation of an item: the sweep escalates an item again after a fresh clock runs out, and each
escalation is handled once (a unique constraint, so two heads acting together cannot both record it).
Imported by workflow.models so Django registers the table with the workflow app.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EscalationAction(models.TextChoices):
    """What the head did about the overdue item."""

    URGED = "urged", _("Urged the assignee")  # 催办
    REASSIGNED = "reassigned", _("Reassigned the work")  # 改派
    CLOCK_STOP_APPROVED = "clock_stop_approved", _("Approved a clock stop")  # 批准中止计时
    COORDINATED = "coordinated", _("Coordinated with other departments")  # 协调
    OTHER = "other", _("Other (see the note)")


class EscalationHandling(models.Model):
    work_item = models.ForeignKey(  # indexed first by workflow_one_handling_per_escalation (Meta)
        "workflow.WorkItem",
        verbose_name=_("work item"),
        related_name="escalation_handlings",
        on_delete=models.PROTECT,
        db_index=False,
    )
    escalated_at = models.DateTimeField(_("escalated at"), help_text=_("The escalation this handles."))
    action = models.CharField(_("action taken"), max_length=32, choices=EscalationAction.choices)
    note = models.TextField(_("note"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), related_name="+", on_delete=models.PROTECT
    )
    handled_at = models.DateTimeField(_("handled at"))

    class Meta:
        verbose_name = _("escalation handling")
        verbose_name_plural = _("escalation handlings")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["work_item", "escalated_at"], name="workflow_one_handling_per_escalation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_item} · {self.get_action_display()}"
