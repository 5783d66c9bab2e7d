"""Form widgets that render without the template engine.

Django renders a `<select>` through one template and each of its options through another; a search form
of eight short lists spent more time there than the page spent in its queries. `QuickSelect` writes the
same markup in Python: the same attributes and options, escaped the same way (tests/web/test_widgets.py
compares it with Django's own rendering).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def _attributes(attributes: dict[str, Any]) -> SafeString:
    """As django/forms/widgets/attrs.html: in order, False left out, True as a bare name."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attributes.items()
            if value is not False
        )
    )


def _options(options: list[dict[str, Any]]) -> SafeString:
    return format_html_join(
        "",
        '\n  <option value="{}"{}>{}</option>',
        ((str(option["value"]), _attributes(option["attrs"]), option["label"]) for option in options),
    )


class QuickSelect(forms.Select):
    """A single-choice `<select>` rendered in Python, as Django's template renders it."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, group_options, _index in widget["optgroups"]:
            if group_name:
                inner = _options(group_options)
                groups.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, inner))
            else:
                groups.append(_options(group_options))
        attributes = _attributes(widget["attrs"])
        options = SafeString("".join(groups))
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], attributes, options)
