"""Leader election for `yekuo worker` with a lease row: any number of workers run, one acts.

Portable to SQLite and PostgreSQL (no advisory locks): taking the lease is one UPDATE guarded by
"expired, or already mine", and creating it relies on the primary key, so two workers never both win.
A leader that dies stops renewing; another takes over once the lease has expired. Each process compares
with its own clock: keep the hosts' clocks in sync (they must be anyway, for the deadlines).

The lease is renewed once per cycle. A cycle that outlasts it (a large backlog after downtime) lets a
second worker start meanwhile; that costs time, not correctness, because every step of the sweep and of
the deliveries is guarded against running twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from yekuo.workflow.scheduler_models import WorkerLease

SCHEDULER_LEASE = "scheduler"
DEFAULT_LEASE_DURATION = timedelta(seconds=60)


def lease_acquire(
    *, name: str, holder: str, now: datetime, duration: timedelta = DEFAULT_LEASE_DURATION
) -> bool:
    """Take or renew the lease until `now + duration`. True when `holder` now holds it."""
    taken = WorkerLease.objects.filter(Q(name=name) & (Q(expires_at__lte=now) | Q(holder=holder))).update(
        holder=holder, expires_at=now + duration
    )
    if taken:
        return True
    if WorkerLease.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            WorkerLease.objects.create(name=name, holder=holder, expires_at=now + duration)
    except IntegrityError:
        return False  # another worker created it first
    return True


def lease_release(*, name: str, holder: str) -> bool:
    """Give the lease up (on a clean shutdown), so another worker takes over at once."""
    deleted, _details = WorkerLease.objects.filter(name=name, holder=holder).delete()
    return deleted > 0


def lease_current(*, name: str) -> WorkerLease | None:
    return WorkerLease.objects.filter(name=name).first()
