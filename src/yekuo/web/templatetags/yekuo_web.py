"""Small display helpers for the layout and shared pages."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(duration: timedelta | None) -> int:
    """A duration in minutes, rounded up, so "try again in N minutes" is never too early."""
    if duration is None:
        return 0
    seconds = int(duration.total_seconds())
    return max(0, -(-seconds // 60))
