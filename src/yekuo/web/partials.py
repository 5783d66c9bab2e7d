"""The Jinja2 environment of the row partials (web.templatetags.yekuo_web.partial).

Values are escaped by Django's own escaping (`&quot;`, `&#x27;`), not markupsafe's (`&#34;`, `&#39;`), so a
row reads the same whichever engine wrote it; a name the partial does not receive raises instead of
rendering empty.
"""

from __future__ import annotations

import html
from typing import Any

import jinja2
from markupsafe import Markup


def escaped_as_django_escapes(value: Any) -> Markup:
    """What django.utils.html.conditional_escape returns (it is html.escape), without its lazy-text wrapper,
    which cost more than the rest of a row."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())  # noqa: S704  # already safe markup
    return Markup(html.escape(str(value)))  # noqa: S704  # escaped here


def environment(**options: Any) -> jinja2.Environment:
    # Django's backend sets its own defaults (Undefined outside DEBUG) before calling this: overridden.
    options["autoescape"] = True
    options["undefined"] = jinja2.StrictUndefined
    options["finalize"] = escaped_as_django_escapes
    return jinja2.Environment(**options)  # noqa: S701  # autoescape is set just above
