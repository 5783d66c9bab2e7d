"""`yekuo manage draw_process_diagrams [--check] [--output DIR]`: the pages of docs/process-definitions/.

Draws one Markdown page per shipped process definition (with a Mermaid flowchart), an index with the
notation, and the time limits of the shipped rule sets, from the JSON files alone: no database needed.
With --check nothing is written; the command fails while a page is stale, missing or left over (CI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yekuo.workflow import diagrams, installation
from yekuo.workflow.diagrams.definition_page import GENERATED_MARK

# src/yekuo/workflow → the checkout's root, where docs/ lives (the package is installed editable).
CHECKOUT_DIRECTORY = installation.PACKAGE_DIRECTORY.parents[2]
DEFAULT_OUTPUT = CHECKOUT_DIRECTORY / "docs" / "process-definitions"


def _differences(directory: Path, expected: dict[str, str]) -> list[str]:
    """What --check complains about, one line per file; generated pages are all the directory holds."""
    present = {path.name for path in directory.glob("*") if path.is_file()} if directory.is_dir() else set()
    problems = [f"missing: {name}" for name in expected if name not in present]
    problems += [
        f"stale: {name}"
        for name, content in expected.items()
        if name in present and (directory / name).read_text(encoding="utf-8") != content
    ]
    problems += [f"extra: {name}" for name in sorted(present - set(expected))]
    return problems


class Command(BaseCommand):
    help = "Draw the process definitions and time limits as Markdown pages (docs/process-definitions/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="write nothing; fail when a page is stale, missing or extra"
        )
        parser.add_argument(
            "--output", type=Path, default=None, help=f"directory of the pages (default {DEFAULT_OUTPUT})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["output"] or self._default_output()
        try:
            expected = diagrams.generated_documents()
        except installation.DefinitionError as error:
            raise CommandError(str(error)) from error
        if options["check"]:
            problems = _differences(directory, expected)
            if problems:
                raise CommandError(
                    f"The process pages in {directory} are out of date ({len(problems)} files):\n  "
                    + "\n  ".join(problems)
                    + "\nRun: yekuo manage draw_process_diagrams"
                )
            self.stdout.write(f"{len(expected)} process pages in {directory} are up to date.")
            return
        directory.mkdir(parents=True, exist_ok=True)
        for path in directory.glob("*.md"):
            # A page of a definition that is no longer shipped goes; a file this command did not draw stays.
            if path.name not in expected and path.read_text(encoding="utf-8").startswith(GENERATED_MARK):
                path.unlink()
        written = 0
        for name, content in expected.items():
            path = directory / name
            if not path.is_file() or path.read_text(encoding="utf-8") != content:
                path.write_text(content, encoding="utf-8")
                written += 1
        self.stdout.write(f"{written} of {len(expected)} process pages written to {directory}.")

    @staticmethod
    def _default_output() -> Path:
        if not (CHECKOUT_DIRECTORY / "pyproject.toml").is_file():
            raise CommandError("Not running from a source checkout: pass --output DIR.")
        return DEFAULT_OUTPUT
