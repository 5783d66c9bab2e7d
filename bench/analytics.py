"""Process analytics at scale: yekuo (DuckDB) against PM4Py (pandas), same log, same machine.

    .venv/bin/python bench/analytics.py --events 1000000 [--events 10000000] [--seed 20260302]

Needs the `bench` extra (PM4Py; AGPL-3.0, never a runtime dependency). Works in a temporary data directory
(SQLite, migrated once; the DuckDB file beside it), whatever YEKUO_DATA_DIR says.

1. Generate a log shaped like yekuo's processes (bench/analytics_log.py): case templates walked through the
   installed process definitions (the stage conditions drawn per case, parallel tracks interleaved by time,
   returns along the definitions' return edges), expanded in DuckDB to the number of events asked for, with
   timestamps to the minute so that parallel stages often tie. Written to Parquet in (case, position) order.
2. Each engine runs in its own child process, so that its peak resident memory (VmHWM, which counts
   DuckDB's native allocations as well as Python's) is its own
   (the log is generated in a child too, so the parent stays small);
   - yekuo import: `log_import` of the Parquet file (timed, not compared: PM4Py's counterpart is loading a
     DataFrame, reported beside it);
   - yekuo analyse: `process_discovery`: the directly-follows graph (counts, mean and median seconds),
     start and end activities, and the variants with their frequencies;
   - PM4Py: load the Parquet file into a pandas DataFrame (DuckDB's reader; PM4Py's own needs pyarrow), then
     `discover_dfg`, `discover_performance_dfg` and `get_variants`.
3. Check that the results are identical (counts, start and end, variants exactly; mean seconds to 1e-9
   relative), print the figures, exit 1 if they differ or (at 10 M events and more) a target is missed:
   yekuo at least 4x faster and at most 1/3 of PM4Py's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SPEED_UP = 4.0
TARGET_MEMORY_SHARE = 1 / 3
TARGETS_FROM_EVENTS = 10_000_000


def peak_rss_megabytes() -> float:
    """This process's own peak resident memory. Linux's VmHWM belongs to the process image and starts
    afresh at exec; getrusage's ru_maxrss does not (it keeps the high-water mark of the parent it was
    forked from), so it is only the fallback."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def setup_django(data_directory: Path) -> None:
    os.environ["YEKUO_DATA_DIR"] = str(data_directory)
    os.environ.pop("YEKUO_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yekuo.config.settings")
    import django  # noqa: PLC0415

    django.setup()


def child_generate(log: Path, events: int, seed: int) -> dict[str, Any]:
    from analytics_log import generate_log  # noqa: PLC0415

    started = time.perf_counter()
    shape = generate_log(events=events, seed=seed, path=log)
    return {"seconds": time.perf_counter() - started, "shape": str(shape)}


def child_yekuo_import(log: Path) -> dict[str, Any]:
    from yekuo.analytics.importing import log_import  # noqa: PLC0415

    started = time.perf_counter()
    imported = log_import(path=log, name="bench", actor=None, replace=True)
    return {"seconds": time.perf_counter() - started, "events": imported.events}


def child_yekuo_analyse() -> dict[str, Any]:
    from yekuo.analytics.discovery import process_discovery  # noqa: PLC0415
    from yekuo.analytics.selection import LogSelection  # noqa: PLC0415

    selection = LogSelection(name="bench")
    started = time.perf_counter()
    discovery = process_discovery(selection)
    graph, found = discovery.graph, discovery.variants
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cases": graph.cases,
        "events": graph.events,
        "edges": [[edge.source, edge.target, edge.count, edge.mean_seconds] for edge in graph.edges],
        "start": graph.start,
        "end": graph.end,
        "variants": [[list(variant.activities), variant.cases] for variant in found],
    }


def child_pm4py(log: Path) -> dict[str, Any]:
    import duckdb  # noqa: PLC0415
    import pm4py  # noqa: PLC0415

    started = time.perf_counter()
    frame = duckdb.sql(f"select * from read_parquet('{log}')").df()  # noqa: S608  # our own file
    loaded = time.perf_counter()
    counts, start, end = pm4py.discover_dfg(frame)
    performance, _, _ = pm4py.discover_performance_dfg(frame)
    found = pm4py.get_variants(frame)
    finished = time.perf_counter()
    return {
        "load_seconds": loaded - started,
        "seconds": finished - loaded,
        "cases": int(frame["case:concept:name"].nunique()),
        "events": len(frame),
        "edges": [
            [source, target, int(count), float(performance[(source, target)]["mean"])]
            for (source, target), count in counts.items()
        ],
        "start": {key: int(value) for key, value in start.items()},
        "end": {key: int(value) for key, value in end.items()},
        "variants": [[list(activities), int(count)] for activities, count in found.items()],
    }


def run_child(role: str, data_directory: Path, log: Path, *extra: str) -> dict[str, Any]:
    output = data_directory / f"{role}.json"
    subprocess.run(  # noqa: S603  # our own script
        [sys.executable, __file__, "--child", role, "--data", str(data_directory), "--log", str(log),
         "--output", str(output), *extra],
        check=True,
    )  # fmt: skip
    return dict(json.loads(output.read_text()))


def differences(yekuo: dict[str, Any], peer: dict[str, Any]) -> list[str]:
    found = []
    for key in ("cases", "events", "start", "end"):
        if yekuo[key] != peer[key]:
            found.append(f"{key}: {yekuo[key]} != {peer[key]}")
    ours = {(source, target): (count, mean) for source, target, count, mean in yekuo["edges"]}
    theirs = {(source, target): (count, mean) for source, target, count, mean in peer["edges"]}
    if set(ours) != set(theirs):
        found.append(f"edges differ: {sorted(set(ours) ^ set(theirs))[:5]}")
    for edge in set(ours) & set(theirs):
        (count, mean), (peer_count, peer_mean) = ours[edge], theirs[edge]
        if count != peer_count or abs(mean - peer_mean) > 1e-9 * max(1.0, abs(peer_mean)):
            found.append(f"edge {edge}: {count}, {mean} != {peer_count}, {peer_mean}")
    if {tuple(a): n for a, n in yekuo["variants"]} != {tuple(a): n for a, n in peer["variants"]}:
        found.append("variants differ")
    return found


def bench(events: int, seed: int, directory: Path) -> bool:
    log = directory / f"log-{events}.parquet"
    generated = run_child("generate", directory, log, "--events", str(events), "--seed", str(seed))
    print(f"\n== {events:,} events: generated {generated['shape']} in {generated['seconds']:.1f} s")
    imported = run_child("yekuo-import", directory, log)
    yekuo = run_child("yekuo-analyse", directory, log)
    peer = run_child("pm4py", directory, log)
    problems = differences(yekuo, peer)
    speed_up = peer["seconds"] / yekuo["seconds"]
    memory_share = yekuo["peak_rss_mb"] / peer["peak_rss_mb"]
    print(f"cases {yekuo['cases']:,}, events {yekuo['events']:,}, edges {len(yekuo['edges'])}, "
          f"variants {len(yekuo['variants']):,}")  # fmt: skip
    print(
        f"yekuo import (Parquet → DuckDB): {imported['seconds']:.2f} s, "
        f"peak {imported['peak_rss_mb']:,.0f} MB"
    )
    print(f"PM4Py load (Parquet → DataFrame): {peer['load_seconds']:.2f} s")
    print(f"analysis (DFG, performance DFG, variants): yekuo {yekuo['seconds']:.2f} s, "
          f"PM4Py {peer['seconds']:.2f} s → {speed_up:.1f}x")  # fmt: skip
    print(f"peak memory: yekuo {yekuo['peak_rss_mb']:,.0f} MB, PM4Py {peer['peak_rss_mb']:,.0f} MB "
          f"→ {memory_share:.0%} of PM4Py's")  # fmt: skip
    print("results identical" if not problems else "RESULTS DIFFER:\n  " + "\n  ".join(problems[:10]))
    if problems:
        return False
    if events >= TARGETS_FROM_EVENTS:
        met = speed_up >= TARGET_SPEED_UP and memory_share <= TARGET_MEMORY_SHARE
        print(f"targets (≥{TARGET_SPEED_UP:.0f}x, ≤1/3 memory): {'met' if met else 'MISSED'}")
        return met
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, action="append", help="events in the log (repeatable)")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        sys.path.insert(0, str(Path(__file__).parent))
        if arguments.child != "pm4py":
            setup_django(arguments.data)
        result = {
            "generate": lambda: child_generate(arguments.log, arguments.events[0], arguments.seed),
            "yekuo-import": lambda: child_yekuo_import(arguments.log),
            "yekuo-analyse": child_yekuo_analyse,
            "pm4py": lambda: child_pm4py(arguments.log),
        }[arguments.child]()
        result["peak_rss_mb"] = peak_rss_megabytes()
        arguments.output.write_text(json.dumps(result))
        return 0
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")
    with tempfile.TemporaryDirectory(prefix="yekuo-bench-analytics-") as scratch:
        directory = Path(scratch)
        setup_django(directory)
        from django.core.management import call_command  # noqa: PLC0415

        call_command("migrate", verbosity=0)
        results = [bench(events, arguments.seed, directory) for events in arguments.events or [1_000_000]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
