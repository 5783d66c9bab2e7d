"""Append an event to its chain, inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import IntegrityError, transaction

from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.events.hashing import GENESIS_HASH, event_hash, json_safe
from yekuo.events.models import Event, EventChain

SYSTEM_CHAIN = "system"


def _locked_chain(key: str) -> EventChain:
    """The chain's head row, locked until the caller's transaction ends; created on first use."""
    chain = EventChain.objects.select_for_update().filter(key=key).first()
    if chain is not None:
        return chain
    try:
        with transaction.atomic():
            EventChain.objects.create(key=key, last_sequence=0, last_hash=GENESIS_HASH)
    except IntegrityError:
        pass  # another transaction created it first; lock theirs
    return EventChain.objects.select_for_update().get(key=key)


def record_event(
    *,
    kind: str,
    actor: User | None,
    chain: str = SYSTEM_CHAIN,
    application_id: int | None = None,
    work_item_id: int | None = None,
    subject_type: str = "",
    subject_id: int | None = None,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Must run inside the transaction of the change it records (conventions §7)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    head = _locked_chain(chain)
    occurred_at = clock.now().astimezone(UTC)
    fields: dict[str, Any] = {
        "chain": chain,
        "sequence": head.last_sequence + 1,
        "occurred_at": occurred_at,
        "actor_id": actor.pk if actor is not None else None,
        "kind": kind,
        "application_id": application_id,
        "work_item_id": work_item_id,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "old_values": json_safe(old_values or {}),
        "new_values": json_safe(new_values or {}),
        "previous_hash": head.last_hash,
    }
    fields["hash"] = event_hash(**fields)
    event = Event.objects.create(**fields)
    head.last_sequence = event.sequence
    head.last_hash = event.hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return event
