"""ORM statements compiled once and run again with new values, for the hot path of workflow transitions.

Django compiles every queryset and every `save()` anew: on a transition that is most of an ORM statement's
cost (docs/benchmarks.md). Here a query is compiled once per database vendor, from a queryset built with
placeholder values, and then run with the real values through a plain cursor. Models are still built by
Django (`from_db`, select_related populators), values read still pass Django's converters and values written
still pass each field's `pre_save` and `get_db_prep_save`, so what is read and written is exactly what the
ORM reads and writes. No model here has save signals; these helpers send none.

`run_together` sends several statements in one round trip on PostgreSQL (one simple-protocol message,
run by the server one after the other, in order, in the caller's transaction; the first error stops the
rest and is raised at once), as prepared statements whose plans the server keeps (server_plans). SQLite
runs in this process, so there they simply run one after the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

from yekuo.core import server_plans

M = TypeVar("M", bound=Model)

Converters = list[tuple[int, list[Callable[..., Any]], Any]]


def _placeholder(n: int, kind: type) -> Any:
    if kind is int:
        return -918_273_645 - n
    if kind is date:
        return date(1, 1, 1) + timedelta(days=n)
    return f"\x00placeholder-{n}\x00"


def placeholders(*kinds: type) -> tuple[Any, ...]:
    """Values that stand for the arguments while a query is compiled: unusual enough that no constant of
    the query equals one of them (int, str or date; a date reaches SQLite as text)."""
    return tuple(_placeholder(n, kind) for n, kind in enumerate(kinds))


def _same(param: Any, placeholder: Any, connection: BaseDatabaseWrapper) -> bool:
    if type(placeholder) is date:
        return bool(param == connection.ops.adapt_datefield_value(placeholder))
    return type(param) is type(placeholder) and param == placeholder


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[int | None, ...]  # per parameter: the argument it takes, or None for a constant
    constants: tuple[Any, ...]
    converters: Converters
    model: type[Model] | None
    model_columns: tuple[int, int]
    init_list: list[str]
    related_populators: list[Any]


def _converters(compiler: Any, connection: BaseDatabaseWrapper) -> Converters:
    fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    return [
        (position, converters, expression)
        for position, (converters, expression) in compiler.get_converters(fields).items()
    ]


class PreparedQuery(Generic[M]):
    """A queryset of fixed shape: `build(*arguments)` is called once per vendor with placeholders for the
    arguments (their types given in `kinds`: int, str or date), later runs only substitute the values.
    Arguments must reach the SQL unchanged (equality, `in` a fixed-length list), not through a lookup that
    rewrites them such as `startswith`; an argument that does not appear is refused when the query is
    compiled."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], *kinds: type) -> None:
        self._build = build
        self._placeholders = placeholders(*kinds)
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, connection: BaseDatabaseWrapper) -> _Compiled:
        compiled = self._compiled.get(connection.vendor)
        if compiled is not None:
            return compiled
        queryset = self._build(*self._placeholders)
        compiler = queryset.query.get_compiler(using=connection.alias)
        sql, params = compiler.as_sql()
        slots = tuple(
            next(
                (
                    index
                    for index, placeholder in enumerate(self._placeholders)
                    if _same(param, placeholder, connection)
                ),
                None,
            )
            for param in params
        )
        missing = set(range(len(self._placeholders))) - set(slots)
        if missing:
            raise ValueError(f"arguments {sorted(missing)} do not appear in the compiled query")
        klass_info = compiler.klass_info
        model, start, end, init_list, populators = None, 0, 0, [], []
        if klass_info is not None and queryset._iterable_class.__name__ == "ModelIterable":
            select_fields = klass_info["select_fields"]
            model, start, end = klass_info["model"], select_fields[0], select_fields[-1] + 1
            init_list = [selected[0].target.attname for selected in compiler.select[start:end]]
            populators = get_related_populators(klass_info, compiler.select, connection.alias)
        compiled = _Compiled(
            sql=sql,
            slots=slots,
            constants=tuple(params),
            converters=_converters(compiler, connection),
            model=model,
            model_columns=(start, end),
            init_list=init_list,
            related_populators=populators,
        )
        self._compiled[connection.vendor] = compiled
        return compiled

    def statement(self, *arguments: Any) -> QueryStatement[M]:
        """The query with these values, to run (alone or with others through `run_together`)."""
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compile(connection)
        arguments = tuple(
            connection.ops.adapt_datefield_value(argument) if type(argument) is date else argument
            for argument in arguments
        )
        params = [
            constant if slot is None else arguments[slot]
            for slot, constant in zip(compiled.slots, compiled.constants, strict=True)
        ]
        return QueryStatement(compiled.sql, params, compiled)

    def rows(self, *arguments: Any) -> list[tuple[Any, ...]]:
        """The rows of a values_list() query, converted as the ORM converts them."""
        statement = self.statement(*arguments)
        run_together(statement)
        return statement.rows()

    def objects(self, *arguments: Any) -> list[M]:
        """The model instances, with their select_related objects, as the queryset would give them."""
        statement = self.statement(*arguments)
        run_together(statement)
        return statement.objects()

    def first(self, *arguments: Any) -> M | None:
        found = self.objects(*arguments)
        return found[0] if found else None


class Statement:
    """SQL with its parameters; after it has run, the rows it returned (none for a plain UPDATE)."""

    def __init__(self, sql: str, params: Sequence[Any]) -> None:
        self.sql, self.params = sql, list(params)
        self.fetched: list[Any] | None = None

    def finish(self, connection: BaseDatabaseWrapper) -> None:
        """Called once the statement has run."""

    def _rows(self) -> list[Any]:
        if self.fetched is None:
            raise RuntimeError("the statement has not run yet")
        return self.fetched


class QueryStatement(Statement, Generic[M]):
    def __init__(self, sql: str, params: Sequence[Any], compiled: _Compiled) -> None:
        super().__init__(sql, params)
        self._compiled = compiled
        self._alias = DEFAULT_DB_ALIAS

    def finish(self, connection: BaseDatabaseWrapper) -> None:
        self._alias = connection.alias
        if self._compiled.converters and self.fetched:
            rows = [list(row) for row in self.fetched]
            for row in rows:
                for position, converters, expression in self._compiled.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
            self.fetched = rows

    def rows(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._rows()]

    def objects(self) -> list[M]:
        compiled = self._compiled
        if compiled.model is None:
            raise TypeError("objects() needs a queryset of model instances")
        start, end = compiled.model_columns
        result = []
        for row in self._rows():
            instance = compiled.model.from_db(self._alias, compiled.init_list, row[start:end])
            for populator in compiled.related_populators:
                populator.populate(row, instance)
            result.append(instance)
        return result  # type: ignore[return-value]

    def first(self) -> M | None:
        found = self.objects()
        return found[0] if found else None


def _sends_many(connection: BaseDatabaseWrapper, cursor: Any) -> bool:
    """PostgreSQL with client-side binding (Django's default) takes several statements in one message."""
    if connection.vendor != "postgresql":
        return False
    from psycopg import ClientCursor  # noqa: PLC0415  # only with PostgreSQL

    return isinstance(cursor.cursor, ClientCursor)


def _returns_rows(connection: BaseDatabaseWrapper, cursor: Any) -> bool:
    if connection.vendor == "postgresql":  # psycopg builds `description` anew, column by column
        result = cursor.cursor.pgresult
        return result is not None and result.nfields > 0
    return cursor.description is not None


def _run_prepared(connection: BaseDatabaseWrapper, cursor: Any, statements: Sequence[Statement]) -> None:
    """One message of EXECUTEs, preceded by the PREPAREs this connection has not sent yet."""
    raw = connection.connection
    message = server_plans.message_for(raw, [statement.sql for statement in statements])
    try:
        cursor.execute(message.sql, [param for statement in statements for param in statement.params])
    except BaseException:
        server_plans.sent(raw, message, succeeded=False)
        raise
    server_plans.sent(raw, message, succeeded=True)
    for index, owner in enumerate(message.owners):
        if index and not cursor.nextset():
            raise RuntimeError("fewer results than statements")
        if owner is not None:
            statements[owner].fetched = cursor.fetchall() if _returns_rows(connection, cursor) else []


def run_together(*statements: Statement) -> None:
    """Run the statements in order, in one round trip where the database allows it (on PostgreSQL as
    prepared statements, see server_plans)."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if statements and _sends_many(connection, cursor):
            _run_prepared(connection, cursor, statements)
        else:
            for statement in statements:
                cursor.execute(statement.sql, statement.params)
                statement.fetched = cursor.fetchall() if _returns_rows(connection, cursor) else []
    for statement in statements:
        statement.finish(connection)


def _insert_fields(model: type[Model]) -> list[Field[Any, Any]]:
    meta = model._meta
    return [field for field in meta.local_concrete_fields if field is not meta.auto_field]


def _primary_key_column(model: type[Model]) -> str:
    primary_key = model._meta.pk
    if primary_key is None:
        raise TypeError(f"{model.__name__} has no primary key")
    return str(primary_key.column)


@dataclass(frozen=True)
class ColumnQuery:
    """A column's value as a scalar subquery, for a key that only exists once statements queued before
    the insert have run (in the same round trip): for instance the id of a row inserted just before."""

    sql: str
    params: tuple[Any, ...]


_INSERT_SQL: dict[tuple[Any, ...], str] = {}


def _insert_sql(
    model: type[Model],
    connection: BaseDatabaseWrapper,
    count: int,
    computed: Mapping[str, ColumnQuery],
    conflict_fields: tuple[str, ...],
) -> str:
    key = (
        model,
        connection.vendor,
        count,
        tuple((name, query.sql) for name, query in computed.items()),
        conflict_fields,
    )
    sql = _INSERT_SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        fields = _insert_fields(model)
        columns = ", ".join(quote(field.column) for field in fields)
        values = [f"({computed[field.name].sql})" if field.name in computed else "%s" for field in fields]
        row = "(" + ", ".join(values) + ")"
        rows = ", ".join([row] * count)
        conflict = ""
        if conflict_fields:
            targets = ", ".join(quote(str(model._meta.get_field(name).column)) for name in conflict_fields)  # type: ignore[union-attr]
            conflict = f" ON CONFLICT ({targets}) DO NOTHING"
        returning = quote(_primary_key_column(model))
        # Table and column names come from the models, never from input.
        table = quote(model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES {rows}{conflict} RETURNING {returning}"  # noqa: S608
        _INSERT_SQL[key] = sql
    return sql


class InsertStatement(Statement):
    def __init__(
        self,
        sql: str,
        params: Sequence[Any],
        instances: Sequence[Model],
        *,
        computed: Iterable[str] = (),
        on_conflict: Exception | None = None,
    ) -> None:
        super().__init__(sql, params)
        self.instances = instances
        self._computed = tuple(computed)
        self._on_conflict = on_conflict

    def finish(self, connection: BaseDatabaseWrapper) -> None:
        keys = [row[0] for row in self._rows()]
        if self._on_conflict is not None and len(keys) < len(self.instances):
            raise self._on_conflict
        if connection.vendor != "postgresql":  # SQLite promises no order of RETURNING rows; keys ascend
            keys.sort()
        for instance, primary_key in zip(self.instances, keys, strict=True):
            instance.pk = primary_key
            instance._state.adding = False
            instance._state.db = connection.alias
            for name in self._computed:  # a related row inserted earlier in the round trip has its key now
                field = instance._meta.get_field(name)
                if field.is_relation and field.is_cached(instance):  # type: ignore[union-attr]
                    related = getattr(instance, name)
                    setattr(instance, field.attname, related.pk if related is not None else None)  # type: ignore[union-attr]


def insert_statement(
    instances: Sequence[Model],
    *,
    computed: Mapping[str, ColumnQuery] | None = None,
    conflict_fields: tuple[str, ...] = (),
    on_conflict: Exception | None = None,
) -> InsertStatement:
    """INSERT the (new, same-model) instances in one statement; running it gives them their keys.

    `computed`: fields whose value a subquery gives (one instance only); a related object assigned to
    such a field gets its key from the row inserted before, and the instance takes it once the statement
    has run. `conflict_fields` with `on_conflict`: a row that would break the unique constraint on those
    fields is not inserted (no error, so no savepoint is needed) and `on_conflict` is raised once the
    statement has run; the caller's transaction is then to be rolled back."""
    computed = computed or {}
    if computed and len(instances) != 1:
        raise ValueError("computed columns need exactly one instance")
    if bool(conflict_fields) != (on_conflict is not None):
        raise ValueError("conflict_fields and on_conflict go together")
    connection = connections[DEFAULT_DB_ALIAS]
    model = type(instances[0])
    fields = _insert_fields(model)
    params: list[Any] = []
    for instance in instances:
        for field in fields:
            if field.name in computed:
                params.extend(computed[field.name].params)
            else:
                params.append(field.get_db_prep_save(field.pre_save(instance, True), connection=connection))
    sql = _insert_sql(model, connection, len(instances), computed, conflict_fields)
    return InsertStatement(sql, params, instances, computed=computed, on_conflict=on_conflict)


def insert(instances: Sequence[Model]) -> None:
    """INSERT the (new, same-model) instances in one statement and give them their primary keys."""
    if instances:
        run_together(insert_statement(instances))


_UPDATE_SQL: dict[tuple[type[Model], str, tuple[str, ...]], tuple[str, list[Field[Any, Any]]]] = {}


def _update_sql(
    model: type[Model], connection: BaseDatabaseWrapper, field_names: tuple[str, ...]
) -> tuple[str, list[Field[Any, Any]]]:
    key = (model, connection.vendor, field_names)
    cached = _UPDATE_SQL.get(key)
    if cached is None:
        quote = connection.ops.quote_name
        fields: list[Field[Any, Any]] = [model._meta.get_field(name) for name in field_names]  # type: ignore[misc]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        table, key_column = quote(model._meta.db_table), quote(_primary_key_column(model))
        # Table and column names come from the models, never from input.
        sql = f"UPDATE {table} SET {assignments} WHERE {key_column} = %s"  # noqa: S608
        cached = _UPDATE_SQL[key] = (sql, fields)
    return cached


def update_statement(instance: Model, field_names: Iterable[str]) -> Statement:
    """`instance.save(update_fields=field_names)` as a statement compiled once."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields = _update_sql(type(instance), connection, tuple(field_names))
    params = [
        field.get_db_prep_save(field.pre_save(instance, False), connection=connection) for field in fields
    ]
    return Statement(sql, [*params, instance.pk])


def update(instance: Model, field_names: Iterable[str]) -> None:
    """`instance.save(update_fields=field_names)` without compiling the statement each time."""
    run_together(update_statement(instance, field_names))


class Writes(Protocol):
    """Where a service's statements go: `queue` for writes nothing reads before the caller's next
    statement (they travel with it), `run` to run statements now, after whatever is queued."""

    def queue(self, *statements: Statement) -> None: ...

    def run(self, *statements: Statement) -> None: ...


class Immediately:
    """Writes that run at once: for callers outside a transition."""

    def queue(self, *statements: Statement) -> None:
        run_together(*statements)

    def run(self, *statements: Statement) -> None:
        run_together(*statements)
