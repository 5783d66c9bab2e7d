"""The public logs in ../shared/data analyse exactly as PM4Py analyses them: the same directly-follows
counts, mean and median durations, start and end activities and variants.

PM4Py (AGPL-3.0) is installed only with the `test` and `bench` extras; these tests skip where it or the
shared folder is absent. PM4Py orders each case by timestamp with a stable sort, so events with the same
timestamp keep the order of the file; timestamps are compared in UTC.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.analytics.conftest import public_log
from yekuo.analytics.discovery import directly_follows_graph, variants
from yekuo.analytics.importing import log_import
from yekuo.analytics.selection import LogSelection

pytestmark = pytest.mark.django_db

XES_NAMES = {
    "case_id": "case:concept:name",
    "activity_key": "concept:name",
    "timestamp_key": "time:timestamp",
}


def pm4py_frame(path: Path) -> Any:
    pm4py = pytest.importorskip("pm4py", reason="PM4Py is not installed (pip install -e .[test])")
    if path.suffix == ".xes":
        return pm4py.read_xes(str(path), show_progress_bar=False)
    import pandas  # noqa: PLC0415  # comes with PM4Py

    return pm4py.format_dataframe(pandas.read_csv(path), **XES_NAMES)


@pytest.mark.parametrize("file_name", ["running-example.xes", "roadtraffic100traces.xes", "receipt.csv"])
def test_public_log_analyses_identically_to_pm4py(file_name: str) -> None:
    path = public_log(file_name)
    frame = pm4py_frame(path)
    import pm4py  # noqa: PLC0415  # present: pm4py_frame skipped otherwise

    counts, start, end = pm4py.discover_dfg(frame)
    performance, _, _ = pm4py.discover_performance_dfg(frame)
    reference_variants = pm4py.get_variants(frame)

    log_import(path=path, name="public", actor=None)
    selection = LogSelection(name="public")
    graph = directly_follows_graph(selection)

    assert graph.cases == frame["case:concept:name"].nunique()
    assert graph.events == len(frame)
    assert {(edge.source, edge.target): edge.count for edge in graph.edges} == dict(counts)
    assert graph.start == dict(start)
    assert graph.end == dict(end)
    for edge in graph.edges:
        expected = performance[(edge.source, edge.target)]
        assert edge.mean_seconds == pytest.approx(expected["mean"], rel=1e-9, abs=1e-6)
        assert edge.median_seconds == pytest.approx(expected["median"], rel=1e-9, abs=1e-6)
    assert graph.variants == len(reference_variants)
    assert {variant.activities: variant.cases for variant in variants(selection)} == {
        tuple(activities): int(count) for activities, count in reference_variants.items()
    }
