"""Sending the outbox: claim due deliveries, send each outside any transaction, record the outcome.

Claiming is a short transaction (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL) that counts the attempt
and pushes `next_attempt_at` past a claim timeout, so two senders never take the same row and a sender
that dies mid-send leaves its rows to be retried. Sending happens after that commit: a slow SMTP server
never holds a database lock (on SQLite, that would stop every other writer). Delivery is therefore at
least once: a crash between sending and recording may send a message twice, never lose it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F

from yekuo.core import clock
from yekuo.notifications.channels import Channel, DeliveryRefused, channels_from_environment
from yekuo.notifications.models import Delivery, DeliveryStatus

logger = logging.getLogger("yekuo.notifications")

MAXIMUM_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=1)
CLAIM_TIMEOUT = timedelta(minutes=10)
ERROR_LENGTH = 1_000


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 1, 2, 4, 8 minutes."""
    return FIRST_RETRY_DELAY * int(2 ** max(0, attempts - 1))


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"deliveries sent={self.sent} retrying={self.retrying} failed={self.failed}"


def _claim(*, now: datetime, limit: int) -> list[Delivery]:
    with transaction.atomic():
        due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        claimed_ids = list(due.values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=claimed_ids).update(
            attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_TIMEOUT
        )
    return list(  # read back: `attempts` now counts this attempt
        Delivery.objects.filter(pk__in=claimed_ids)
        .select_related("notification__recipient")
        .order_by("next_attempt_at", "pk")
    )


def _record_failure(delivery: Delivery, *, now: datetime, error: str, permanent: bool) -> DeliveryStatus:
    gives_up = permanent or delivery.attempts >= MAXIMUM_ATTEMPTS
    status = DeliveryStatus.FAILED if gives_up else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, last_error=error[:ERROR_LENGTH], next_attempt_at=now + retry_delay(delivery.attempts)
    )
    return status


def deliver_pending(
    *, now: datetime | None = None, limit: int = 200, channels: Mapping[str, Channel] | None = None
) -> DeliveryReport:
    """Send up to `limit` deliveries that are due; retry failures with backoff, at most 5 attempts."""
    moment = now or clock.now()
    adapters = channels_from_environment() if channels is None else channels
    report = DeliveryReport()
    for delivery in _claim(now=moment, limit=limit):
        adapter = adapters.get(delivery.channel)
        try:
            if adapter is None:
                raise DeliveryRefused(f"no adapter for the {delivery.channel} channel")
            adapter.send(delivery.notification)
        except DeliveryRefused as refusal:
            _record_failure(delivery, now=moment, error=str(refusal), permanent=True)
            report.failed += 1
        # Adapters fail in many ways (OSError, SMTPException, HTTPError, …); each is worth a retry.
        except Exception as error:
            logger.warning("delivery %s (%s) failed: %s", delivery.pk, delivery.channel, error)
            status = _record_failure(
                delivery, now=moment, error=f"{type(error).__name__}: {error}", permanent=False
            )
            if status == DeliveryStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.SENT, sent_at=moment, last_error=""
            )
            report.sent += 1
    return report
