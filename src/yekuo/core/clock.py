"""The one place yekuo reads the time, so tests and the demo generator can set it (conventions §10)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen_at: ContextVar[datetime | None] = ContextVar("yekuo_frozen_at", default=None)


def now() -> datetime:
    """The current aware datetime, or the moment set by `frozen_at`."""
    return _frozen_at.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Within the block `now()` returns `moment` (aware). Blocks nest; leaving one restores the outer time."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen_at.set(moment)
    try:
        yield
    finally:
        _frozen_at.reset(token)
