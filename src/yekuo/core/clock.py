"""The one place yekuo reads the time, so tests can freeze it (conventions §10)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current aware datetime."""
    return timezone.now()
