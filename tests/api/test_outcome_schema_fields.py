"""Each outcome schema names its fields as its outcome's (nested rows as the row's fields), since
to_outcome() takes them by name."""

from __future__ import annotations

import dataclasses
from typing import get_type_hints

import pytest
from pydantic import BaseModel

from yekuo.api.outcome_schemas import OUTCOME_SCHEMAS, OutcomeIn
from yekuo.applications.outcome_values import row_type_of
from yekuo.workflow.stage_outcomes import OUTCOME_OF_STAGE


def field_names(value_type: type) -> set[str]:
    return {field.name for field in dataclasses.fields(value_type)}


def test_every_outcome_has_one_schema() -> None:
    assert {schema.outcome_type for schema in OUTCOME_SCHEMAS} == set(OUTCOME_OF_STAGE.values())
    assert len(OUTCOME_SCHEMAS) == len(set(OUTCOME_OF_STAGE.values()))


@pytest.mark.parametrize("schema", OUTCOME_SCHEMAS, ids=lambda schema: schema.__name__)
def test_the_schema_names_every_field_of_its_outcome_and_no_other(schema: type[OutcomeIn]) -> None:
    hints = get_type_hints(schema.outcome_type)

    assert set(schema.model_fields) - {"kind"} == field_names(schema.outcome_type)
    for name, field in schema.model_fields.items():
        row_type = row_type_of(hints.get(name))
        if row_type is not None:
            [row_schema] = [
                argument for argument in getattr(field.annotation, "__args__", ()) if argument is not Ellipsis
            ]
            assert issubclass(row_schema, BaseModel)
            assert set(row_schema.model_fields) == field_names(row_type)
