"""Each outcome form names its fields as its outcome's (row groups as the row's fields), since outcome()
takes them by name: a renamed field would otherwise be dropped silently for the outcome's default."""

from __future__ import annotations

import dataclasses
from typing import get_type_hints

import pytest

from yekuo.applications.outcome_values import row_type_of
from yekuo.workbench.work_item_forms import OUTCOME_FORMS, OutcomeForm
from yekuo.workflow.stage_outcomes import ENERGISING_STAGES, OUTCOME_OF_STAGE


def form_of(form_class: type[OutcomeForm]) -> OutcomeForm:
    """The form at one of its stages; an energising one when there is one, so that every field shows."""
    stages = [stage for stage, outcome in OUTCOME_OF_STAGE.items() if outcome is form_class.outcome_type]
    energising = [stage for stage in stages if stage in ENERGISING_STAGES]
    return form_class(stage=(energising or stages)[0])


def field_names(value_type: type) -> set[str]:
    return {field.name for field in dataclasses.fields(value_type)}


@pytest.mark.parametrize("form_class", OUTCOME_FORMS, ids=lambda form_class: form_class.__name__)
def test_the_form_names_every_field_of_its_outcome_and_no_other(form_class: type[OutcomeForm]) -> None:
    form = form_of(form_class)
    hints = get_type_hints(form_class.outcome_type)

    single = {bound.name for bound in form.single_fields()}
    grouped = {group.outcome_field for group in form_class.row_groups}

    assert single | grouped == field_names(form_class.outcome_type)
    assert not single & grouped
    for group in form_class.row_groups:
        row_type = row_type_of(hints[group.outcome_field])
        assert row_type is not None
        assert {column for column, _label, _make in group.columns} == field_names(row_type)
