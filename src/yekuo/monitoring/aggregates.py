"""Database-side statistics the dashboard needs on both back ends.

PostgreSQL has PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x). SQLite has no percentile, so a small aggregate
function with the same interpolation (the pilot counties' few thousand rows) is registered on each SQLite
connection; either way the rows never travel to Python one by one through the ORM.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, Expression, FloatField, Func
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType

SQLITE_PERCENTILE_FUNCTION = "yekuo_percentile_cont"
Number = TypeVar("Number", int, float)


class _PercentileContinuous:
    """PERCENTILE_CONT for SQLite: linear interpolation between the two closest ranks."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value: float | None, fraction: float) -> None:
        self.fraction = fraction
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        return percentile_continuous(self.values, self.fraction)


def percentile_continuous(values: list[float], fraction: float) -> float | None:
    """The same value PostgreSQL's PERCENTILE_CONT gives: position fraction × (n − 1), interpolated."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def histogram_percentile_continuous(histogram: Mapping[Number, int], fraction: float) -> float | None:
    """PERCENTILE_CONT over values given as value → how many times it occurs (the same interpolation)."""
    total = sum(histogram.values())
    if not total:
        return None
    position = fraction * (total - 1)
    lower_rank, upper_rank = math.floor(position), math.ceil(position)
    lower = upper = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    if lower is None or upper is None:  # cannot happen: both ranks lie below the total
        return None
    return lower + (upper - lower) * (position - lower_rank)


def register_sqlite_percentile(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite" and isinstance(connection.connection, sqlite3.Connection):
        # typeshed describes one-argument aggregates only; this one takes the value and the fraction.
        connection.connection.create_aggregate(
            SQLITE_PERCENTILE_FUNCTION,
            2,
            _PercentileContinuous,  # type: ignore[arg-type]
        )


class PercentileContinuous(Aggregate):
    """The continuous percentile of an expression, e.g. 0.5 for the median, 0.9 for P90."""

    function = "PERCENTILE_CONT"
    name = "PercentileContinuous"
    output_field = FloatField()

    def __init__(self, expression: Expression | str, *, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError(fraction)
        self.fraction = fraction
        super().__init__(expression, **extra)

    def _with_template(
        self, template: str, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        # Aggregate.as_sql wraps self.template in its FILTER clause, so the template goes on a copy.
        clone = self.copy()
        clone.template = template
        return Aggregate.as_sql(clone, compiler, connection, **extra_context)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        template = f"PERCENTILE_CONT({self.fraction:.6f}) WITHIN GROUP (ORDER BY %(expressions)s)"
        return self._with_template(template, compiler, connection, **extra_context)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        template = f"{SQLITE_PERCENTILE_FUNCTION}(%(expressions)s, {self.fraction:.6f})"
        return self._with_template(template, compiler, connection, **extra_context)


class ElapsedSeconds(Func):
    """Seconds from the first datetime expression (start) to the second (end)."""

    output_field = FloatField()
    arity = 2

    def _operands(self, compiler: SQLCompiler) -> tuple[str, str, list[Any]]:  # sql, sql, parameters
        start, end = self.source_expressions
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return start_sql, end_sql, [*end_params, *start_params]

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        start_sql, end_sql, params = self._operands(compiler)
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))::float", params

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        start_sql, end_sql, params = self._operands(compiler)
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", params
