"""Walk each chain and report the first row that does not fit: edited, inserted or deleted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from yekuo.events.hashing import GENESIS_HASH, event_hash
from yekuo.events.models import Event, EventChain

BATCH_SIZE = 5_000


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    sequence: int
    event_id: int | None
    problem: str

    def describe(self) -> str:
        row = f"event id {self.event_id}" if self.event_id is not None else "no row"
        return f"chain {self.chain}, sequence {self.sequence} ({row}): {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events_checked: int
    first_break: ChainBreak | None


def _events_in_order(chain: str) -> Iterator[Event]:
    last_sequence = 0
    while True:
        batch = list(
            Event.objects.filter(chain=chain, sequence__gt=last_sequence).order_by("sequence")[:BATCH_SIZE]
        )
        if not batch:
            return
        yield from batch
        last_sequence = batch[-1].sequence


def _recomputed_hash(event: Event) -> str:
    return event_hash(
        chain=event.chain,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        kind=event.kind,
        application_id=event.application_id,
        work_item_id=event.work_item_id,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        old_values=event.old_values,
        new_values=event.new_values,
        previous_hash=event.previous_hash,
    )


def verify_chain(chain: str) -> ChainReport:
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    for event in _events_in_order(chain):
        checked += 1
        if event.sequence != expected_sequence:
            return ChainReport(
                chain,
                checked,
                ChainBreak(
                    chain, expected_sequence, None, f"missing; the next row is {event.sequence} (deleted)"
                ),
            )
        if event.previous_hash != previous_hash:
            problem = "does not follow its predecessor (inserted, or the predecessor was edited or deleted)"
            return ChainReport(chain, checked, ChainBreak(chain, event.sequence, event.pk, problem))
        if _recomputed_hash(event) != event.hash:
            return ChainReport(chain, checked, ChainBreak(chain, event.sequence, event.pk, "content edited"))
        previous_hash = event.hash
        expected_sequence += 1
    head = EventChain.objects.filter(key=chain).first()
    last_sequence = expected_sequence - 1
    if head is not None and (head.last_sequence != last_sequence or head.last_hash != previous_hash):
        problem = f"the chain head records {head.last_sequence} rows; the last rows were deleted"
        return ChainReport(chain, checked, ChainBreak(chain, last_sequence + 1, None, problem))
    return ChainReport(chain, checked, None)


def verify_all_chains() -> list[ChainReport]:
    keys = set(EventChain.objects.values_list("key", flat=True)) | set(
        Event.objects.values_list("chain", flat=True).distinct()
    )
    return [verify_chain(key) for key in sorted(keys)]
