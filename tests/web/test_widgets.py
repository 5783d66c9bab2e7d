"""QuickSelect writes the markup Django's Select template writes: same attributes, options, selection
and escaping (blank lines aside)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from yekuo.web.widgets import QuickSelect

CHOICES: list[tuple[Any, Any]] = [
    ("", "All categories"),
    ("low_voltage_residential", "低压居民"),
    ("a&b", 'Quotes " and <b>markup</b>'),
    (3, "A number"),
]
GROUPED: list[tuple[Any, Any]] = [
    ("", "Any"),
    ("Low voltage", [("residential", "Residential"), ("shop", "Shop <&>")]),
    ("High voltage", [("single", "Single supply")]),
]


def _without_blank_lines(markup: str) -> str:
    return "\n".join(line for line in markup.splitlines() if line.strip())


@pytest.mark.parametrize("choices", [CHOICES, GROUPED], ids=["flat", "grouped"])
@pytest.mark.parametrize("value", [None, "", "low_voltage_residential", "a&b", 3, "shop", "not offered"])
def test_quick_select_renders_what_django_renders(choices: list[tuple[Any, Any]], value: Any) -> None:
    attributes = {"class": "form-select", "data-label": '"quoted" <x>', "disabled": True, "hidden": False}
    django_markup = forms.Select(attrs=attributes, choices=choices).render("category", value, {"id": "id_x"})
    quick_markup = QuickSelect(attrs=attributes, choices=choices).render("category", value, {"id": "id_x"})

    assert _without_blank_lines(quick_markup) == _without_blank_lines(django_markup)


def test_a_selected_option_is_marked_and_markup_in_labels_is_escaped() -> None:
    markup = QuickSelect(choices=CHOICES).render("category", "a&b")

    assert '<option value="a&amp;b" selected>Quotes &quot; and &lt;b&gt;markup&lt;/b&gt;</option>' in markup
    assert "<b>" not in markup


def test_a_form_field_renders_through_it() -> None:
    class Form(forms.Form):
        category = forms.ChoiceField(
            choices=CHOICES, required=False, widget=QuickSelect(attrs={"class": "form-select"})
        )

    markup = str(Form({"category": "low_voltage_residential"})["category"])

    assert markup.startswith('<select name="category" class="form-select" id="id_category">')
    assert '<option value="low_voltage_residential" selected>低压居民</option>' in markup
