"""The cached choice labels answer exactly what Django's own get_<field>_display answers."""

from __future__ import annotations

from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from yekuo.core.choice_labels import choice_label

YEKUO_MODELS = [model for model in apps.get_models() if model.__module__.startswith("yekuo.")]
CHOICE_FIELDS = [
    (model, field)
    for model in YEKUO_MODELS
    for field in model._meta.concrete_fields
    if field.choices is not None and f"get_{field.name}_display" in model.__dict__
]


def test_every_choice_field_of_yekuo_is_covered() -> None:
    assert len(CHOICE_FIELDS) >= 10
    for model, field in CHOICE_FIELDS:
        method = model.__dict__[f"get_{field.name}_display"]
        assert isinstance(method, partialmethod)
        assert method.func is choice_label, (model, field.name)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_labels_equal_djangos_for_every_value_and_language(language: str) -> None:
    with translation.override(language):
        for model, field in CHOICE_FIELDS:
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                expected = models.Model._get_FIELD_display(instance, field)
                assert getattr(instance, f"get_{field.name}_display")() == expected, (model, field, value)


def test_the_label_follows_the_active_language() -> None:
    from yekuo.applications.models import Application  # noqa: PLC0415

    application = Application(category="low_voltage_residential")
    with translation.override("zh-hans"):
        chinese = application.get_category_display()
    with translation.override("en"):
        english = application.get_category_display()
    assert chinese != english
    assert english.isascii()
    assert not chinese.isascii()
