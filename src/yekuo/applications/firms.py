"""Reading the firm register for customers (三不指定): every firm with a valid licence, in random order, so
that no position on the list reads as a recommendation."""

from __future__ import annotations

import random
from datetime import date

from yekuo.applications.customer_records import RegisteredFirm

_shuffle = random.SystemRandom().shuffle


def firms_for_choice(*, kind: str, today: date) -> list[RegisteredFirm]:
    firms = list(
        RegisteredFirm.objects.filter(kind=kind, is_active=True, licence_valid_until__gte=today).order_by(
            "pk"
        )
    )
    _shuffle(firms)
    return firms


def firm_selectable(*, firm_id: int, kind: str, today: date) -> RegisteredFirm | None:
    """The firm if a customer may choose it now: listed, of the right kind, licence not expired."""
    return RegisteredFirm.objects.filter(
        pk=firm_id, kind=kind, is_active=True, licence_valid_until__gte=today
    ).first()
