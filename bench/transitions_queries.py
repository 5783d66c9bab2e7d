"""Where yekuo's transitions spend their queries: per stage, per statement and per call site.

CaptureQueriesContext counts what each `work_item_complete` call sends (BEGIN and COMMIT included, as
Django 5.2 logs them); an execute wrapper attributes every statement to the yekuo functions that issued it.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from transitions_yekuo import World, complete, next_steps

from yekuo.core.server_plans import statement_named

CALL_SITE_DEPTH = 3  # the innermost yekuo frames that name a call site


@dataclass(frozen=True)
class QueryProfile:
    per_stage: list[tuple[str, int]]  # stage, queries of its work_item_complete call
    by_statement: list[tuple[int, str]]  # how often over the application's transitions, statement shape
    by_call_site: list[tuple[int, str]]  # how often, innermost yekuo function ← its callers

    @property
    def mean(self) -> float:
        return sum(count for _stage, count in self.per_stage) / len(self.per_stage)


def _expanded(sql: str) -> str:
    """A message of prepared statements (yekuo.core.server_plans) as the statements they ran."""
    sql = re.sub(r"^DEALLOCATE ALL;\s*", "", sql)
    sql = re.sub(r"PREPARE yekuo_\w+ AS .*?;\s*(?=EXECUTE )", "", sql, flags=re.DOTALL)
    return re.sub(
        r"EXECUTE (yekuo_\w+)(\([^;]*\))?",
        lambda match: statement_named(match.group(1)) or match.group(0),
        sql,
    )


def normalised(sql: str) -> str:
    """The statement's shape: its verb and table, with the WHERE clause's columns (no values)."""
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", _expanded(sql).replace('"', ""))
    words = sql.split()
    verb = words[0].upper()
    if verb in {"SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"}:
        return verb
    table_word = {"SELECT": "FROM", "UPDATE": "UPDATE", "INSERT": "INTO", "DELETE": "FROM"}.get(verb)
    table = words[words.index(table_word) + 1] if table_word in words else "?"
    where = sql.split(" WHERE ", 1)[1][:100] if " WHERE " in sql else ""
    lock = " FOR UPDATE" if sql.rstrip().endswith("FOR UPDATE") else ""
    return f"{verb} {table}{lock} {where}".strip()


class CallSites:
    """A database execute wrapper counting statements by the yekuo functions on the stack."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        frames = [frame for frame in traceback.extract_stack() if "/src/yekuo/" in frame.filename]
        site = " ← ".join(
            f"{frame.filename.split('/src/yekuo/', 1)[1]}:{frame.name}"
            for frame in reversed(frames[-CALL_SITE_DEPTH:])
        )
        self.counts[site or "(no yekuo frame: BEGIN of @transaction.atomic)"] += 1
        return execute(sql, params, many, context)


def profile_queries(world: World, application_id: int) -> QueryProfile:
    """Every query of every work_item_complete call for one application, by stage, statement and caller."""
    per_stage: list[tuple[str, int]] = []
    statements: Counter[str] = Counter()
    sites = CallSites()
    while steps := next_steps([application_id]):
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(sites):
            complete(world, steps[0])
        per_stage.append((steps[0][1], len(captured.captured_queries)))
        statements.update(normalised(query["sql"]) for query in captured.captured_queries)
    return QueryProfile(
        per_stage=per_stage,
        by_statement=sorted(((count, sql) for sql, count in statements.items()), reverse=True),
        by_call_site=sorted(((count, site) for site, count in sites.counts.items()), reverse=True),
    )
