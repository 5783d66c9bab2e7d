"""The raw-SQL floor of bench/transitions.py: the least SQL one transition must execute, on yekuo's tables.

Per transition, in one transaction (Django's `transaction.atomic()`, i.e. the driver's BEGIN and COMMIT;
BEGIN IMMEDIATE on SQLite, as yekuo's settings configure):

  1. SELECT the application row (FOR UPDATE on PostgreSQL)
  2. SELECT the work item, checking it belongs to the application and is still open
  3. UPDATE the work item to completed (closed_at, closed_by)
  4. INSERT the stage record (applications_customermilestone)
  5. INSERT the next stage's work item (11 of an application's 12 transitions: the last opens none)
  6. SELECT the event chain's head (FOR UPDATE on PostgreSQL)
  7. INSERT one events_event row whose hash is SHA-256 over its content and the previous hash
  8. UPDATE the chain head (last sequence, last hash)
  9. UPDATE the application's version

It opens stages in a fixed order and computes no due dates, clocks, permissions or joins: that is the work
the engine adds, and what the ratio to this floor measures.

`batched=True` (PostgreSQL only) sends the same statements in three round trips instead of one each, as
yekuo sends several statements in one message (yekuo.core.prepared.run_together): (1, 2), (3, 4, 5, 6)
and (7, 8, 9), plus BEGIN and COMMIT. It is the floor for an engine that batches. With `prepared=True` as
well, those messages carry the statements as EXECUTEs of statements prepared once per connection, so the
server does not plan them again, as yekuo sends its own (yekuo.core.server_plans): the floor for an engine
that batches and keeps its plans.

`two_messages=True` (PostgreSQL) is the least any engine that decides in the client can send: message one
is BEGIN with the application's lock, the work item's read and the event chain's lock (1, 2, 6); message two
every write and COMMIT (3, 4, 5, 7, 8, 9), prepared as above. The engine must see the item's state and the
chain's head before it writes, so one message is left only to an engine whose rules run inside the database.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from yekuo.core import server_plans
from yekuo.events.hashing import GENESIS_HASH, JsonValue, event_hash
from yekuo.workflow.models import StageDefinition, WorkItem

FLOOR_CHAIN = "bench-floor"
EVENT_KIND = "work_item.completed"
LOCK_APPLICATION = {
    "postgresql": "SELECT id, version FROM applications_application WHERE id = %s FOR UPDATE",
    "sqlite": "SELECT id, version FROM applications_application WHERE id = %s",
}
READ_WORK_ITEM = "SELECT stage, status FROM workflow_workitem WHERE id = %s AND application_id = %s"
COMPLETE_WORK_ITEM = (
    "UPDATE workflow_workitem SET status = 'completed', closed_at = %s, closed_by_id = %s WHERE id = %s"
)
INSERT_STAGE_RECORD = (
    "INSERT INTO applications_customermilestone (application_id, work_item_id, recorded_at, recorded_by_id,"
    " stage, completed_on, firm_name, reference, note) VALUES (%s, %s, %s, %s, %s, %s, '', '', '')"
)
OPEN_WORK_ITEM = (
    "INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,"
    " candidate_unit_id, status, is_current, opened_at, deadline_state, outcome_note)"
    " VALUES (%s, %s, %s, %s, %s, %s, 'open', %s, %s, 'on_time', '') RETURNING id"
)
LOCK_CHAIN = {
    "postgresql": "SELECT last_sequence, last_hash FROM events_eventchain WHERE key = %s FOR UPDATE",
    "sqlite": "SELECT last_sequence, last_hash FROM events_eventchain WHERE key = %s",
}
INSERT_EVENT = (
    "INSERT INTO events_event (chain, sequence, occurred_at, actor_id, kind, application_id, work_item_id,"
    " subject_type, subject_id, old_values, new_values, previous_hash, hash)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, '', NULL, %s, %s, %s, %s)"
)
ADVANCE_CHAIN = "UPDATE events_eventchain SET last_sequence = %s, last_hash = %s WHERE key = %s"
RAISE_VERSION = "UPDATE applications_application SET version = version + 1 WHERE id = %s"


@dataclass(frozen=True)
class Opening:
    stage: str
    stage_definition_id: int
    owner: str
    role: str


@dataclass
class Position:
    """Where one application stands: its open work item and that stage's index in the sequence."""

    application_id: int
    candidate_unit_id: int
    work_item_id: int
    index: int


def _prepare(application_ids: list[int], stages: list[str]) -> tuple[list[Opening], list[Position]]:
    """Untimed: the stage definitions to open, each application's open acceptance item, the chain head."""
    items = list(WorkItem.objects.filter(application_id__in=application_ids, status="open").order_by("pk"))
    definition_id = items[0].stage_definition.definition_id
    definitions = {sd.stage: sd for sd in StageDefinition.objects.filter(definition_id=definition_id)}
    openings = [Opening(s, definitions[s].pk, definitions[s].owner, definitions[s].role) for s in stages]
    positions = [Position(item.application_id, item.candidate_unit_id, item.pk, 0) for item in items]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_eventchain (key, last_sequence, last_hash) VALUES (%s, 0, %s)"
            " ON CONFLICT (key) DO NOTHING",
            [FLOOR_CHAIN, GENESIS_HASH],
        )
    return openings, positions


Statement = tuple[str, list[Any]]  # the SQL and its parameters


@dataclass(frozen=True)
class Step:
    """One transition's inputs: where the application stands, the stage it completes and the next."""

    at: Position
    stage: Opening
    following: Opening | None
    actor_id: int
    moment: datetime

    @classmethod
    def of(cls, at: Position, openings: list[Opening], *, actor_id: int, moment: datetime) -> Step:
        following = openings[at.index + 1] if at.index + 1 < len(openings) else None
        return cls(at, openings[at.index], following, actor_id, moment)

    @property
    def stored_moment(self) -> Any:
        return connection.ops.adapt_datetimefield_value(self.moment)

    def reads(self) -> list[Statement]:
        """Statements 1 and 2: the application's lock and the work item."""
        return [
            (LOCK_APPLICATION[connection.vendor], [self.at.application_id]),
            (READ_WORK_ITEM, [self.at.work_item_id, self.at.application_id]),
        ]

    def stage_writes(self) -> list[Statement]:
        """Statements 3, 4 and (but on the last stage) 5; 5 returns the new item's id."""
        at, moment, stored = self.at, self.moment, self.stored_moment
        writes: list[Statement] = [
            (COMPLETE_WORK_ITEM, [stored, self.actor_id, at.work_item_id]),
            (INSERT_STAGE_RECORD,
             [at.application_id, at.work_item_id, stored, self.actor_id, self.stage.stage, moment.date()]),
        ]  # fmt: skip
        if self.following is not None:
            following = self.following
            writes.append(
                (OPEN_WORK_ITEM,
                 [at.application_id, following.stage_definition_id, following.stage, following.owner,
                  following.role, at.candidate_unit_id, True, stored])
            )  # fmt: skip
        return writes

    def event_writes(self, last_sequence: int, last_hash: str) -> list[Statement]:
        """Statements 7, 8 and 9, after the chain's head (statement 6) was read."""
        at, sequence = self.at, last_sequence + 1
        new_values: dict[str, JsonValue] = {"stage": self.stage.stage}
        digest = event_hash(
            chain=FLOOR_CHAIN, sequence=sequence, occurred_at=self.moment, actor_id=self.actor_id,
            kind=EVENT_KIND, application_id=at.application_id, work_item_id=at.work_item_id, subject_type="",
            subject_id=None, old_values={}, new_values=new_values, previous_hash=last_hash,
        )  # fmt: skip
        return [
            (INSERT_EVENT,
             [FLOOR_CHAIN, sequence, self.stored_moment, self.actor_id, EVENT_KIND, at.application_id,
              at.work_item_id, "{}", json.dumps(new_values), last_hash, digest]),
            (ADVANCE_CHAIN, [sequence, digest, FLOOR_CHAIN]),
            (RAISE_VERSION, [at.application_id]),
        ]  # fmt: skip

    def check_open(self, work_item_rows: list[Any]) -> None:
        if not work_item_rows or work_item_rows[0][1] not in ("open", "claimed"):
            raise RuntimeError(f"work item {self.at.work_item_id} is not open")

    def advance(self, next_item_id: int | None) -> None:
        if next_item_id is not None:
            self.at.work_item_id, self.at.index = next_item_id, self.at.index + 1


def chain_lock() -> Statement:
    """Statement 6: the event chain's head, locked."""
    return (LOCK_CHAIN[connection.vendor], [FLOOR_CHAIN])


def _transition(step: Step) -> None:
    """One transition, every statement listed in the module's docstring in its own round trip."""
    with transaction.atomic(), connection.cursor() as cursor:
        rows: list[list[Any]] = []
        for sql, params in [*step.reads(), *step.stage_writes(), chain_lock()]:
            cursor.execute(sql, params)
            rows.append(cursor.fetchall() if cursor.description is not None else [])
        step.check_open(rows[1])
        for sql, params in step.event_writes(*rows[-1][0]):
            cursor.execute(sql, params)
    step.advance(rows[4][0][0] if step.following is not None else None)


def _results(cursor: Any, count: int) -> list[list[Any]]:
    """The rows of each of `count` statements sent in one execute."""
    results = []
    for index in range(count):
        if index and not cursor.nextset():
            raise RuntimeError("fewer results than statements")
        results.append(cursor.fetchall() if cursor.description is not None else [])
    return results


def _send(
    cursor: Any, statements: list[Statement], *, prepared: bool, before: str = "", after: str = ""
) -> list[list[Any]]:
    """The statements in one message, each statement's rows; `prepared`: as EXECUTEs of statements the
    server keeps planned, as yekuo sends them (yekuo.core.server_plans). `before` and `after`: a statement
    without parameters or rows (BEGIN, COMMIT) at either end of the same message."""
    texts = [sql for sql, _params in statements]
    params = [value for _sql, values in statements for value in values]
    if not prepared:
        cursor.execute(";\n".join([*filter(None, [before]), *texts, *filter(None, [after])]), params)
        results = _results(cursor, len(texts) + bool(before) + bool(after))
        return results[bool(before) : len(results) - bool(after)]
    message = server_plans.message_for(connection.connection, texts)
    sql = ";\n".join(part for part in (before, message.sql, after) if part)
    try:
        cursor.execute(sql, params)
    except BaseException:
        server_plans.sent(connection.connection, message, succeeded=False)
        raise
    server_plans.sent(connection.connection, message, succeeded=True)
    results = _results(cursor, len(message.owners) + bool(before) + bool(after))
    results = results[bool(before) : len(results) - bool(after)]
    return [rows for rows, owner in zip(results, message.owners, strict=True) if owner is not None]


def _batched_transition(step: Step, *, prepared: bool = False) -> None:
    """The same statements as `_transition`, in three round trips (PostgreSQL: several per message)."""
    with transaction.atomic(), connection.cursor() as cursor:
        step.check_open(_send(cursor, step.reads(), prepared=prepared)[1])
        written = _send(cursor, [*step.stage_writes(), chain_lock()], prepared=prepared)
        _send(cursor, step.event_writes(*written[-1][0]), prepared=prepared)
    step.advance(written[2][0][0] if step.following is not None else None)


def _two_message_transition(step: Step) -> None:
    """The same statements as `_transition` in two messages, BEGIN in the first and COMMIT in the second."""
    if not connection.get_autocommit():
        raise RuntimeError("the two-message floor runs its own transaction")
    with connection.cursor() as cursor:
        try:
            read = _send(cursor, [*step.reads(), chain_lock()], prepared=True, before="BEGIN")
            step.check_open(read[1])
            writes = [*step.stage_writes(), *step.event_writes(*read[2][0])]
            written = _send(cursor, writes, prepared=True, after="COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
    step.advance(written[2][0][0] if step.following is not None else None)


def run_floor(
    application_ids: list[int],
    stages: list[str],
    *,
    actor_id: int,
    moment: datetime,
    batched: bool = False,
    prepared: bool = False,
    two_messages: bool = False,
) -> tuple[int, float]:
    """Round after round, one transition of every application, until each has made `len(stages)`.
    `prepared` (with `batched`): the batched statements as prepared statements, planned once."""
    if batched and connection.vendor != "postgresql":
        raise ValueError("the batched floor needs PostgreSQL")
    if prepared and not batched:
        raise ValueError("the prepared floor is the batched one")
    if two_messages and connection.vendor != "postgresql":
        raise ValueError("the two-message floor needs PostgreSQL")

    def run_one(at: Position, openings: list[Opening], *, actor_id: int, moment: datetime) -> None:
        step = Step.of(at, openings, actor_id=actor_id, moment=moment)
        if two_messages:
            _two_message_transition(step)
        elif batched:
            _batched_transition(step, prepared=prepared)
        else:
            _transition(step)

    openings, positions = _prepare(application_ids, stages)
    transitions, seconds = 0, 0.0
    for _round in stages:
        for at in positions:
            started = time.perf_counter()
            run_one(at, openings, actor_id=actor_id, moment=moment)
            seconds += time.perf_counter() - started
            transitions += 1
    return transitions, seconds
