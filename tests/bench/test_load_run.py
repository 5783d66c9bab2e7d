"""bench/load_run.py reads CPU time from /proc and locust's statistics from its CSV file; both parsers are
checked here on real inputs (this process's own /proc entry, a CSV in locust's layout)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

LOAD_RUN = Path(__file__).resolve().parents[2] / "bench" / "load_run.py"


@pytest.fixture(scope="module")
def load_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_run", LOAD_RUN)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_run"] = module  # its dataclasses look their module up there
    search_path = list(sys.path)  # it puts bench/ on the path for its own imports
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["load_run"]
        sys.path[:] = search_path
    return module


def test_cpu_ticks_count_after_a_command_name_with_spaces_and_parentheses(load_run: ModuleType) -> None:
    fields = ["S", *[str(n) for n in range(4, 14)], "1200", "34", *["0"] * 30]  # utime 1200, stime 34
    line = "4242 (gunicorn: worker (yekuo)) " + " ".join(fields)

    assert load_run.cpu_ticks(line) == 1234


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_this_process_spends_the_cpu_it_burns(load_run: ModuleType) -> None:
    before = load_run.ticks_by_process([os.getpid()])
    until = time.process_time() + 0.3
    while time.process_time() < until:
        pass

    spent = load_run.ticks_spent(before, load_run.ticks_by_process([os.getpid()]))
    assert spent >= 0.2 * load_run.CLOCK_TICKS


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_the_process_tree_holds_the_children(load_run: ModuleType) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree = load_run.process_tree(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert os.getpid() in tree
    assert child.pid in tree


def test_a_process_that_starts_inside_the_window_counts_whole_and_one_that_ended_drops_out(
    load_run: ModuleType,
) -> None:
    before = {1: 100, 2: 50}  # 2 ends in the window, 3 starts in it
    after = {1: 130, 3: 7}

    assert load_run.ticks_spent(before, after) == 30 + 7


def test_the_aggregated_row_of_locusts_statistics(load_run: ModuleType, tmp_path: Path) -> None:
    header = (
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
    )
    rows = [
        "GET,my work,1073,0,530,533,395,765,24000,19.94,0.0,530,550,560,570,600,630,650,690,750,770,770",
        ",Aggregated,4795,2,530,539,388,840,20000,89.10,0.04,530,560,570,580,610,640,680,720,820,840,840",
    ]
    stats = tmp_path / "locust_stats.csv"
    stats.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")

    result = load_run.aggregate(stats)

    assert (result.requests, result.failures, result.per_second) == (4795, 2, 89.10)
    assert (result.p50, result.p95, result.p99) == (530, 640, 720)
