"""Choice labels per field and language, computed once.

Django's `get_<field>_display()` rebuilds a dictionary of every choice on each call, and hashing the lazily
translated labels translates each of them again: a list page showing category, type, stage and status of
fifty applications spent a fifth of its time there. `install_choice_labels` gives yekuo's models a
`get_<field>_display()` that answers from a dictionary built once per field and language. The answers are
the same as Django's (tests/core/test_choice_labels.py compares them for every field, value and language).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from functools import partialmethod
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict[tuple[int, str], dict[Hashable, Any]] = {}


def _labels_of(field: models.Field[Any, Any]) -> dict[Hashable, Any]:
    key = (id(field), get_language() or "")
    labels = _labels.get(key)
    if labels is None:
        labels = {
            make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices
        }
        _labels[key] = labels
    return labels


def choice_label(instance: models.Model, field: models.Field[Any, Any]) -> Any:
    """What Django's `_get_FIELD_display` returns: the value's label, or the value itself."""
    value = getattr(instance, field.attname)
    try:
        return _labels_of(field)[make_hashable(value)]
    except KeyError:
        return force_str(value, strings_only=True)


def install_choice_labels(model_classes: Iterable[type[models.Model]]) -> None:
    """Replace Django's generated `get_<field>_display` methods; a model's own method stays."""
    djangos = getattr(models.Model, "_get_FIELD_display")  # noqa: B009  # private, untyped in the stubs
    for model in model_classes:
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            generated = model.__dict__.get(name)
            if isinstance(generated, partialmethod) and generated.func is djangos:
                setattr(model, name, partialmethod(choice_label, field=field))
