"""Markdown documents drawn from the shipped process definitions and rule sets (conventions §14).

Pure functions of the JSON files, so the documents are regenerated and checked without a database. The
output is deterministic: no timestamps, and every list follows the files' or the enums' order.
"""

from __future__ import annotations

import json
from typing import Any

from yekuo.workflow import installation
from yekuo.workflow.diagrams.definition_page import definition_filename, definition_markdown
from yekuo.workflow.diagrams.overview_pages import index_markdown, time_limits_markdown

INDEX_FILENAME = "README.md"
TIME_LIMITS_FILENAME = "time-limits.md"

__all__ = ["INDEX_FILENAME", "TIME_LIMITS_FILENAME", "generated_documents", "shipped_rule_sets"]


def shipped_rule_sets() -> list[tuple[str, dict[str, Any]]]:
    """The shipped rule set files, read as installation reads them, in file-name order."""
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(installation.RULE_SETS_DIRECTORY.glob("*.json"))
    ]


def generated_documents() -> dict[str, str]:
    """Every file of docs/process-definitions/, by file name, with its content."""
    definitions = installation.shipped_definitions()
    for source, document in definitions:
        installation.validate_definition(document, source=source)
    files = {
        definition_filename(document): definition_markdown(
            document, source=f"src/yekuo/workflow/process_definitions/{source}"
        )
        for source, document in definitions
    }
    files[INDEX_FILENAME] = index_markdown([document for _source, document in definitions])
    files[TIME_LIMITS_FILENAME] = time_limits_markdown(
        [document for _source, document in shipped_rule_sets()]
    )
    return dict(sorted(files.items()))
