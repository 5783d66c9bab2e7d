"""The inbox (one row per message to one account) and the outbox (one row per message and channel).

A notification is written in the transaction of the change it announces; its deliveries are sent by the
worker after commit and retried, so a message accepted while SMTP or the SMS gateway is down is not lost.
Applications and work items are referenced by id: this app sits below the ones whose changes it announces.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in one account's inbox, rendered in the recipient's language when it was written."""

    recipient = models.ForeignKey(  # indexed first in notifications_inbox (Meta), not on its own
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        related_name="notifications",
        on_delete=models.CASCADE,
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True, help_text=_("A path within yekuo."))
    application_id = models.BigIntegerField(_("application"), null=True, blank=True)
    work_item_id = models.BigIntegerField(_("work item"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes: ClassVar = [
            models.Index(fields=["recipient", "-created_at"], name="notifications_inbox"),
            models.Index(
                fields=["recipient"], name="notifications_unread", condition=models.Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    CONSOLE = "console", _("Console")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Sending failed")


class Delivery(models.Model):
    """Sending one notification through one channel: retried with growing delays, then given up."""

    notification = models.ForeignKey(  # indexed first by the one-delivery-per-channel constraint
        Notification,
        verbose_name=_("notification"),
        related_name="deliveries",
        on_delete=models.CASCADE,
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=16, choices=DeliveryChannel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notifications_one_delivery_per_channel"
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["next_attempt_at"],
                name="notifications_delivery_due",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification} · {self.get_channel_display()}"
