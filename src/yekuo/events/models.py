"""Event rows and the head of each hash chain.

Events reference applications and work items by id, not by foreign key: the log outlives and never
constrains what it records, and it sits below the apps whose changes it records.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One change: who, when, to what, from which values to which. Never updated, never deleted."""

    chain = models.CharField(_("chain"), max_length=20, help_text=_("Province region code, or 'system'."))
    sequence = models.PositiveBigIntegerField(_("sequence in chain"))
    occurred_at = models.DateTimeField(_("occurred at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_constraint=False,
        help_text=_("Empty for the system (the deadline sweep, imports)."),
    )
    kind = models.CharField(_("kind"), max_length=60)
    application_id = models.BigIntegerField(_("application"), null=True, blank=True)
    work_item_id = models.BigIntegerField(_("work item"), null=True, blank=True)
    subject_type = models.CharField(_("subject type"), max_length=60, blank=True)
    subject_id = models.BigIntegerField(_("subject"), null=True, blank=True)
    old_values = models.JSONField(_("old values"), default=dict)
    new_values = models.JSONField(_("new values"), default=dict)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="events_event_chain_sequence_unique"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["application_id", "occurred_at"], name="events_by_application"),
            models.Index(fields=["kind", "occurred_at"], name="events_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.kind}"


class EventChain(models.Model):
    """The last link of one chain. Appending locks this row, so links are written one at a time."""

    key = models.CharField(_("chain"), max_length=20, primary_key=True)
    last_sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("event chain")
        verbose_name_plural = _("event chains")

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_sequence}"
