"""Small display helpers for the layout and shared pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def whole_minutes(duration: timedelta | None) -> int:
    """A duration in minutes, rounded up, so "try again in N minutes" is never too early."""
    if duration is None:
        return 0
    seconds = int(duration.total_seconds())
    return max(0, -(-seconds // 60))


@register.filter
def due_day(due_at: datetime | None) -> date | None:
    """The last day a stage may take: due times are stored as the midnight that ends that day."""
    if due_at is None:
        return None
    local = timezone.localtime(due_at)
    return local.date() - timedelta(days=1) if local.time() == time.min else local.date()
