"""Find what a strict Content-Security-Policy (script-src 'self'; style-src 'self') would block in HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

DJANGO_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
SCRIPT_SOURCE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
HTMX_EVALUATED_ATTRIBUTE = re.compile(r"\s(?:data-)?hx-(?:on\b|vars\b)", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def template_source_violations(source: str) -> list[str]:
    """Inline scripts, inline styles and event handlers in a Django template's source."""
    source = DJANGO_COMMENT.sub("", source)
    problems = [
        f"inline script: {tag}" for tag in SCRIPT_TAG.findall(source) if not SCRIPT_SOURCE.search(tag)
    ]
    checks = [
        (STYLE_ELEMENT, "<style> element"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (EVENT_HANDLER_ATTRIBUTE, "on*= event handler attribute"),
        (HTMX_EVALUATED_ATTRIBUTE, "hx-on/hx-vars (evaluated by htmx)"),
        (JAVASCRIPT_URL, "javascript: address"),
    ]
    for pattern, description in checks:
        problems.extend(f"{description}: {match.group(0).strip()}" for match in pattern.finditer(source))
    return problems


class _RenderedPageInspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower() for name, _value in attrs}
        # A JSON data block (Django's json_script, for chart data) is never executed, so CSP allows it.
        is_data_block = dict(attrs).get("type") == "application/json"
        if tag == "script" and "src" not in names and not is_data_block:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(f"{name} handler on <{tag}>" for name in names if name.startswith("on"))
        self.problems.extend(
            f"javascript: address on <{tag}>"
            for _name, value in attrs
            if value and value.strip().lower().startswith("javascript:")
        )


def rendered_page_violations(html: str) -> list[str]:
    """The same checks on a rendered page, which also covers HTML built in Python (form widgets)."""
    inspector = _RenderedPageInspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems
