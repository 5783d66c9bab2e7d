"""Signals of work done off the system, on small imported logs built to show each one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from yekuo.analytics.importing import log_import
from yekuo.analytics.selection import LogSelection
from yekuo.analytics.signals import SignalThresholds, off_system_signals

pytestmark = pytest.mark.django_db
WriteLog = Callable[[str, str], Path]


def test_one_person_completing_many_stages_in_one_sitting_is_a_bulk_backfill(write_log: WriteLog) -> None:
    rows = ["case,activity,timestamp,resource"]
    # Wang records five applications' surveys a minute apart on one evening; Li works at a normal pace.
    rows += [f"C{n},survey,2026-03-10 19:0{n}:00+08:00,wang" for n in range(5)]
    rows += [f"D{n},survey,2026-03-1{n} 10:00:00+08:00,li" for n in range(5)]
    log_import(path=write_log("bulk.csv", "\n".join(rows) + "\n"), name="bulk", actor=None)

    signals = off_system_signals(LogSelection(name="bulk"))

    assert [(b.resource, b.completions, b.cases) for b in signals.bulk_backfills] == [
        ("wang", 5, ("C0", "C1", "C2", "C3", "C4"))
    ]


def test_completions_piling_up_in_the_last_days_of_the_month_are_a_cluster(write_log: WriteLog) -> None:
    rows = ["case,activity,timestamp"]
    # March: 8 of 10 completions on 29-31 March, local time (31 March 00:30 in Beijing is 30 March UTC).
    rows += [f"M{n},metering,2026-03-29 10:00:00+08:00" for n in range(4)]
    rows += [f"M{n},metering,2026-03-31 00:30:00+08:00" for n in range(4, 8)]
    rows += [f"M{n},metering,2026-03-10 10:00:00+08:00" for n in range(8, 10)]
    # April: evenly spread.
    rows += [f"A{n},metering,2026-04-{n + 1:02d} 10:00:00+08:00" for n in range(10)]
    log_import(path=write_log("month.csv", "\n".join(rows) + "\n"), name="month", actor=None)

    signals = off_system_signals(LogSelection(name="month"), SignalThresholds(minimum_seconds=0))

    (cluster,) = signals.month_end_clusters
    assert (cluster.month, cluster.completions, cluster.at_month_end, cluster.share) == (
        "2026-03",
        10,
        8,
        0.8,
    )
    assert cluster.cases == tuple(f"M{n}" for n in range(8))
