"""Due-date computations per second: yekuo's WorkingDayCalendar against chinesecalendar's find_workday.

    .venv/bin/python bench/calendar_due_dates.py [--samples 5000] [--seed 20251001]

Builds a throw-away SQLite database in a temporary data directory (whatever YEKUO_DATA_DIR or
YEKUO_DATABASE_URL say is ignored, so a real database is never touched), seeds 2004-2026 from
chinesecalendar, then in this one process times random due dates: a start date in 2020-2025 and a limit of
1-60 working days. Before timing, every sample's answer is checked to be identical in both.

chinesecalendar's `find_workday(delta, day)` counts `day` itself when it is a working day and returns the
(delta + 1)-th working day on or after it; yekuo never counts the start. So the N-th working day after
`start` is `find_workday(N - 1, start + 1 day)` there, and `add_working_days(start, N)` here.
Exit status 1 when the ratio is below the target (500x), 2 when an answer differs.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

TARGET_RATIO = 500
FIRST_START = date(2020, 1, 1)
LAST_START = date(2025, 12, 31)
MAX_WORKING_DAYS = 60
MINIMUM_SECONDS = 1.0  # repeat a timing until it has run this long, so short runs are not noise

Sample = tuple[date, int]


def prepare_database() -> None:
    data_directory = Path(tempfile.mkdtemp(prefix="yekuo-bench-calendar-"))
    atexit.register(shutil.rmtree, data_directory, ignore_errors=True)
    os.environ["YEKUO_DATA_DIR"] = str(data_directory)
    os.environ.pop("YEKUO_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yekuo.config.settings")
    import django  # noqa: PLC0415  # settings must see the environment prepared above

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", "calendar", verbosity=0)
    from yekuo.calendar.services import calendar_seed_from_library  # noqa: PLC0415

    started = time.perf_counter()
    report = calendar_seed_from_library()
    print(
        f"seeded {report.loaded_years[0]}-{report.loaded_years[-1]} in {time.perf_counter() - started:.2f} s"
    )


def random_samples(count: int, seed: int) -> list[Sample]:
    generator = random.Random(seed)
    span = (LAST_START - FIRST_START).days
    return [
        (FIRST_START + timedelta(days=generator.randint(0, span)), generator.randint(1, MAX_WORKING_DAYS))
        for _ in range(count)
    ]


def calls_per_second(compute: Callable[[date, int], date], samples: list[Sample]) -> float:
    rounds, elapsed = 0, 0.0
    started = time.perf_counter()
    while elapsed < MINIMUM_SECONDS:
        for start, days in samples:
            compute(start, days)
        rounds += 1
        elapsed = time.perf_counter() - started
    return rounds * len(samples) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20251001)
    arguments = parser.parse_args()

    prepare_database()
    import chinese_calendar  # noqa: PLC0415

    from yekuo.calendar.selectors import working_day_calendar  # noqa: PLC0415

    calendar = working_day_calendar()
    one_day = timedelta(days=1)

    def theirs(start: date, days: int) -> date:
        return chinese_calendar.find_workday(days - 1, start + one_day)  # type: ignore[no-any-return]

    samples = random_samples(arguments.samples, arguments.seed)
    for start, days in samples:
        ours_answer, their_answer = calendar.add_working_days(start, days), theirs(start, days)
        if ours_answer != their_answer:
            print(f"DIFFERENT: {start} + {days}: yekuo {ours_answer}, chinesecalendar {their_answer}")
            return 2
    print(
        f"{len(samples):,} samples (start {FIRST_START.year}-{LAST_START.year}, "
        f"1-{MAX_WORKING_DAYS} working days, seed {arguments.seed}): every answer identical"
    )

    ours = calls_per_second(calendar.add_working_days, samples)
    print(f"yekuo WorkingDayCalendar.add_working_days: {ours:>12,.0f} calls/s")
    fetch = calls_per_second(
        lambda start, days: working_day_calendar().add_working_days(start, days), samples[:500]
    )
    print(f"  same, fetching working_day_calendar() each call: {fetch:>12,.0f} calls/s")
    theirs_rate = calls_per_second(theirs, samples[:500])
    print(f"chinese_calendar.find_workday:             {theirs_rate:>12,.0f} calls/s")
    ratio = ours / theirs_rate
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio: {ratio:,.0f}x ({verdict} the target of {TARGET_RATIO}x); {os.cpu_count()} CPU(s)")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
