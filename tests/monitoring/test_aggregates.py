"""The percentile the dashboard computes in the database, on SQLite as PostgreSQL's PERCENTILE_CONT."""

from __future__ import annotations

import pytest

from tests.monitoring.conftest import Scenario
from yekuo.applications.models import Application
from yekuo.monitoring.aggregates import PercentileContinuous, percentile_continuous


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7], 0.9, 7),
        ([1, 2, 3, 4], 0.5, 2.5),
        ([10, 1, 4, 2], 0.9, 8.2),  # sorted 1 2 4 10: position 2.7 → 4 + 0.7 × 6
        ([3, 3, 3], 0.0, 3),
    ],
)
def test_percentile_interpolates_like_postgresql(
    values: list[float], fraction: float, expected: float | None
) -> None:
    assert percentile_continuous([float(value) for value in values], fraction) == pytest.approx(expected)


def test_the_aggregate_runs_in_the_database(scenario: Scenario) -> None:
    result = Application.objects.filter(status="completed").aggregate(
        median=PercentileContinuous("process__utility_working_days_used", fraction=0.5),
        p90=PercentileContinuous("process__utility_working_days_used", fraction=0.9),
    )

    assert result == {"median": pytest.approx(3.0), "p90": pytest.approx(3.8)}


def test_a_fraction_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.5"):
        PercentileContinuous("id", fraction=1.5)
