"""The directly-follows graph, start and end activities and variants, against values computed by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from yekuo.analytics.discovery import DirectlyFollowsEdge, directly_follows_graph, variants
from yekuo.analytics.importing import log_import
from yekuo.analytics.selection import LogSelection

pytestmark = pytest.mark.django_db

# Case A: a → b (60 s) → c (120 s). Case B: a → c (120 s). Case C: a and b at the same second (the file's
# order decides: a first), then c 300 s later. Case D: written c first, but a is 10 minutes earlier once
# both offsets are applied (12:00+08:00 is 04:00 UTC, 05:10+01:00 is 04:10 UTC).
HAND_LOG = """case:concept:name,concept:name,time:timestamp,org:resource,cost
A,a,2026-03-02 10:00:00,ann,1
A,b,2026-03-02 10:01:00,bob,2
A,c,2026-03-02 10:03:00,ann,3
B,a,2026-03-02 10:00:00,ann,1
B,c,2026-03-02 10:02:00,cat,4
C,a,2026-03-02 11:00:00,ann,1
C,b,2026-03-02 11:00:00,bob,2
C,c,2026-03-02 11:05:00,bob,3
D,c,2026-03-02T05:10:00+01:00,cat,3
D,a,2026-03-02T12:00:00+08:00,ann,1
"""


@pytest.fixture
def hand_log(write_log: Callable[[str, str], Path]) -> LogSelection:
    log_import(path=write_log("hand.csv", HAND_LOG), name="hand", actor=None)
    return LogSelection(name="hand")


def test_counts_each_directly_follows_pair_with_mean_and_median_seconds(hand_log: LogSelection) -> None:
    graph = directly_follows_graph(hand_log)

    assert (graph.cases, graph.events) == (4, 10)
    assert set(graph.edges) == {
        DirectlyFollowsEdge("a", "b", 2, 30.0, 30.0),  # A: 60 s, C: 0 s
        DirectlyFollowsEdge("b", "c", 2, 210.0, 210.0),  # A: 120 s, C: 300 s
        DirectlyFollowsEdge("a", "c", 2, 360.0, 360.0),  # B: 120 s, D: 600 s
    }


def test_start_and_end_activities_and_variants(hand_log: LogSelection) -> None:
    graph = directly_follows_graph(hand_log)

    assert graph.start == {"a": 4}
    assert graph.end == {"c": 4}
    assert graph.variants == 2
    assert [(variant.activities, variant.cases) for variant in variants(hand_log)] == [
        (("a", "b", "c"), 2),
        (("a", "c"), 2),
    ]


def test_equal_timestamps_keep_the_order_of_the_file(write_log: Callable[[str, str], Path]) -> None:
    log = (
        "case:concept:name,concept:name,time:timestamp\nX,second,2026-01-01 08:00\nX,first,2026-01-01 08:00\n"
    )
    log_import(path=write_log("ties.csv", log), name="ties", actor=None)

    graph = directly_follows_graph(LogSelection(name="ties"))

    assert graph.edges == (DirectlyFollowsEdge("second", "first", 1, 0.0, 0.0),)


def test_a_period_keeps_whole_cases_with_an_activity_in_it(hand_log: LogSelection) -> None:
    selection = LogSelection(
        name="hand",
        period_start=datetime(2026, 3, 2, 10, 30, tzinfo=UTC),
        period_end=datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
    )

    graph = directly_follows_graph(selection)

    assert (graph.cases, graph.events) == (1, 3)  # only case C has an activity between 10:30 and 12:00 UTC
    assert graph.start == {"a": 1}


def test_median_differs_from_mean_on_skewed_durations(write_log: Callable[[str, str], Path]) -> None:
    rows = ["case,activity,timestamp"]
    for case, seconds in (("1", 10), ("2", 20), ("3", 90)):
        rows += [
            f"{case},x,2026-01-01 00:00:00",
            f"{case},y,2026-01-01 00:{seconds // 60:02d}:{seconds % 60:02d}",
        ]
    log_import(path=write_log("skew.csv", "\n".join(rows) + "\n"), name="skew", actor=None)

    (edge,) = directly_follows_graph(LogSelection(name="skew")).edges

    assert (edge.count, edge.mean_seconds, edge.median_seconds) == (3, 40.0, 20.0)
