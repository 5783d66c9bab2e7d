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


def _transition(at: Position, openings: list[Opening], *, actor_id: int, moment: datetime) -> None:
    """One transition, every statement listed in the module's docstring, in one transaction."""
    stage = openings[at.index]
    following = openings[at.index + 1] if at.index + 1 < len(openings) else None
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK_APPLICATION[connection.vendor], [at.application_id])
        cursor.fetchone()
        cursor.execute(READ_WORK_ITEM, [at.work_item_id, at.application_id])
        row = cursor.fetchone()
        if row is None or row[1] not in ("open", "claimed"):
            raise RuntimeError(f"work item {at.work_item_id} is not open")
        cursor.execute(COMPLETE_WORK_ITEM, [stored_moment, actor_id, at.work_item_id])
        cursor.execute(
            INSERT_STAGE_RECORD,
            [at.application_id, at.work_item_id, stored_moment, actor_id, stage.stage, moment.date()],
        )
        next_item_id = None
        if following is not None:
            cursor.execute(
                OPEN_WORK_ITEM,
                [at.application_id, following.stage_definition_id, following.stage, following.owner,
                 following.role, at.candidate_unit_id, True, stored_moment],
            )  # fmt: skip
            next_item_id = cursor.fetchone()[0]
        cursor.execute(LOCK_CHAIN[connection.vendor], [FLOOR_CHAIN])
        last_sequence, last_hash = cursor.fetchone()
        sequence = last_sequence + 1
        new_values: dict[str, JsonValue] = {"stage": stage.stage}
        digest = event_hash(
            chain=FLOOR_CHAIN, sequence=sequence, occurred_at=moment, actor_id=actor_id, kind=EVENT_KIND,
            application_id=at.application_id, work_item_id=at.work_item_id, subject_type="", subject_id=None,
            old_values={}, new_values=new_values, previous_hash=last_hash,
        )  # fmt: skip
        cursor.execute(
            INSERT_EVENT,
            [FLOOR_CHAIN, sequence, stored_moment, actor_id, EVENT_KIND, at.application_id, at.work_item_id,
             "{}", json.dumps(new_values), last_hash, digest],
        )  # fmt: skip
        cursor.execute(ADVANCE_CHAIN, [sequence, digest, FLOOR_CHAIN])
        cursor.execute(RAISE_VERSION, [at.application_id])
    if next_item_id is not None:
        at.work_item_id, at.index = next_item_id, at.index + 1


def _results(cursor: Any, count: int) -> list[list[Any]]:
    """The rows of each of `count` statements sent in one execute."""
    results = []
    for index in range(count):
        if index and not cursor.nextset():
            raise RuntimeError("fewer results than statements")
        results.append(cursor.fetchall() if cursor.description is not None else [])
    return results


def _send(
    cursor: Any,
    statements: list[str],
    params: list[Any],
    *,
    prepared: bool,
    before: str = "",
    after: str = "",
) -> list[list[Any]]:
    """The statements in one message, each statement's rows; `prepared`: as EXECUTEs of statements the
    server keeps planned, as yekuo sends them (yekuo.core.server_plans). `before` and `after`: a statement
    without parameters or rows (BEGIN, COMMIT) at either end of the same message."""
    if not prepared:
        cursor.execute(";\n".join(statements), params)
        return _results(cursor, len(statements))
    message = server_plans.message_for(connection.connection, statements)
    sql = ";\n".join(part for part in (before, message.sql, after) if part)
    try:
        cursor.execute(sql, params)
    except BaseException:
        server_plans.sent(connection.connection, message, succeeded=False)
        raise
    server_plans.sent(connection.connection, message, succeeded=True)
    results = _results(cursor, len(message.owners) + bool(before) + bool(after))
    results = results[1:] if before else results
    return [rows for rows, owner in zip(results, message.owners, strict=False) if owner is not None]


def _batched_transition(
    at: Position, openings: list[Opening], *, actor_id: int, moment: datetime, prepared: bool = False
) -> None:
    """The same statements as `_transition`, in three round trips (PostgreSQL: several per message)."""
    stage = openings[at.index]
    following = openings[at.index + 1] if at.index + 1 < len(openings) else None
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    with transaction.atomic(), connection.cursor() as cursor:
        row = _send(
            cursor,
            [LOCK_APPLICATION["postgresql"], READ_WORK_ITEM],
            [at.application_id, at.work_item_id, at.application_id],
            prepared=prepared,
        )[1]
        if not row or row[0][1] not in ("open", "claimed"):
            raise RuntimeError(f"work item {at.work_item_id} is not open")
        statements = [COMPLETE_WORK_ITEM, INSERT_STAGE_RECORD]
        params: list[Any] = [stored_moment, actor_id, at.work_item_id]
        params += [at.application_id, at.work_item_id, stored_moment, actor_id, stage.stage, moment.date()]
        if following is not None:
            statements.append(OPEN_WORK_ITEM)
            params += [at.application_id, following.stage_definition_id, following.stage, following.owner,
                       following.role, at.candidate_unit_id, True, stored_moment]  # fmt: skip
        statements.append(LOCK_CHAIN["postgresql"])
        params.append(FLOOR_CHAIN)
        results = _send(cursor, statements, params, prepared=prepared)
        next_item_id = results[2][0][0] if following is not None else None
        last_sequence, last_hash = results[-1][0]
        sequence = last_sequence + 1
        new_values: dict[str, JsonValue] = {"stage": stage.stage}
        digest = event_hash(
            chain=FLOOR_CHAIN, sequence=sequence, occurred_at=moment, actor_id=actor_id, kind=EVENT_KIND,
            application_id=at.application_id, work_item_id=at.work_item_id, subject_type="", subject_id=None,
            old_values={}, new_values=new_values, previous_hash=last_hash,
        )  # fmt: skip
        _send(
            cursor,
            [INSERT_EVENT, ADVANCE_CHAIN, RAISE_VERSION],
            [FLOOR_CHAIN, sequence, stored_moment, actor_id, EVENT_KIND, at.application_id, at.work_item_id,
             "{}", json.dumps(new_values), last_hash, digest, sequence, digest, FLOOR_CHAIN,
             at.application_id],
            prepared=prepared,
        )  # fmt: skip
    if next_item_id is not None:
        at.work_item_id, at.index = next_item_id, at.index + 1


def _two_message_transition(
    at: Position, openings: list[Opening], *, actor_id: int, moment: datetime
) -> None:
    """The same statements as `_transition` in two messages, BEGIN in the first and COMMIT in the second."""
    stage = openings[at.index]
    following = openings[at.index + 1] if at.index + 1 < len(openings) else None
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    if not connection.get_autocommit():
        raise RuntimeError("the two-message floor runs its own transaction")
    with connection.cursor() as cursor:
        try:
            read = _send(
                cursor,
                [LOCK_APPLICATION["postgresql"], READ_WORK_ITEM, LOCK_CHAIN["postgresql"]],
                [at.application_id, at.work_item_id, at.application_id, FLOOR_CHAIN],
                prepared=True,
                before="BEGIN",
            )
            if not read[1] or read[1][0][1] not in ("open", "claimed"):
                raise RuntimeError(f"work item {at.work_item_id} is not open")
            last_sequence, last_hash = read[2][0]
            sequence = last_sequence + 1
            new_values: dict[str, JsonValue] = {"stage": stage.stage}
            digest = event_hash(
                chain=FLOOR_CHAIN, sequence=sequence, occurred_at=moment, actor_id=actor_id, kind=EVENT_KIND,
                application_id=at.application_id, work_item_id=at.work_item_id, subject_type="",
                subject_id=None, old_values={}, new_values=new_values, previous_hash=last_hash,
            )  # fmt: skip
            statements = [COMPLETE_WORK_ITEM, INSERT_STAGE_RECORD]
            params: list[Any] = [stored_moment, actor_id, at.work_item_id]
            params += [at.application_id, at.work_item_id, stored_moment, actor_id, stage.stage,
                       moment.date()]  # fmt: skip
            if following is not None:
                statements.append(OPEN_WORK_ITEM)
                params += [at.application_id, following.stage_definition_id, following.stage, following.owner,
                           following.role, at.candidate_unit_id, True, stored_moment]  # fmt: skip
            statements += [INSERT_EVENT, ADVANCE_CHAIN, RAISE_VERSION]
            params += [FLOOR_CHAIN, sequence, stored_moment, actor_id, EVENT_KIND, at.application_id,
                       at.work_item_id, "{}", json.dumps(new_values), last_hash, digest, sequence, digest,
                       FLOOR_CHAIN, at.application_id]  # fmt: skip
            written = _send(cursor, statements, params, prepared=True, after="COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
    if following is not None:
        at.work_item_id, at.index = written[2][0][0], at.index + 1


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
        if two_messages:
            _two_message_transition(at, openings, actor_id=actor_id, moment=moment)
        elif batched:
            _batched_transition(at, openings, actor_id=actor_id, moment=moment, prepared=prepared)
        else:
            _transition(at, openings, actor_id=actor_id, moment=moment)

    openings, positions = _prepare(application_ids, stages)
    transitions, seconds = 0, 0.0
    for _round in stages:
        for at in positions:
            started = time.perf_counter()
            run_one(at, openings, actor_id=actor_id, moment=moment)
            seconds += time.perf_counter() - started
            transitions += 1
    return transitions, seconds
