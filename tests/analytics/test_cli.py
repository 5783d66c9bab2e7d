"""`yekuo analytics import` and `yekuo analytics dfg --json`: the exact interface of issue 5."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from yekuo.cli import main
from yekuo.workflow.installation import install_definitions, install_rule_sets, installed_models

# `yekuo analytics` runs as from the shell: Django closes the database connections when the command ends,
# which only a transactional test survives on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

LOG = """case:concept:name,concept:name,time:timestamp,org:resource
1,受理,2025-06-30 09:00:00+08:00,张三
1,勘查,2025-06-30 10:00:00+08:00,李四
2,受理,2025-06-30 09:30:00+08:00,张三
"""


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    try:
        status = main(["analytics", *arguments])
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_imports_with_the_default_xes_names_and_prints_the_dfg_as_json(
    capsys: pytest.CaptureFixture[str], write_log: Callable[[str, str], Path]
) -> None:
    status, out, _ = run(capsys, "import", str(write_log("log.csv", LOG)), "--name", "old")
    assert status == 0
    assert "2 cases, 3 events" in out

    status, out, _ = run(capsys, "dfg", "--name", "old", "--json")

    assert status == 0
    assert json.loads(out) == {
        "cases": 2,
        "events": 3,
        "edges": [{"source": "受理", "target": "勘查", "count": 1, "mean_seconds": 3600.0}],
        "start": {"受理": 2},
        "end": {"勘查": 1, "受理": 1},
        "variants": 2,
    }


def test_a_column_mapping_names_the_columns(
    capsys: pytest.CaptureFixture[str], write_log: Callable[[str, str], Path]
) -> None:
    path = write_log("other.csv", "id,step,at,who\nA,x,2025-01-01 08:00,z\nA,y,2025-01-01 08:01,z\n")

    status, _, _ = run(
        capsys, "import", str(path), "--name", "other",
        "--case", "id", "--activity", "step", "--timestamp", "at", "--resource", "who",
    )  # fmt: skip

    assert status == 0
    assert json.loads(run(capsys, "dfg", "--name", "other", "--json")[1])["edges"][0]["mean_seconds"] == 60.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(("import", "{missing}", "--name", "x"), "No such file", id="missing-file"),
        pytest.param(
            ("import", "{log}", "--name", "x", "--case", "nope"), "Unknown column “nope”", id="column"
        ),
        pytest.param(("import", "{bad}", "--name", "x"), "Cannot read the timestamp “soon”", id="timestamp"),
        pytest.param(
            ("dfg", "--name", "nobody", "--json"), "There is no log named “nobody”", id="unknown-log"
        ),
    ],
)
def test_errors_are_one_line_with_a_non_zero_exit(
    capsys: pytest.CaptureFixture[str],
    write_log: Callable[[str, str], Path],
    tmp_path: Path,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    files = {
        "{missing}": str(tmp_path / "missing.csv"),
        "{log}": str(write_log("log.csv", LOG)),
        "{bad}": str(write_log("bad.csv", "case,activity,timestamp\n1,a,soon\n")),
    }

    status, out, err = run(capsys, *(files.get(argument, argument) for argument in arguments))

    assert status != 0
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_exports_a_log_and_the_export_imports_again(
    capsys: pytest.CaptureFixture[str], write_log: Callable[[str, str], Path], tmp_path: Path
) -> None:
    run(capsys, "import", str(write_log("log.csv", LOG)), "--name", "old")
    target = tmp_path / "old.xes"

    status, out, _ = run(capsys, "export", "--name", "old", "--format", "xes", "--output", str(target))
    run(capsys, "import", str(target), "--name", "again")

    assert status == 0
    assert "2 cases, 3 events" in out
    assert json.loads(run(capsys, "dfg", "--name", "again", "--json")[1])["events"] == 3


@pytest.fixture
def live_households(request: pytest.FixtureRequest) -> object:
    """A transactional test may follow another that emptied the tables the migrations fill."""
    install_definitions(installed_models())
    install_rule_sets(installed_models())
    return request.getfixturevalue("two_households")


def test_the_live_log_is_synced_before_it_is_analysed(
    capsys: pytest.CaptureFixture[str], live_households: object
) -> None:
    status, out, _ = run(capsys, "dfg", "--name", "live", "--json")

    assert status == 0
    assert (json.loads(out)["cases"], json.loads(out)["events"]) == (2, 9)
