"""One run of the HTTP load test, measured the same way every time: `yekuo serve`, locust, and the CPU that
the server's workers, PostgreSQL and locust each spent per request in the steady state.

Prepare the database once with `bench/workbench_queries.py --build`, then for each run:

    YEKUO_DATA_DIR=... .venv/bin/python bench/load_run.py --prepare [--workers 4] [--seconds 60]

`--prepare` first adds today's applications for the transitions (`bench/load_test.py --prepare`: each run
completes about 150). `--ceiling` runs bench/locustfile_ceiling.py instead of the mix: the same users on the
lightest authenticated request, the most any mix can reach through this stack on this machine.

The server is `yekuo serve` on 127.0.0.1 with the bench database (YEKUO_DATABASE_URL, whose name must contain
"bench"); locust runs bench/locustfile.py headless with 50 users. Once every user has logged in (the
locustfile then resets the statistics), the script waits SETTLE_SECONDS and reads the CPU time of the
processes from /proc twice, WINDOW_SECONDS apart: the server (gunicorn's master and workers), PostgreSQL
(every process of the `postgres` account, when the server runs on this machine: run nothing else on that
cluster meanwhile) and locust. It prints the aggregate of locust's steady-state statistics and those CPU
figures per request of locust's steady-state rate. Compare code only in turns on the same machine (`base, new,
base, new`): a shared host's speed moves.
"""

from __future__ import annotations

import argparse
import csv
import os
import pwd
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workbench_queries import database_url

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SETTLE_SECONDS = 5.0
WINDOW_SECONDS = 20.0
STEADY_MARK = "statistics reset for the steady workload"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Aggregate:
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float


def cpu_ticks(stat_line: str) -> int:
    """User plus system time of one /proc/<pid>/stat line, in clock ticks. The command name (field 2) is
    in parentheses and may hold spaces and parentheses itself, so the fields are counted after its end."""
    fields = stat_line[stat_line.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of the line: utime, stime


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()
    except OSError:
        return []
    return [int(child) for child in found]


def process_tree(pid: int) -> list[int]:
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(_children(current))
    return tree


def processes_of(account: str) -> list[int]:
    try:
        uid = pwd.getpwnam(account).pw_uid
    except KeyError:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def ticks_by_process(pids: list[int]) -> dict[int, int]:
    """Each process's CPU ticks so far; a process that has ended in the meantime is left out."""
    found = {}
    for pid in pids:
        try:
            found[pid] = cpu_ticks(Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return found


def ticks_spent(before: dict[int, int], after: dict[int, int]) -> int:
    """The ticks spent between two readings: for a process in both, the difference; for one that started
    in between, all of its ticks. One that ended in between is lost (its last ticks cannot be read)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items())


def aggregate(stats_csv: Path) -> Aggregate:
    """The "Aggregated" row of locust's <prefix>_stats.csv."""
    with stats_csv.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["Name"] == "Aggregated":
                return Aggregate(
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    per_second=float(row["Requests/s"]),
                    p50=float(row["50%"]),
                    p95=float(row["95%"]),
                    p99=float(row["99%"]),
                )
    raise ValueError(f"no Aggregated row in {stats_csv}")


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"yekuo serve ended with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310  # our own server on 127.0.0.1
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """gunicorn's master and workers (their own process group): politely, then not."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        return  # it had already ended (and said so above)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _environment() -> dict[str, str]:
    database_url()  # the bench database unless told otherwise; refuses a name without "bench"
    environment = dict(os.environ)
    if not environment.get("YEKUO_DATA_DIR"):
        raise SystemExit("set YEKUO_DATA_DIR (the server collects its static files there)")
    environment.setdefault("YEKUO_ALLOWED_HOSTS", "127.0.0.1")
    environment.setdefault("YEKUO_SECRET_KEY", secrets.token_urlsafe(48))
    return environment


def run(*, workers: int, users: int, seconds: int, port: int, locustfile: str = "locustfile.py") -> int:
    environment = _environment()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603  # our own command line
        [str(BIN / "yekuo"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_serving(f"{host}/workbench/login/", server)
        with tempfile.TemporaryDirectory(prefix="yekuo-load-") as directory:
            prefix = Path(directory) / "locust"
            command = [
                *(str(BIN / "locust"), "-f", str(BENCH / locustfile), "--headless"),
                *("-u", str(users), "-r", str(users // 2 or 1), "-t", f"{seconds}s", "--host", host),
                *("--only-summary", "--csv", str(prefix)),
            ]
            locust = subprocess.Popen(  # noqa: S603  # our own command line
                command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            if locust.stdout is None:
                raise RuntimeError("locust's output is not piped")
            for line in locust.stdout:
                if STEADY_MARK in line:
                    print(line.strip(), flush=True)
                    break
            else:
                raise SystemExit("locust ended before every user had logged in")
            time.sleep(SETTLE_SECONDS)
            groups: dict[str, Callable[[], list[int]]] = {
                "server": lambda: process_tree(server.pid),
                "PostgreSQL": lambda: processes_of("postgres"),
                "locust": lambda: process_tree(locust.pid),
            }
            started = {name: ticks_by_process(listed()) for name, listed in groups.items()}
            time.sleep(WINDOW_SECONDS)
            spent = {
                name: ticks_spent(started[name], ticks_by_process(listed()))
                for name, listed in groups.items()
            }
            if locust.poll() is not None:
                raise SystemExit("locust ended inside the measuring window: give it more --seconds")
            locust.stdout.read()  # let it finish writing
            if locust.wait() not in (0, 1):  # locust exits 1 when a request failed
                raise SystemExit(f"locust ended with status {locust.returncode}")
            result = aggregate(Path(f"{prefix}_stats.csv"))
    finally:
        _stop(server)
    print(
        f"{result.per_second:.1f} requests/s, {result.requests:,} requests, {result.failures} failed; "
        f"p50 {result.p50:.0f} ms, p95 {result.p95:.0f} ms, p99 {result.p99:.0f} ms"
    )
    served = result.per_second * WINDOW_SECONDS  # locust's steady-state rate, taken for the window's
    for name, ticks in spent.items():
        cpu_seconds = ticks / CLOCK_TICKS
        share = cpu_seconds / WINDOW_SECONDS
        print(f"  {name}: {cpu_seconds / served * 1000:.1f} ms of CPU per request ({share:.0%} of a core)")
    return 0 if result.failures == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--prepare", action="store_true", help="add today's applications first")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="locust's run time, log-ins included")
    parser.add_argument("--port", type=int, default=8047)
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="the lightest authenticated request instead of the mix (bench/locustfile_ceiling.py)",
    )
    arguments = parser.parse_args()
    if arguments.prepare:
        prepared = subprocess.run(  # noqa: S603
            [sys.executable, str(BENCH / "load_test.py"), "--prepare"], env=_environment(), check=False
        )
        if prepared.returncode:
            return prepared.returncode
    return run(
        workers=arguments.workers,
        users=arguments.users,
        seconds=arguments.seconds,
        port=arguments.port,
        locustfile="locustfile_ceiling.py" if arguments.ceiling else "locustfile.py",
    )


if __name__ == "__main__":
    sys.exit(main())
