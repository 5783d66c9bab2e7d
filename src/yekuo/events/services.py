"""Append an event to its chain, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.db import transaction

from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.core.prepared import PreparedQuery, Statement, insert_statement, run_together, update_statement
from yekuo.events.hashing import GENESIS_HASH, event_hash, json_safe
from yekuo.events.models import Event, EventChain

SYSTEM_CHAIN = "system"

_CHAIN_HEAD = PreparedQuery(lambda key: EventChain.objects.select_for_update().filter(key=key), str)


def _locked_chain(key: str, together: Sequence[Statement] = ()) -> EventChain:
    """The chain's head row, locked until the caller's transaction ends; created on first use. The
    caller's `together` statements run first, in the same round trip."""
    lock = _CHAIN_HEAD.statement(key)
    run_together(*together, lock)
    chain = lock.first()
    if chain is not None:
        return chain
    # Another transaction may create it meanwhile: then lock theirs.
    EventChain.objects.bulk_create(
        [EventChain(key=key, last_sequence=0, last_hash=GENESIS_HASH)], ignore_conflicts=True
    )
    return EventChain.objects.select_for_update().get(key=key)


@dataclass(frozen=True)
class EventDraft:
    """One event to append; `record_events` gives it its place in the chain."""

    kind: str
    actor_id: int | None = None
    application_id: int | None = None
    work_item_id: int | None = None
    subject_type: str = ""
    subject_id: int | None = None
    old_values: dict[str, Any] = field(default_factory=dict)
    new_values: dict[str, Any] = field(default_factory=dict)


def record_events(
    drafts: Sequence[EventDraft] | Callable[[], Sequence[EventDraft]],
    *,
    chain: str = SYSTEM_CHAIN,
    together: Sequence[Statement] = (),
) -> list[Event]:
    """Append several events to one chain with one lock of its head, one insert and one head update.
    Must run inside the transaction of the changes they record (conventions §7). `together`: statements
    of those changes still to run; they run before the head is locked, in the same round trip. `drafts`
    may be a function giving them once `together` has run (their rows' ids are known then); it must
    give at least one."""
    if not callable(drafts) and not drafts and not together:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    if not callable(drafts) and not drafts:
        run_together(*together)
        return []
    head = _locked_chain(chain, together)
    if callable(drafts):
        drafts = drafts()
    occurred_at = clock.now().astimezone(UTC)
    events = []
    sequence, previous_hash = head.last_sequence, head.last_hash
    for draft in drafts:
        sequence += 1
        fields: dict[str, Any] = {
            "chain": chain,
            "sequence": sequence,
            "occurred_at": occurred_at,
            "actor_id": draft.actor_id,
            "kind": draft.kind,
            "application_id": draft.application_id,
            "work_item_id": draft.work_item_id,
            "subject_type": draft.subject_type,
            "subject_id": draft.subject_id,
            "old_values": json_safe(draft.old_values),
            "new_values": json_safe(draft.new_values),
            "previous_hash": previous_hash,
        }
        fields["hash"] = previous_hash = event_hash(**fields)
        events.append(Event(**fields))
    head.last_sequence, head.last_hash = sequence, previous_hash
    run_together(update_statement(head, ["last_sequence", "last_hash"]), insert_statement(events))
    return events


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
    draft = EventDraft(
        kind=kind,
        actor_id=actor.pk if actor is not None else None,
        application_id=application_id,
        work_item_id=work_item_id,
        subject_type=subject_type,
        subject_id=subject_id,
        old_values=old_values or {},
        new_values=new_values or {},
    )
    return record_events([draft], chain=chain)[0]
