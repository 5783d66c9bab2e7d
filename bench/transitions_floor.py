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
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from yekuo.events.hashing import GENESIS_HASH, event_hash
from yekuo.workflow.models import StageDefinition, WorkItem

FLOOR_CHAIN = "bench-floor"
EVENT_KIND = "work_item.completed"


@dataclass(frozen=True)
class Opening:
    stage: str
    stage_definition_id: int
    owner: str
    role: str


@dataclass
class Cursor:
    application_id: int
    candidate_unit_id: int
    work_item_id: int
    position: int  # index of the open stage in the sequence


def _prepare(application_ids: list[int], stages: list[str]) -> tuple[list[Opening], list[Cursor]]:
    """Untimed: the stage definitions to open and each application's open acceptance item."""
    items = list(WorkItem.objects.filter(application_id__in=application_ids, status="open").order_by("pk"))
    definition_id = items[0].stage_definition.definition_id
    definitions = {sd.stage: sd for sd in StageDefinition.objects.filter(definition_id=definition_id)}
    openings = [
        Opening(stage, definitions[stage].pk, definitions[stage].owner, definitions[stage].role) for stage in stages
    ]
    cursors = [Cursor(item.application_id, item.candidate_unit_id, item.pk, 0) for item in items]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_eventchain (key, last_sequence, last_hash) VALUES (%s, 0, %s)",
            [FLOOR_CHAIN, GENESIS_HASH],
        )
    return openings, cursors


def _transition(state: Cursor, openings: list[Opening], *, actor_id: int, moment: datetime, lock: str) -> None:
    stage = openings[state.position]
    following = openings[state.position + 1] if state.position + 1 < len(openings) else None
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT id, version FROM applications_application WHERE id = %s{lock}", [state.application_id])
        cursor.fetchone()
        cursor.execute(
            "SELECT stage, status FROM workflow_workitem WHERE id = %s AND application_id = %s",
            [state.work_item_id, state.application_id],
        )
        row = cursor.fetchone()
        if row is None or row[1] not in ("open", "claimed"):
            raise RuntimeError(f"work item {state.work_item_id} is not open")
        cursor.execute(
            "UPDATE workflow_workitem SET status = 'completed', closed_at = %s, closed_by_id = %s WHERE id = %s",
            [stored_moment, actor_id, state.work_item_id],
        )
        cursor.execute(
            "INSERT INTO applications_customermilestone (application_id, work_item_id, recorded_at, recorded_by_id,"
            " stage, completed_on, firm_name, reference, note) VALUES (%s, %s, %s, %s, %s, %s, '', '', '')",
            [state.application_id, state.work_item_id, stored_moment, actor_id, stage.stage, moment.date()],
        )
        next_item_id = None
        if following is not None:
            cursor.execute(
                "INSERT INTO workflow_workitem (application_id, stage_definition_id, stage, owner, candidate_role,"
                " candidate_unit_id, status, is_current, opened_at, deadline_state, outcome_note)"
                " VALUES (%s, %s, %s, %s, %s, %s, 'open', %s, %s, 'on_time', '') RETURNING id",
                [state.application_id, following.stage_definition_id, following.stage, following.owner,
                 following.role, state.candidate_unit_id, True, stored_moment],
            )
            next_item_id = cursor.fetchone()[0]
        cursor.execute(f"SELECT last_sequence, last_hash FROM events_eventchain WHERE key = %s{lock}", [FLOOR_CHAIN])
        last_sequence, last_hash = cursor.fetchone()
        sequence, new_values = last_sequence + 1, {"stage": stage.stage}
        digest = event_hash(
            chain=FLOOR_CHAIN, sequence=sequence, occurred_at=moment, actor_id=actor_id, kind=EVENT_KIND,
            application_id=state.application_id, work_item_id=state.work_item_id, subject_type="", subject_id=None,
            old_values={}, new_values=new_values, previous_hash=last_hash,
        )
        cursor.execute(
            "INSERT INTO events_event (chain, sequence, occurred_at, actor_id, kind, application_id, work_item_id,"
            " subject_type, subject_id, old_values, new_values, previous_hash, hash)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, '', NULL, %s, %s, %s, %s)",
            [FLOOR_CHAIN, sequence, stored_moment, actor_id, EVENT_KIND, state.application_id,
             state.work_item_id, "{}", json.dumps(new_values), last_hash, digest],
        )
        cursor.execute(
            "UPDATE events_eventchain SET last_sequence = %s, last_hash = %s WHERE key = %s",
            [sequence, digest, FLOOR_CHAIN],
        )
        cursor.execute("UPDATE applications_application SET version = version + 1 WHERE id = %s", [state.application_id])
    if next_item_id is not None:
        state.work_item_id, state.position = next_item_id, state.position + 1


def run_floor(application_ids: list[int], stages: list[str], *, actor_id: int, moment: datetime) -> tuple[int, float]:
    """Round after round, one transition of every application, until each has done `len(stages)`."""
    openings, cursors = _prepare(application_ids, stages)
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    transitions, seconds = 0, 0.0
    for _round in stages:
        for state in cursors:
            started = time.perf_counter()
            _transition(state, openings, actor_id=actor_id, moment=moment, lock=lock)
            seconds += time.perf_counter() - started
            transitions += 1
    return transitions, seconds
