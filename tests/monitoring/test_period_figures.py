"""The daily figures: the closed days rolled up per unit, and the dashboard reading them together with the
days counted live, giving exactly the figures of a live count whatever the worker has rolled up."""

from __future__ import annotations

import random
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.monitoring.conftest import Scenario, accepted, submitted
from tests.workflow.conftest import Crew, FrozenClock, at
from tests.workflow.journeys import open_item
from yekuo.applications.choices import BusinessType, Category
from yekuo.customers.factories import person_customer
from yekuo.customers.models import Customer
from yekuo.monitoring.aggregates import histogram_percentile_continuous, percentile_continuous
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.period_figures import PeriodSplit, split_period
from yekuo.org.factories import staff_with_role
from yekuo.org.models import Staff, UnitLevel
from yekuo.org.roles import Role
from yekuo.org.services import role_grant, unit_create
from yekuo.workflow import services
from yekuo.workflow.daily_figures import (
    band_seconds,
    elapsed_band,
    forget_days,
    last_closed_day,
    roll_up_closed_days,
    roll_up_day,
)
from yekuo.workflow.models import (
    DailyFigure,
    DailyFigureDay,
    DailyFigureKind,
    DailyStageFigure,
    ProcessDefinition,
)
from yekuo.workflow.stages import Stage

DASHBOARD = reverse("monitoring:dashboard")
METERING = Stage.METERING_AND_ENERGISATION
SCENARIO_READ_AT = at(2026, 3, 6, 16)  # the scenario's "now": Friday 6 March 16:00


def period_figures(client: Client, query: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the flow section that depends on the period, as plain values."""
    context = client.get(DASHBOARD, query).context
    flow = context["flow"]
    return {
        "days": [(day.first_day, day.received.value, day.completed.value) for day in flow.days],
        "weeks": [(week.first_day, week.received.value, week.completed.value) for week in flow.weeks],
        "totals": (flow.received_total.value, flow.completed_total.value),
        "durations": [
            (row.category, row.completed.value, row.mean_days, row.p90_days, row.limit_days, row.over_limit)
            for row in context["durations"]
        ],
        "clock_stops": [
            (row.reason, row.stopped_now.value, row.started_in_period.value) for row in context["clock_stops"]
        ],
    }


def roll_up(days: list[date]) -> None:
    for day in days:
        assert roll_up_day(day, now=SCENARIO_READ_AT)


COVERAGES = {
    "every closed day": [date(2026, 3, day) for day in (2, 3, 4, 5)],
    "the first days only": [date(2026, 3, 2), date(2026, 3, 3)],
    "a gap in the middle": [date(2026, 3, 2), date(2026, 3, 5)],
    "the last closed day only": [date(2026, 3, 5)],
}


@pytest.mark.parametrize("coverage", list(COVERAGES))
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"category": Category.LOW_VOLTAGE_RESIDENTIAL},
        {"category": Category.HIGH_VOLTAGE_SINGLE_SUPPLY},
        {"business_type": BusinessType.NEW_CONNECTION},
        {"period_from": "2026-03-03", "period_to": "2026-03-05"},
        {"period_from": "2026-03-02", "period_to": "2026-03-04"},
    ],
)
def test_rolled_up_days_give_the_figures_of_a_live_count(  # noqa: PLR0917 (fixtures and parameters)
    client: Client,
    province_administrator: Staff,
    organisation: OrganisationTree,
    scenario: Scenario,
    coverage: str,
    query: dict[str, str],
) -> None:
    client.force_login(province_administrator.account)
    units: list[dict[str, Any]] = [
        {},
        {"unit": organisation.city_east.pk},
        {"unit": organisation.county_east.pk},
        {"unit": organisation.station_east.pk},
        {"unit": organisation.station_west.pk},
    ]
    live = [period_figures(client, {**query, **unit}) for unit in units]
    assert any(figures["totals"] != (0, 0) for figures in live)

    roll_up(COVERAGES[coverage])

    assert [period_figures(client, {**query, **unit}) for unit in units] == live


def test_the_county_head_reads_the_same_figures_from_the_rolled_up_days(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    live = period_figures(client, {})
    assert live["durations"] == [(Category.LOW_VOLTAGE_RESIDENTIAL, 2, 3.0, pytest.approx(3.8), 5, 0)]

    assert roll_up_closed_days(now=SCENARIO_READ_AT) == 4  # 2 to 5 March; today is counted live

    assert DailyFigureDay.objects.count() == 4
    assert period_figures(client, {}) == live


def test_each_fact_counts_at_its_station_and_at_every_unit_above_it(
    organisation: OrganisationTree, scenario: Scenario
) -> None:
    roll_up_closed_days(now=SCENARIO_READ_AT)

    received = {
        (row.unit_id, row.category): row.count
        for row in DailyFigure.objects.filter(kind=DailyFigureKind.RECEIVED, day=date(2026, 3, 2))
    }
    east = [
        organisation.station_east,
        organisation.county_east,
        organisation.city_east,
        organisation.province,
    ]
    assert received == {
        **{(unit.pk, Category.LOW_VOLTAGE_RESIDENTIAL): 3 for unit in east},
        **{(unit.pk, Category.HIGH_VOLTAGE_SINGLE_SUPPLY): 1 for unit in east},
    }
    province = {"day": date(2026, 3, 4), "unit": organisation.province}
    count = DailyFigure.objects.get(kind=DailyFigureKind.COMPLETED, **province)
    assert (count.count, count.working_days) == (1, None)
    completed = DailyFigure.objects.get(kind=DailyFigureKind.WORKING_DAYS, **province)
    assert (completed.count, completed.working_days, completed.limit_days, completed.over_limit) == (
        1,
        2,
        5,
        0,
    )
    stop = DailyFigure.objects.get(kind=DailyFigureKind.CLOCK_STOP_STARTED, unit=organisation.county_east)
    assert (stop.day, stop.reason, stop.count) == (date(2026, 3, 2), "customer_documents", 1)
    assert not DailyFigure.objects.filter(unit=organisation.station_west, day=date(2026, 3, 2)).exists()


def test_a_day_is_rolled_up_once(scenario: Scenario) -> None:
    assert roll_up_closed_days(now=SCENARIO_READ_AT) == 4
    rows = sorted(DailyFigure.objects.values_list("day", "unit_id", "kind", "category", "count"))

    assert roll_up_closed_days(now=SCENARIO_READ_AT) == 0
    # A second worker arriving at a day already done changes nothing.
    assert not roll_up_day(date(2026, 3, 2), now=SCENARIO_READ_AT)
    assert sorted(DailyFigure.objects.values_list("day", "unit_id", "kind", "category", "count")) == rows


def test_a_day_is_closed_ten_minutes_after_midnight() -> None:
    assert last_closed_day(at(2026, 3, 7, 0, 5)) == date(2026, 3, 5)
    assert last_closed_day(at(2026, 3, 7, 0, 15)) == date(2026, 3, 6)
    assert last_closed_day(at(2026, 3, 6, 23, 59)) == date(2026, 3, 5)


def test_a_cycle_rolls_up_at_most_its_limit_newest_first(scenario: Scenario) -> None:
    assert roll_up_closed_days(now=SCENARIO_READ_AT, limit=2) == 2
    assert sorted(DailyFigureDay.objects.values_list("day", flat=True)) == [
        date(2026, 3, 4),
        date(2026, 3, 5),
    ]


def test_a_cycle_stops_once_its_time_is_up_after_finishing_the_day_under_way(scenario: Scenario) -> None:
    assert roll_up_closed_days(now=SCENARIO_READ_AT, seconds=0) == 1
    assert list(DailyFigureDay.objects.values_list("day", flat=True)) == [date(2026, 3, 5)]


@pytest.mark.django_db
def test_nothing_to_roll_up_without_applications() -> None:
    assert roll_up_closed_days(now=SCENARIO_READ_AT) == 0
    assert not DailyFigureDay.objects.exists()


def test_forgotten_days_are_counted_live_until_rolled_up_again(
    client: Client, crew: Crew, scenario: Scenario
) -> None:
    client.force_login(crew[Role.UNIT_HEAD].account)
    live = period_figures(client, {})
    roll_up_closed_days(now=SCENARIO_READ_AT)

    assert forget_days([date(2026, 3, 4)]) == 1

    assert not DailyFigureDay.objects.filter(day=date(2026, 3, 4)).exists()
    DailyFigure.objects.filter(day=date(2026, 3, 4)).update(count=99)  # left behind, never read
    assert period_figures(client, {}) == live
    assert roll_up_closed_days(now=SCENARIO_READ_AT) == 1
    assert not DailyFigure.objects.filter(count=99).exists()  # replaced by the new roll-up
    assert period_figures(client, {}) == live


def test_moving_a_unit_drops_every_day_s_figures_and_the_figures_follow_the_new_tree(
    client: Client, province_administrator: Staff, organisation: OrganisationTree, scenario: Scenario
) -> None:
    roll_up_closed_days(now=SCENARIO_READ_AT)

    organisation.station_west.move(organisation.county_east, pos="sorted-child")

    assert not DailyFigureDay.objects.exists()
    client.force_login(province_administrator.account)
    county = {"unit": organisation.county_east.pk}
    live = period_figures(client, county)
    assert live["totals"] == (5, 2)  # the western application now counts in the eastern county
    roll_up_closed_days(now=SCENARIO_READ_AT)
    assert period_figures(client, county) == live


def test_a_new_unit_sorted_before_its_siblings_changes_no_figure(
    organisation: OrganisationTree, scenario: Scenario
) -> None:
    roll_up_closed_days(now=SCENARIO_READ_AT)
    old_path = organisation.station_east.path

    # Sorted by region code before 东山供电所: treebeard renumbers the existing station's path.
    unit_create(
        name="禄口供电所",
        level=UnitLevel.SUPPLY_STATION,
        region_code="320115000",
        parent=organisation.county_east,
    )

    organisation.station_east.refresh_from_db()
    assert organisation.station_east.path != old_path
    assert DailyFigureDay.objects.count() == 4


def test_changing_a_unit_s_level_drops_every_day_s_figures(
    organisation: OrganisationTree, scenario: Scenario
) -> None:
    roll_up_closed_days(now=SCENARIO_READ_AT)
    organisation.county_east.name = "东区供电公司"
    organisation.county_east.save()
    assert DailyFigureDay.objects.count() == 4  # a new name changes nothing

    organisation.county_east.level = UnitLevel.CITY_COMPANY
    organisation.county_east.save()

    assert not DailyFigureDay.objects.exists()


def test_the_command_rebuilds_every_day(scenario: Scenario) -> None:
    roll_up_closed_days(now=SCENARIO_READ_AT)
    out = StringIO()

    call_command("roll_up_daily_figures", "--rebuild", stdout=out)

    assert out.getvalue().strip() == "days dropped: 4, days rolled up: 4"
    assert DailyFigureDay.objects.count() == 4


def test_the_percentile_of_a_histogram_is_the_percentile_of_its_values() -> None:
    generator = random.Random(20261128)  # noqa: S311 (test data, not secrets)
    for _ in range(200):
        values = [generator.randint(0, 40) for _ in range(generator.randint(1, 60))]
        histogram: dict[int, int] = {}
        for value in values:
            histogram[value] = histogram.get(value, 0) + 1
        for fraction in (0.0, 0.5, 0.9, 1.0):
            assert histogram_percentile_continuous(histogram, fraction) == pytest.approx(
                percentile_continuous([float(value) for value in values], fraction)
            )
    assert histogram_percentile_continuous({}, 0.9) is None


def process_maps(client: Client, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    period = {"period_from": "2026-03-01", "period_to": "2026-03-10"}
    maps = []
    for code in ("low_voltage_residential.new_connection", "high_voltage_single_supply.new_connection"):
        definition = ProcessDefinition.objects.get(code=code)
        for unit in units:
            url = reverse("monitoring:process_map", args=[definition.pk])
            maps.append(client.get(url, {**period, **unit}).json())
    return maps


def test_the_process_map_reads_the_same_figures_from_the_rolled_up_days(  # noqa: PLR0917 (fixtures)
    client: Client,
    province_administrator: Staff,
    organisation: OrganisationTree,
    crew: Crew,
    factory_owner: Customer,
    scenario: Scenario,
    test_clock: FrozenClock,
) -> None:
    test_clock.set(at(2026, 3, 9, 10))
    accepted(crew, factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY)
    metering = open_item(accepted(crew, person_customer(service_unit=organisation.station_east)), METERING)
    services.work_item_return(
        actor=crew[Role(metering.candidate_role)].account,
        work_item_id=metering.pk,
        to_stage=Stage.ACCEPTANCE,
        reason="户号与申请不符",
    )
    test_clock.set(at(2026, 3, 10, 16))
    client.force_login(province_administrator.account)
    units: list[dict[str, Any]] = [
        {},
        {"unit": organisation.city_east.pk},
        {"unit": organisation.county_east.pk},
        {"unit": organisation.station_east.pk},
    ]
    live = process_maps(client, units)
    residential_edges = {(edge["source"], edge["target"]): edge["count"] for edge in live[0]["edges"]}
    assert residential_edges[METERING, Stage.ACCEPTANCE] == 1  # the return

    assert roll_up_closed_days(now=at(2026, 3, 10, 16)) == 8  # 2 to 9 March
    kept = set(DailyStageFigure.objects.values_list("unit_id", flat=True))
    cities = {organisation.city_east.pk, organisation.city_west.pk}
    assert kept == {organisation.province.pk, *cities}  # counties and stations are counted live

    assert_same_maps(live, process_maps(client, units))
    forget_days([date(2026, 3, 4)])  # a gap: the day the first residential application was energised
    assert_same_maps(live, process_maps(client, units))


def assert_same_maps(live: list[dict[str, Any]], rolled_up: list[dict[str, Any]]) -> None:
    for before, after in zip(live, rolled_up, strict=True):
        assert after["edges"] == before["edges"]
        for node_before, node_after in zip(before["nodes"], after["nodes"], strict=True):
            before_rest = {key: value for key, value in node_before.items() if key != "median_days"}
            after_rest = {key: value for key, value in node_after.items() if key != "median_days"}
            assert after_rest == before_rest
            if node_before["median_days"] is None:
                assert node_after["median_days"] is None
            else:  # from duration bands: within 2.5 %, shown to a tenth of a day
                assert node_after["median_days"] == pytest.approx(
                    node_before["median_days"], rel=0.025, abs=0.1
                )


def test_a_duration_band_stands_for_each_duration_in_it_within_two_and_a_half_percent() -> None:
    for seconds in (1, 59, 3600, 86400 * 3 + 3600, 86400 * 400, 12345.6):
        assert band_seconds(elapsed_band(seconds)) == pytest.approx(seconds, rel=0.025)
    assert band_seconds(elapsed_band(0)) == 0.0


def live_runs(split: PeriodSplit) -> list[tuple[date, date]]:
    return [(part.period_from, part.period_to) for part in split.live]


def period(first: date, last: date) -> DashboardFilters:
    return DashboardFilters(unit_id=None, category="", business_type="", period_from=first, period_to=last)


def test_the_live_part_is_each_run_of_days_not_rolled_up_from_the_first_submission_on(
    scenario: Scenario,
) -> None:
    march = period(date(2026, 2, 1), date(2026, 3, 6))  # history begins on Monday 2 March
    assert live_runs(split_period(march)) == [(date(2026, 3, 2), date(2026, 3, 6))]

    roll_up([date(2026, 3, 2), date(2026, 3, 5)])

    split = split_period(march)
    assert live_runs(split) == [(date(2026, 3, 3), date(2026, 3, 4)), (date(2026, 3, 6), date(2026, 3, 6))]
    assert split.live_days == 3
    rolled_up = set(DailyFigure.objects.filter(split.rolled_up).values_list("day", flat=True))
    assert rolled_up == {date(2026, 3, 2), date(2026, 3, 5)}


def test_many_gaps_make_one_live_range(scenario: Scenario) -> None:
    roll_up([date(2026, 3, day) for day in (2, 3, 4, 5)])
    DailyFigureDay.objects.filter(day__in=[date(2026, 3, 3), date(2026, 3, 5)]).delete()
    # Gaps on 3, 5 and 6 March, plus the later ones: one range once they are more than a handful.
    many = period(date(2026, 3, 1), date(2026, 3, 20))
    DailyFigureDay.objects.bulk_create(
        [DailyFigureDay(day=date(2026, 3, day), rolled_up_at=SCENARIO_READ_AT) for day in (7, 9, 11, 13)]
    )

    assert live_runs(split_period(many)) == [(date(2026, 3, 3), date(2026, 3, 20))]


@pytest.mark.django_db
def test_without_any_application_nothing_is_counted_live() -> None:
    split = split_period(period(date(2026, 3, 1), date(2026, 3, 6)))

    assert split.live == []


def test_facts_either_side_of_midnight_count_on_their_own_day_in_china(
    client: Client, crew: Crew, household: Customer, scenario: Scenario, test_clock: FrozenClock
) -> None:
    test_clock.set(at(2026, 3, 3, 23, 59))
    submitted(household)
    test_clock.set(at(2026, 3, 4, 0, 1))
    submitted(household)
    test_clock.set(SCENARIO_READ_AT)
    client.force_login(crew[Role.UNIT_HEAD].account)
    live = period_figures(client, {})

    roll_up_closed_days(now=SCENARIO_READ_AT)

    per_day = {day: received for day, received, _ in period_figures(client, {})["days"]}
    assert (per_day[date(2026, 3, 3)], per_day[date(2026, 3, 4)]) == (1, 1)
    assert period_figures(client, {}) == live


def test_a_viewer_with_two_top_units_reads_the_same_figures(
    client: Client, organisation: OrganisationTree, scenario: Scenario
) -> None:
    viewer = staff_with_role(role=Role.UNIT_HEAD, unit=organisation.county_east, username="two.counties")
    role_grant(staff=viewer, unit=organisation.county_west, role=Role.UNIT_HEAD)
    client.force_login(viewer.account)
    live = period_figures(client, {})
    assert live["totals"] == (5, 2)  # both counties, each counted once

    roll_up_closed_days(now=SCENARIO_READ_AT)

    assert period_figures(client, {}) == live
