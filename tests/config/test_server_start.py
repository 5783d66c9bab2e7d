"""`yekuo serve` forks gunicorn workers after running checks that may open a database connection; the
workers must not inherit it, or they read each other's replies on the shared socket."""

from __future__ import annotations

from typing import Any

import pytest

from yekuo import cli_server


def test_the_database_connections_close_before_the_workers_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []

    class RecordingGunicorn:
        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options

        def run(self) -> None:
            steps.append(f"fork {self.options['workers']} workers")

    monkeypatch.setattr(cli_server, "_Gunicorn", RecordingGunicorn)
    # SQLite's in-memory test database ignores close(), so the call itself is what can be observed.
    monkeypatch.setattr(cli_server.connections, "close_all", lambda: steps.append("close connections"))

    assert cli_server._serve(bind="127.0.0.1:0", workers=2) == 0  # the fork point itself

    assert steps == ["close connections", "fork 2 workers"]
