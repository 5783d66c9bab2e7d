"""The bare-commit reference line of bench/transitions.py: the ceiling a durable commit alone sets.

One "transition" here is a transaction that does nothing but BEGIN; UPDATE the only row of a one-row table;
COMMIT, through Django's `transaction.atomic()` on the same connection and with the same durability as the
other engines (PostgreSQL `synchronous_commit=on`; SQLite WAL, `synchronous=NORMAL`, BEGIN IMMEDIATE). No
engine that commits every transition durably can run more transitions per second than this; SpiffWorkflow
at three times yekuo's rate would have to stay under it.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS bench_bare_commit (id integer PRIMARY KEY, counter integer NOT NULL)"
)
RESET_TABLE = ["DELETE FROM bench_bare_commit", "INSERT INTO bench_bare_commit (id, counter) VALUES (1, 0)"]
BARE_UPDATE = "UPDATE bench_bare_commit SET counter = counter + 1 WHERE id = 1"


def create_table() -> None:
    """The one-row table (untimed); the benchmark database is dropped or thrown away at the end."""
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        for statement in RESET_TABLE:
            cursor.execute(statement)


def run_bare_commits(count: int) -> tuple[int, float]:
    """`count` transactions of one one-row UPDATE each; the seconds they took."""
    seconds = 0.0
    for _ in range(count):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(BARE_UPDATE)
        seconds += time.perf_counter() - started
    return count, seconds
