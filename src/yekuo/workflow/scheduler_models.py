"""The scheduler's own state: who leads it (a lease) and when each daily task last ran.

Imported by workflow.models so Django registers both tables with the workflow app.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerLease(models.Model):
    """Whoever holds an unexpired lease acts; the others wait. The holder renews it every cycle."""

    name = models.CharField(_("name"), max_length=60, primary_key=True)
    holder = models.CharField(_("holder"), max_length=200)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("worker lease")
        verbose_name_plural = _("worker leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"


class SchedulerState(models.Model):
    """The last day a daily task ran, so a rerun the same day does nothing (a recorded high-water mark)."""

    task = models.CharField(_("task"), max_length=60, primary_key=True)
    last_run_on = models.DateField(_("last run on"))

    class Meta:
        verbose_name = _("scheduler state")
        verbose_name_plural = _("scheduler states")

    def __str__(self) -> str:
        return f"{self.task} @ {self.last_run_on}"
