"""Every index earns its keep: none repeats the leading columns of another on the same table (same
operator classes, collations, orders and predicate, and nothing carried for index-only scans that the other
lacks; an index in the opposite order, which a B-tree could read backwards, is not reported).
Such an index answers no query the longer one cannot, yet every insert and update of its rows maintains
it: the foreign keys' own indexes once sat beside the composite indexes that start with the same column,
three on the applications, three on the work items (and one duplicate)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# Tables that Django and django-axes make and own, left as they make them.
NOT_OURS = ("auth_", "django_", "axes_", "accounts_user_groups", "accounts_user_user_permissions")

REPEATED_INDEXES = """
WITH indexes AS (
    SELECT i.indrelid AS table_id, t.relname AS table_name, c.relname AS index_name,
           i.indnkeyatts AS keys, i.indkey::int2[] AS columns, i.indclass::oid[] AS classes,
           i.indoption::int2[] AS orders, i.indcollation::oid[] AS collations,
           coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS predicate,
           i.indisunique AS is_unique, i.indexprs IS NOT NULL AS has_expressions
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()
)
SELECT shorter.table_name, shorter.index_name, longer.index_name
FROM indexes shorter
JOIN indexes longer ON longer.table_id = shorter.table_id AND longer.index_name <> shorter.index_name
WHERE NOT shorter.is_unique AND NOT shorter.has_expressions AND NOT longer.has_expressions
  AND shorter.predicate = longer.predicate
  AND longer.keys >= shorter.keys
  AND shorter.columns[0:shorter.keys - 1] = longer.columns[0:shorter.keys - 1]
  AND shorter.classes[0:shorter.keys - 1] = longer.classes[0:shorter.keys - 1]
  AND shorter.orders[0:shorter.keys - 1] = longer.orders[0:shorter.keys - 1]
  AND shorter.collations[0:shorter.keys - 1] = longer.collations[0:shorter.keys - 1]
  AND shorter.columns <@ longer.columns  -- what it carries for index-only scans, the longer carries too
ORDER BY 1, 2, 3
"""


def test_no_index_repeats_the_leading_columns_of_another() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's catalogue; the models, and so the indexes, are the same on SQLite")
    with connection.cursor() as cursor:
        cursor.execute(REPEATED_INDEXES)
        repeated = [row for row in cursor.fetchall() if not row[0].startswith(NOT_OURS)]
    assert repeated == []


def test_the_check_finds_a_repeated_index() -> None:
    """The query itself: a single-column index beside a composite one that starts with it is found."""
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's catalogue")
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX test_repeated_by_status ON applications_application (status)")
        cursor.execute(
            "CREATE INDEX test_repeated_by_status_station ON applications_application (status, id)"
        )
        cursor.execute(REPEATED_INDEXES)
        repeated = cursor.fetchall()
    assert (
        "applications_application",
        "test_repeated_by_status",
        "test_repeated_by_status_station",
    ) in repeated
    assert not any(row[1] == "test_repeated_by_status_station" for row in repeated)
