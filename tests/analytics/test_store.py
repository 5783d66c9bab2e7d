"""The DuckDB file: one writing process at a time, and a clear error for the one that has to wait too long."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from yekuo.analytics import store
from yekuo.analytics.errors import AnalyticsBusy

HOLD_THE_FILE = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"
)


def test_another_process_holding_the_file_gives_a_clear_error(
    analytics_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.connection():
        pass  # the file exists, with its schema
    holder = subprocess.Popen(  # noqa: S603  # our own interpreter and code
        [sys.executable, "-c", HOLD_THE_FILE, str(analytics_database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(store, "OPEN_TIMEOUT_SECONDS", 0)

        with pytest.raises(AnalyticsBusy), store.connection():
            pass
    finally:
        holder.kill()
        holder.wait()
