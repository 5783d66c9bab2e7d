"""Each analytics test gets its own DuckDB file, and small logs written as the test needs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.conftest import SHARED_DIRECTORY

PUBLIC_LOGS = SHARED_DIRECTORY / "data"


@pytest.fixture(autouse=True)
def analytics_database(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.ANALYTICS_DATABASE = path
    return path


@pytest.fixture
def write_log(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def public_log(name: str) -> Path:
    """One of the public logs in ../shared/data; the test skips where that folder is absent."""
    path = PUBLIC_LOGS / name
    if not path.is_file():
        pytest.skip(f"the public event logs are not here ({PUBLIC_LOGS} has no {name})")
    return path


# The engine's fixtures: the frozen clock, the calendar, the staff of every role, customers.
from tests.workflow.conftest import (  # noqa: E402
    crew,
    factory_owner,
    household,
    test_clock,
    working_calendar,
)

__all__ = ["crew", "factory_owner", "household", "test_clock", "working_calendar"]
