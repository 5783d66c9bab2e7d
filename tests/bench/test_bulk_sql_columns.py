"""The benchmarks fill a million rows with hand-written INSERTs; when a model gains a required column or
loses one, those statements break only when someone next runs a benchmark (twice so far). This reads every
INSERT of bench/ and checks its columns against the models: each named column exists, and every column the
database requires (NOT NULL, no default) is named."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.models.fields import NOT_PROVIDED

BENCH = Path(__file__).resolve().parents[2] / "bench"
INSERT = re.compile(r"INSERT INTO (\w+)\s*\(([^)]*)\)", re.IGNORECASE)


def _inserts() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for match in INSERT.finditer(node.value):
                    columns = [column.strip() for column in match.group(2).split(",") if column.strip()]
                    found.append((path.name, match.group(1), columns))
    return found


MODELS_BY_TABLE = {model._meta.db_table: model for model in apps.get_models()}
INSERTS = [insert for insert in _inserts() if insert[1] in MODELS_BY_TABLE]


def _required_columns(model: type[models.Model]) -> set[str]:
    return {
        field.column
        for field in model._meta.concrete_fields
        if not field.null
        and not field.primary_key
        and not field.has_default()
        and field.db_default is NOT_PROVIDED
    }


def test_the_benchmarks_insert_into_yekuos_tables() -> None:
    assert len(INSERTS) >= 10
    assert {table for _file, table, _columns in INSERTS} >= {
        "applications_application",
        "workflow_workitem",
        "workflow_clockstop",
        "events_event",
    }


@pytest.mark.parametrize(("file", "table", "columns"), INSERTS, ids=[f"{i[0]}:{i[1]}" for i in INSERTS])
def test_each_insert_names_existing_columns_and_every_required_one(
    file: str, table: str, columns: list[str]
) -> None:
    model = MODELS_BY_TABLE[table]
    existing = {field.column for field in model._meta.concrete_fields}
    assert not set(columns) - existing, f"{file}: {table} has no column {sorted(set(columns) - existing)}"
    missing = _required_columns(model) - set(columns)
    assert not missing, f"{file}: {table} needs {sorted(missing)}"
