"""Transitions per second: yekuo's work_item_complete, the raw-SQL floor and SpiffWorkflow, one database.

    YEKUO_DATA_DIR=$(mktemp -d) .venv/bin/python bench/transitions.py --database sqlite|postgres \\
        [--applications 200] [--repetitions 3]

SQLite: a fresh file in YEKUO_DATA_DIR (a temporary directory when unset). PostgreSQL: YEKUO_DATABASE_URL or
postgres://postgres@127.0.0.1:5432/yekuo_bench; that database is dropped and created here (psycopg, through
the server's `postgres` database) and dropped at the end, so its name must contain "bench".

In one process: migrate, build an organisation with staff for every role and enterprise customers (MD5
password hashes: set-up only), then per repetition, in turns of --block applications until N are done:
  (1) yekuo: submitted 10 kV single-supply applications driven through all 12 stages by
      `work_item_complete` (submission and documents are set-up; only the complete calls are timed),
  (2) the raw-SQL floor (bench/transitions_floor.py) on as many more applications, 12 transitions each
      (on PostgreSQL also batched, and batched with prepared statements),
  (3) SpiffWorkflow 3.x (bench/transitions_spiff.py), the same number of completions,
  (4) the bare commit (bench/transitions_commit.py): as many transactions of one one-row UPDATE each, the
      ceiling a durable commit alone sets for any engine that commits every transition,
with the clock frozen at 2026-03-02 09:00 Asia/Shanghai so due dates stay inside the loaded calendar.
Prints the medians, the ratios yekuo/Spiff, yekuo/floor, Spiff/bare commit and 3x Spiff/bare commit, and
yekuo's queries per transition. Exit status 1 when a target is missed:
yekuo ≥ 3x SpiffWorkflow on PostgreSQL, and ≥ 40% of the raw-SQL rate.
"""

from __future__ import annotations

import argparse
import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from transitions_yekuo import World

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/yekuo_bench"
FROZEN_AT = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
TARGET_OVER_SPIFF = 3.0  # on PostgreSQL
TARGET_OF_FLOOR = 0.40


def _postgres_admin(url: str) -> tuple[str, str]:
    """The maintenance URL (same server, database `postgres`) and the benchmark database's name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop and create {name!r}: its name must contain 'bench'")
    return parts._replace(path="/postgres").geturl(), name


def _recreate_postgres(url: str) -> None:
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    admin_url, name = _postgres_admin(url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    atexit.register(drop)


def prepare_database(database: str) -> None:
    """Point yekuo's settings at a fresh database, then set Django up and migrate."""
    if not os.environ.get("YEKUO_DATA_DIR"):
        directory = tempfile.mkdtemp(prefix="yekuo-bench-transitions-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["YEKUO_DATA_DIR"] = directory
    if database == "postgres":
        url = os.environ.get("YEKUO_DATABASE_URL", "").strip() or DEFAULT_POSTGRES_URL
        _recreate_postgres(url)
    else:
        path = Path(os.environ["YEKUO_DATA_DIR"]).resolve() / "bench-transitions.sqlite3"
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["YEKUO_DATABASE_URL"] = url
    os.environ["YEKUO_LOG_LEVEL"] = "WARNING"  # SpiffWorkflow logs every task state change at INFO
    os.environ.pop("YEKUO_DEMO", None)  # DEBUG stays off: Django would keep every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "yekuo.config.settings"
    import django  # noqa: PLC0415  # settings must see the environment prepared above

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)


@dataclass(frozen=True)
class Row:
    engine: str
    transitions: int
    seconds: list[float]

    @property
    def rates(self) -> list[float]:
        return [self.transitions / seconds for seconds in self.seconds]

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)


def machine_and_versions() -> list[str]:
    import django  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from transitions_spiff import SPIFF_VERSION  # noqa: PLC0415

    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="ascii").splitlines()
    kibibytes = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            settings = []
            for name in ("server_version", "shared_buffers", "synchronous_commit", "fsync"):
                cursor.execute(f"SHOW {name}")
                settings.append(f"{name}={cursor.fetchone()[0]}")
            database = "PostgreSQL " + ", ".join(settings)
        else:
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            database = f"SQLite {version}, journal_mode={cursor.fetchone()[0]}, synchronous=NORMAL"
    return [
        f"machine: {os.cpu_count()} x {model}, {kibibytes / 1024 / 1024:.1f} GiB RAM, {platform.platform()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, SpiffWorkflow {SPIFF_VERSION}",
        f"database: {database}",
    ]


Totals = dict[str, tuple[int, float]]  # engine → (transitions, seconds); "yekuo cpu" → (0, CPU seconds)


def one_repetition(world: World, applications: int, block: int, seed: int, stages: list[str]) -> Totals:
    """yekuo, the floor and Spiff take turns on blocks of `block` applications, so that a change in the
    machine's load (other processes share its two cores) hits all three alike."""
    import transitions_commit  # noqa: PLC0415
    import transitions_floor  # noqa: PLC0415
    import transitions_spiff  # noqa: PLC0415
    import transitions_yekuo  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from yekuo.org.roles import Role  # noqa: PLC0415

    batched_floor = connection.vendor == "postgresql"
    totals: Totals = {"yekuo": (0, 0.0), "floor": (0, 0.0), "spiff": (0, 0.0)}
    if batched_floor:
        totals["floor batched"] = (0, 0.0)
        totals["floor prepared"] = (0, 0.0)
        totals["floor two messages"] = (0, 0.0)
    totals["bare commit"] = (0, 0.0)
    totals["yekuo cpu"] = (0, 0.0)

    def add(engine: str, transitions: int, seconds: float) -> None:
        totals[engine] = (totals[engine][0] + transitions, totals[engine][1] + seconds)

    actor_id = world.staff[Role.INTAKE_CLERK].pk
    for first in range(0, applications, block):
        size = min(block, applications - first)
        timing = transitions_yekuo.run_yekuo(world, transitions_yekuo.submitted_applications(world, size))
        add("yekuo", timing.transitions, timing.seconds)
        add("yekuo cpu", 0, timing.cpu_seconds)
        ids = transitions_yekuo.submitted_applications(world, size)
        add("floor", *transitions_floor.run_floor(ids, stages, actor_id=actor_id, moment=FROZEN_AT))
        if batched_floor:
            ids = transitions_yekuo.submitted_applications(world, size)
            floor = transitions_floor.run_floor(
                ids, stages, actor_id=actor_id, moment=FROZEN_AT, batched=True
            )
            add("floor batched", *floor)
            ids = transitions_yekuo.submitted_applications(world, size)
            floor = transitions_floor.run_floor(
                ids, stages, actor_id=actor_id, moment=FROZEN_AT, batched=True, prepared=True
            )
            add("floor prepared", *floor)
            ids = transitions_yekuo.submitted_applications(world, size)
            floor = transitions_floor.run_floor(
                ids, stages, actor_id=actor_id, moment=FROZEN_AT, two_messages=True
            )
            add("floor two messages", *floor)
        spiff = transitions_spiff.run_spiff(timing.transitions, moment=FROZEN_AT, seed=seed + first)
        add("spiff", spiff.transitions, spiff.seconds)
        add("bare commit", *transitions_commit.run_bare_commits(timing.transitions))
    return totals


def run(applications: int, repetitions: int, block: int) -> list[Row]:
    import transitions_commit  # noqa: PLC0415
    import transitions_queries  # noqa: PLC0415
    import transitions_spiff  # noqa: PLC0415
    import transitions_yekuo  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from yekuo.core.clock import frozen_at  # noqa: PLC0415

    names = {
        "yekuo": "yekuo work_item_complete",
        "floor": "raw SQL floor",
        "spiff": f"SpiffWorkflow {transitions_spiff.SPIFF_VERSION}",
    }
    if connection.vendor == "postgresql":
        names["floor batched"] = "raw SQL floor, batched (3 round trips + BEGIN/COMMIT)"
        names["floor prepared"] = "raw SQL floor, batched and prepared (plans kept, as yekuo's)"
        names["floor two messages"] = "raw SQL floor in two messages, prepared (the least for a client)"
    names["bare commit"] = "bare commit (BEGIN; UPDATE one row; COMMIT)"
    seconds: dict[str, list[float]] = {engine: [] for engine in names}
    counts: dict[str, int] = {}
    with frozen_at(FROZEN_AT):
        world = transitions_yekuo.build_world(min(applications, block))
        transitions_spiff.create_tables()
        transitions_commit.create_table()
        warm_up = transitions_yekuo.submitted_applications(world, 2)
        transitions_yekuo.run_yekuo(world, warm_up[:1])  # fills the per-process caches; untimed
        profile = transitions_queries.profile_queries(world, warm_up[1])
        stages = [stage for stage, _count in profile.per_stage]
        for repetition in range(1, repetitions + 1):
            totals = one_repetition(world, applications, block, 1000 * repetition, stages)
            cpu_share = totals.pop("yekuo cpu")[1] / totals["yekuo"][1]
            for engine, (count, elapsed) in totals.items():
                counts[engine] = count
                seconds[engine].append(elapsed)
            rates = ", ".join(
                f"{engine} {count / elapsed:,.0f}/s" for engine, (count, elapsed) in totals.items()
            )
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(
                f"repetition {repetition}: {rates}; yekuo's own CPU {cpu_share:.0%} of its time "
                f"(load average {load})",
                flush=True,
            )
        sizes = transitions_spiff.state_sizes()
    print(f"Spiff state: {sizes[0]:,} bytes for a fresh instance, {sizes[1]:,} once completed")
    print()
    print(f"yekuo queries per transition, one application (mean {profile.mean:.1f}):")
    print("  " + ", ".join(f"{stage} {count}" for stage, count in profile.per_stage))
    print("  by statement over its 12 transitions:")
    for count, statement in profile.by_statement:
        print(f"  {count:>4}  {statement}")
    print("  by call site (innermost yekuo function ← its callers):")
    for count, site in profile.by_call_site:
        print(f"  {count:>4}  {site}")
    return [Row(names[engine], counts[engine], seconds[engine]) for engine in names]


def report(rows: list[Row], database: str) -> bool:
    yekuo, floor, spiff = rows[:3]
    bare = next(row for row in rows if row.engine.startswith("bare commit"))
    print()
    print("| engine | database | transitions | seconds | transitions/s (median) | each run (transitions/s) |")
    print("|---|---|---:|---:|---:|---|")
    for row in rows:
        runs = ", ".join(f"{rate:,.0f}" for rate in row.rates)
        print(
            f"| {row.engine} | {database} | {row.transitions:,} | {row.median_seconds:.2f} | "
            f"{row.median_rate:,.0f} | {runs} |"
        )
    over_spiff = yekuo.median_rate / spiff.median_rate
    of_floor = yekuo.median_rate / floor.median_rate
    spiff_met = over_spiff >= TARGET_OVER_SPIFF
    floor_met = of_floor >= TARGET_OF_FLOOR
    spiff_verdict = ("met" if spiff_met else "MISSED") if database == "postgres" else "judged on PostgreSQL"
    each_over_spiff = ", ".join(f"{y / s:.2f}x" for y, s in zip(yekuo.rates, spiff.rates, strict=True))
    each_of_floor = ", ".join(f"{y / f:.0%}" for y, f in zip(yekuo.rates, floor.rates, strict=True))
    print()
    print(f"per repetition: yekuo/Spiff {each_over_spiff}; yekuo/floor {each_of_floor}")
    print(f"yekuo / SpiffWorkflow: {over_spiff:.2f}x (target >= {TARGET_OVER_SPIFF:.0f}x: {spiff_verdict})")
    floor_verdict = "met" if floor_met else "MISSED"
    print(f"yekuo / raw SQL floor: {of_floor:.0%} (target >= {TARGET_OF_FLOOR:.0%}: {floor_verdict})")
    spiff_of_bare = spiff.median_rate / bare.median_rate
    each_spiff_of_bare = ", ".join(f"{s / b:.0%}" for s, b in zip(spiff.rates, bare.rates, strict=True))
    each_triple = ", ".join(
        f"{TARGET_OVER_SPIFF * s / b:.0%}" for s, b in zip(spiff.rates, bare.rates, strict=True)
    )
    print(f"SpiffWorkflow / bare commit: {spiff_of_bare:.0%} (per repetition {each_spiff_of_bare})")
    print(
        f"{TARGET_OVER_SPIFF:.0f}x SpiffWorkflow / bare commit: {TARGET_OVER_SPIFF * spiff_of_bare:.0%} "
        f"(per repetition {each_triple}; above 100 %, the target asks more transitions per second than "
        "a durable commit alone allows)"
    )
    for batched in [row for row in rows if row.engine.startswith("raw SQL floor, batched")]:
        each = ", ".join(f"{y / b:.0%}" for y, b in zip(yekuo.rates, batched.rates, strict=True))
        print(
            f"yekuo / {batched.engine}: {yekuo.median_rate / batched.median_rate:.0%} (per repetition "
            f"{each}; the target is judged against the floor above)"
        )
    least = next((row for row in rows if row.engine.startswith("raw SQL floor in two messages")), None)
    if least is not None:
        each = ", ".join(
            f"{TARGET_OVER_SPIFF * s / f:.0%}" for s, f in zip(spiff.rates, least.rates, strict=True)
        )
        print(
            f"{TARGET_OVER_SPIFF:.0f}x SpiffWorkflow / {least.engine}: "
            f"{TARGET_OVER_SPIFF * spiff.median_rate / least.median_rate:.0%} (per repetition {each}; above "
            "100 %, the target asks more than the least SQL of a transition sent in the fewest messages an "
            "engine deciding in the client can use)"
        )
    return floor_met and (spiff_met or database != "postgres")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--block", type=int, default=10, help="applications per engine before the next takes its turn"
    )
    arguments = parser.parse_args()
    if min(arguments.applications, arguments.repetitions, arguments.block) < 1:
        parser.error("--applications, --repetitions and --block must be at least 1")
    prepare_database(arguments.database)
    for line in machine_and_versions():
        print(line)
    print(
        f"{arguments.applications} applications x 12 stages per engine and repetition, "
        f"{arguments.repetitions} repetitions, clock frozen at {FROZEN_AT.isoformat()}",
        flush=True,
    )
    rows = run(arguments.applications, arguments.repetitions, arguments.block)
    return 0 if report(rows, arguments.database) else 1


if __name__ == "__main__":
    sys.exit(main())
