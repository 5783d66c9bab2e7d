"""Side effects (notifications, e-mail) run only after the transaction that caused them commits."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def after_commit(effect: Callable[[], object]) -> None:
    """Run `effect` once the surrounding transaction commits; never when it rolls back."""
    transaction.on_commit(effect, robust=True)
