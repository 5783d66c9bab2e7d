"""A stage changes in one place (conventions §1): only yekuo.workflow writes status or work items."""

from __future__ import annotations

import re
from pathlib import Path

import yekuo

SOURCE = Path(yekuo.__file__).resolve().parent
WORKFLOW = SOURCE / "workflow"
FORBIDDEN = [
    re.compile(r"\bapplication\.status\s*=(?!=)"),
    re.compile(r"\.status\s*=\s*ApplicationStatus\."),
    re.compile(r"Application\.objects[^\n]*\.update\([^)]*\bstatus\s*="),
    re.compile(r"WorkItem\.objects\.(create|bulk_create|update|get_or_create|update_or_create)\b"),
    re.compile(r"\bWorkItem\("),
]


def offending_lines() -> list[str]:
    found = []
    for path in SOURCE.rglob("*.py"):
        if WORKFLOW in path.parents or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(pattern.search(line) for pattern in FORBIDDEN):
                found.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    return found


def test_only_the_workflow_changes_application_status_or_work_items() -> None:
    assert offending_lines() == []


def test_the_scan_would_catch_a_status_assignment(tmp_path: Path) -> None:
    sample = "application.status = ApplicationStatus.COMPLETED\n"

    assert any(pattern.search(sample) for pattern in FORBIDDEN)
