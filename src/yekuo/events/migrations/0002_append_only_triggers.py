"""Refuse UPDATE and DELETE on the event table inside the database itself.

PostgreSQL: a row trigger refuses UPDATE and DELETE (TRUNCATE is left to privileges: revoke it from the
application's user, see docs/operations.md). SQLite: a trigger refuses UPDATE; deletions there are caught by
`yekuo events verify`, since the test runner empties tables with DELETE.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION events_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_event_append_only BEFORE UPDATE OR DELETE ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS events_event_append_only ON events_event;
DROP FUNCTION IF EXISTS events_event_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER events_event_append_only BEFORE UPDATE ON events_event
BEGIN SELECT RAISE(ABORT, 'events_event is append-only: UPDATE refused'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS events_event_append_only;"


def _run(schema_editor: BaseDatabaseSchemaEditor, *, create: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE if create else POSTGRESQL_DROP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE if create else SQLITE_DROP, params=None)


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, create=True)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
