"""PostgreSQL keeps the plans of the hot path's statements: each is PREPAREd once per connection and then
run as EXECUTE, still inside the simple-query messages that carry several statements at once.

With Django's client-side binding every statement reaches the server as new text, to be parsed and
planned again: for the transition's reads that planning cost more than running them (docs/benchmarks.md).
psycopg's own prepared statements need server-side binding, which cannot send several statements in one
message; SQL-level PREPARE and EXECUTE can. The values still travel as literals quoted by psycopg, now as
EXECUTE's arguments, so what is read and written does not change; the server infers each parameter's type
from where it stands, as it does for the literals.

A prepared statement lives as long as its connection and is not undone by a rollback. When a message
that prepares statements fails, which of them exist is not known: the next message then starts with
DEALLOCATE ALL and prepares again what it needs. The same happens after `LIMIT` statements, so a long-lived
connection keeps a bounded number. Prepared statements belong to the server session: a proxy that hands
one client connection several server sessions (transaction pooling) must not sit in between.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

LIMIT = 500
_PARAMETER = re.compile(r"%%|%s")


@dataclass(frozen=True)
class Shape:
    name: str
    prepare: str  # PREPARE name AS the statement with $1, $2, …
    execute: str  # EXECUTE name(%s, …): takes the statement's parameters


_STATEMENTS: dict[str, str] = {}


def statement_named(name: str) -> str | None:
    """The statement a prepared name stands for (for diagnostics: what a captured EXECUTE ran)."""
    return _STATEMENTS.get(name)


@lru_cache(maxsize=4096)
def shape_of(sql: str) -> Shape:
    count = 0

    def numbered(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%%"
        count += 1
        return f"${count}"

    body = _PARAMETER.sub(numbered, sql)
    name = "yekuo_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    _STATEMENTS[name] = sql
    arguments = f"({', '.join(['%s'] * count)})" if count else ""
    return Shape(name=name, prepare=f"PREPARE {name} AS {body}", execute=f"EXECUTE {name}{arguments}")


@dataclass
class _Session:
    names: set[str] = field(default_factory=set)
    uncertain: bool = False


_SESSIONS: weakref.WeakKeyDictionary[Any, _Session] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Message:
    """The text to send and, per result it gives, the index of the statement it belongs to (None: a
    PREPARE or DEALLOCATE, whose result carries no rows)."""

    sql: str
    owners: tuple[int | None, ...]
    preparing: tuple[str, ...]


def message_for(raw_connection: Any, statements: Sequence[str]) -> Message:
    """The statements as EXECUTEs, each preceded by its PREPARE the first time on this connection."""
    session = _SESSIONS.get(raw_connection)
    if session is None:
        session = _SESSIONS[raw_connection] = _Session()
    parts: list[str] = []
    owners: list[int | None] = []
    if session.uncertain or len(session.names) > LIMIT:
        parts.append("DEALLOCATE ALL")
        owners.append(None)
        session.names.clear()
        session.uncertain = False
    preparing: list[str] = []
    for index, sql in enumerate(statements):
        shape = shape_of(sql)
        if shape.name not in session.names and shape.name not in preparing:
            parts.append(shape.prepare)
            owners.append(None)
            preparing.append(shape.name)
        parts.append(shape.execute)
        owners.append(index)
    return Message(sql=";\n".join(parts), owners=tuple(owners), preparing=tuple(preparing))


def sent(raw_connection: Any, message: Message, *, succeeded: bool) -> None:
    """Record what the message prepared; after a failure, which of them exist is not known."""
    session = _SESSIONS.get(raw_connection)
    if session is None:
        return
    if succeeded:
        session.names.update(message.preparing)
    elif message.preparing:
        session.uncertain = True
