"""`yekuo manage export_openapi [--check] [--output FILE]`: the API's OpenAPI schema, docs/openapi.json.

The file is committed so clients and reviewers see the API's shape; with --check nothing is written and
the command fails while the committed file differs from what the code describes (CI).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

import yekuo
from yekuo.api.api import api

# src/yekuo → the checkout's root, where docs/ lives (the package is installed editable).
CHECKOUT_DIRECTORY = Path(yekuo.__file__).resolve().parents[2]
DEFAULT_OUTPUT = CHECKOUT_DIRECTORY / "docs" / "openapi.json"


def openapi_document() -> str:
    """The schema as deterministic text: sorted keys, two-space indent, non-ASCII kept, a final newline."""
    with translation.override("en"):  # the committed file must not depend on who runs the command
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema (docs/openapi.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="write nothing; fail when the file is stale")
        parser.add_argument("--output", type=Path, default=None, help=f"the file (default {DEFAULT_OUTPUT})")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"] or self._default_output()
        expected = openapi_document()
        if options["check"]:
            present = path.read_text(encoding="utf-8") if path.is_file() else None
            if present != expected:
                state = "missing" if present is None else "stale"
                raise CommandError(f"The OpenAPI schema {path} is {state}.\nRun: yekuo manage export_openapi")
            self.stdout.write(f"The OpenAPI schema {path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected, encoding="utf-8")
        self.stdout.write(f"OpenAPI schema written to {path}.")

    @staticmethod
    def _default_output() -> Path:
        if not (CHECKOUT_DIRECTORY / "pyproject.toml").is_file():
            raise CommandError("Not running from a source checkout: pass --output FILE.")
        return DEFAULT_OUTPUT
