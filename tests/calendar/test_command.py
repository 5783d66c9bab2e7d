"""`yekuo calendar …`: the administrators' checks print only the answer and fail in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.calendar.conftest import FreezeToday
from tests.calendar.test_import import INVENTED_2027_FILE
from yekuo.calendar.models import CalendarYear
from yekuo.calendar.services import SeedReport


def run_calendar(*arguments: str) -> str:
    stdout = StringIO()
    call_command("calendar", *arguments, stdout=stdout)
    return stdout.getvalue()


@pytest.mark.parametrize(
    ("arguments", "answer"),
    [
        pytest.param(("is-workday", "2025-09-28"), "yes\n", id="adjusted Sunday"),
        pytest.param(("is-workday", "2025-10-07"), "no\n", id="day off in lieu"),
        pytest.param(("add-workdays", "2025-09-26", "3"), "2025-09-30\n", id="add three"),
        pytest.param(("add-workdays", "2025-09-26", "0"), "2025-09-26\n", id="add none"),
        pytest.param(("workdays-between", "2025-09-26", "2025-10-09"), "4\n", id="between"),
        pytest.param(("workdays-between", "2025-10-09", "2025-09-26"), "-4\n", id="between backwards"),
    ],
)
def test_prints_just_the_answer(
    recent_working_days: SeedReport, arguments: tuple[str, ...], answer: str
) -> None:
    assert run_calendar(*arguments) == answer


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(("is-workday", "2027-01-04"), "No working-day calendar is loaded for 2027", id="2027"),
        pytest.param(("add-workdays", "2026-12-28", "5"), "loaded for 2027", id="stepping into 2027"),
        pytest.param(("is-workday", "2025-02-30"), "Not a date: '2025-02-30'", id="no such day"),
        pytest.param(("is-workday", "28/09/2025"), "Not a date", id="not ISO"),
        pytest.param(("add-workdays", "2025-09-26", "-1"), "give 0 or more", id="negative count"),
        pytest.param(("add-workdays", "2025-09-26", "three"), "Not a number of working days", id="words"),
        pytest.param(("workdays-between", "2025-09-26", "2027-01-05"), "loaded for 2027", id="between"),
    ],
)
def test_fails_with_one_line(
    recent_working_days: SeedReport, arguments: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as raised:
        run_calendar(*arguments)

    assert "\n" not in str(raised.value)


def test_seed_reports_what_it_loaded_and_the_cross_check(db: None) -> None:
    output = run_calendar("seed")

    assert output.startswith("Loaded: 2004-2026\nAlready loaded, left as they were: -\n")
    assert "2005: Cross-checked with holidays 0.109: 1 disagreement(s)" in output
    assert run_calendar("seed").startswith("Loaded: -\nAlready loaded, left as they were: 2004-2026\n")


def test_import_loads_a_file_and_refuses_to_repeat_it(
    recent_working_days: SeedReport, tmp_path: Path
) -> None:
    notice_file = tmp_path / "2027.csv"
    notice_file.write_text(INVENTED_2027_FILE, encoding="utf-8")

    output = run_calendar("import", str(notice_file), "--year", "2027", "--notice", "测试通知")

    assert output.startswith("Loaded 2027: 测试通知\n")
    assert CalendarYear.objects.get(year=2027).loaded_by.endswith("(yekuo calendar import)")
    with pytest.raises(CommandError, match="already loaded"):
        run_calendar("import", str(notice_file), "--year", "2027", "--notice", "测试通知")
    run_calendar("import", str(notice_file), "--year", "2027", "--notice", "测试通知（更正）", "--replace")
    assert CalendarYear.objects.get(year=2027).source_notice == "测试通知（更正）"


def test_import_names_the_bad_line(recent_working_days: SeedReport, tmp_path: Path) -> None:
    notice_file = tmp_path / "2027.csv"
    notice_file.write_text(INVENTED_2027_FILE + "2027-05-03,adjusted_working_day,劳动节\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Line 12: 2027-05-03 is a weekday"):
        run_calendar("import", str(notice_file), "--year", "2027", "--notice", "测试通知")


def test_status_warns_from_november_when_next_year_is_missing(
    recent_working_days: SeedReport, freeze_today: FreezeToday
) -> None:
    freeze_today(date(2026, 10, 31))
    assert run_calendar("status") == "Loaded years: 2024-2026\n"

    freeze_today(date(2026, 11, 1))
    assert "the calendar for 2027 is not loaded" in run_calendar("status")


def test_the_yekuo_command_answers_and_exits_non_zero_on_errors(tmp_path: Path) -> None:
    """The real `yekuo calendar …` in a fresh SQLite data directory, as an administrator runs it."""
    yekuo = str(Path(sys.executable).with_name("yekuo"))
    environment = {key: value for key, value in os.environ.items() if not key.startswith("YEKUO_")}
    environment["YEKUO_DATA_DIR"] = str(tmp_path)

    def yekuo_run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603  # our own executable, fixed arguments
            [yekuo, *arguments], env=environment, capture_output=True, text=True, check=False, timeout=120
        )

    assert yekuo_run("manage", "migrate", "calendar").returncode == 0
    assert yekuo_run("calendar", "seed").returncode == 0

    answers = [
        yekuo_run("calendar", "is-workday", "2025-09-28"),
        yekuo_run("calendar", "add-workdays", "2025-09-26", "3"),
        yekuo_run("calendar", "workdays-between", "2025-09-26", "2025-10-09"),
    ]
    assert [(answer.returncode, answer.stdout) for answer in answers] == [
        (0, "yes\n"),
        (0, "2025-09-30\n"),
        (0, "4\n"),
    ]
    for arguments in (("is-workday", "2027-01-04"), ("add-workdays", "2025-09-26", "x"), ("is-workday", "x")):
        failure = yekuo_run("calendar", *arguments)
        assert failure.returncode != 0
        assert failure.stdout == ""
        assert len(failure.stderr.strip().splitlines()) == 1
        assert failure.stderr.startswith("CommandError: ")
