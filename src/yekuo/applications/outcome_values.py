"""Building a stage outcome from values named as its fields, for the workbench's forms and the API's
schemas alike: each hands over what it parsed, and the outcome's dataclass fields say what is taken.

A field missing from the values keeps its default (the metering form asks for energised_at only at the
stages that energise). Rows such as tuple[FeeItem, ...] arrive as mappings and are built the same way."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

Value = TypeVar("Value")


def row_type_of(hint: Any) -> type | None:
    """The row dataclass of a tuple-of-rows field (tuple[Defect, ...] → Defect), else None."""
    arguments = get_args(hint)
    if get_origin(hint) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        row_type = arguments[0]
        if isinstance(row_type, type) and dataclasses.is_dataclass(row_type):
            return row_type
    return None


def from_values(value_type: type[Value], values: Mapping[str, Any]) -> Value:
    """`value_type` (a dataclass) built from the entries of `values` named as its fields; other entries
    are ignored, and a tuple-of-rows field is built row by row from an iterable of mappings."""
    hints = get_type_hints(value_type)
    arguments: dict[str, Any] = {}
    for field in dataclasses.fields(value_type):  # type: ignore[arg-type]
        if field.name not in values:
            continue
        value = values[field.name]
        row_type = row_type_of(hints[field.name])
        if row_type is not None:
            value = tuple(from_values(row_type, row) for row in value)
        arguments[field.name] = value
    return value_type(**arguments)
