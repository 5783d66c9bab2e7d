"""Rolling closed days up into daily figures (see figure_models): received, completed with their
utility-side working days, and clock stops started, per day, unit, category and business type; and the
stage visits opened, returned and completed (by duration band) per day, unit and stage, for the process map.

A day is rolled up once it has been over for `CLOSING_GRACE` (no transaction that began on it is still
open; the web servers' clocks must agree within it, as NTP keeps them), newest days first, at most
`DAYS_PER_RUN` per call and, in the worker, for about `SECONDS_PER_CYCLE`, so the sweep and the deliveries
are not held up; a year of history takes the worker some tens of cycles, or `yekuo manage
roll_up_daily_figures` once. Each day is one transaction under a lock (_lock_figures): its figures and its
`DailyFigureDay` row commit together, a second worker finds the day done, and a reorganisation never
interleaves with a day's roll-up.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import monotonic
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone

from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.models import Application
from yekuo.org.models import Unit, UnitLevel
from yekuo.workflow.figure_models import (
    DailyFigure,
    DailyFigureDay,
    DailyFigureKind,
    DailyStageFigure,
    DailyStageFigureKind,
)
from yekuo.workflow.models import ClockStop, SchedulerState, StageDefinition, WorkItem, WorkItemStatus

logger = logging.getLogger("yekuo.workflow.daily_figures")

CLOSING_GRACE = timedelta(minutes=10)
DAYS_PER_RUN = 31
FIGURES_LOCK = "daily_figures"  # the SchedulerState row roll-ups and forgetting lock
SECONDS_PER_CYCLE = 10.0  # the worker's share: a province's day takes about 1.4 s, so 7 or so per cycle

# A completed stage visit's duration is kept as its band: band b holds the durations from RATIO**b up to
# RATIO**(b + 1) seconds and stands for their geometric middle, within 2.5 % of each of them. Narrower
# bands make more rows: at 2 % a province's residential year was 330,000 rows for the process map.
ELAPSED_BAND_RATIO = 1.05
SHORTEST_BAND = -1  # under a second (a stage completed as it opened)

USED = "completed_utility_working_days"
LIMIT = "completed_whole_process_limit_days"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first moment of the day and of the next one, in the utility's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def last_closed_day(now: datetime) -> date:
    return (timezone.localtime(now) - CLOSING_GRACE).date() - timedelta(days=1)


@dataclass(frozen=True)
class _Key:
    unit_id: int
    kind: str
    category: str
    business_type: str
    reason: str = ""
    working_days: int | None = None


@dataclass
class _Tally:
    count: int = 0
    over_limit: int = 0
    limit_days: int | None = None

    def add(self, count: int, over_limit: int, limit_days: int | None) -> None:
        self.count += count
        self.over_limit += over_limit
        if limit_days is not None and (self.limit_days is None or limit_days > self.limit_days):
            self.limit_days = limit_days


def elapsed_band(seconds: float) -> int:
    if seconds < 1:
        return SHORTEST_BAND
    return math.floor(math.log(seconds) / math.log(ELAPSED_BAND_RATIO))


def band_seconds(band: int) -> float:
    """The duration a band stands for."""
    if band <= SHORTEST_BAND:
        return 0.0
    return float(ELAPSED_BAND_RATIO ** (band + 0.5))


def unit_ancestries() -> dict[int, list[int]]:
    """Every unit's id → the ids of the unit and all units above it (materialised paths)."""
    by_path = dict(Unit.objects.values_list("path", "pk"))
    step = Unit.steplen
    return {
        unit_id: [by_path[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in by_path]
        for path, unit_id in by_path.items()
    }


def _received(start: datetime, end: datetime) -> Iterator[tuple[int, _Key, int, int, int | None]]:
    rows = (
        Application.objects.filter(
            submitted_at__gte=start, submitted_at__lt=end, supply_station__isnull=False
        )
        .values("supply_station_id", "category", "business_type")
        .annotate(total=Count("*"))
        .order_by()
    )
    for row in rows:
        key = _Key(0, DailyFigureKind.RECEIVED, row["category"], row["business_type"])
        yield row["supply_station_id"], key, row["total"], 0, None


def completions_by_working_days(
    completed: QuerySet[Application], *group_by: str
) -> QuerySet[Application, dict[str, Any]]:
    """Completed applications grouped by `group_by` and their utility-side working days (USED), each group
    with how many (total), how many over the whole-process limit (over_limit) and the limit (limit_days)."""
    rows: QuerySet[Application, dict[str, Any]] = (
        completed.values(*group_by, USED)
        .annotate(
            total=Count("*"),
            over_limit=Count(USED, filter=Q(**{f"{USED}__gt": F(LIMIT)})),
            limit_days=Max(LIMIT),
        )
        .order_by()
    )
    return rows


def _completed(start: datetime, end: datetime) -> Iterator[tuple[int, _Key, int, int, int | None]]:
    completed = Application.objects.filter(
        status=ApplicationStatus.COMPLETED,
        closed_at__gte=start,
        closed_at__lt=end,
        supply_station__isnull=False,
    )
    for row in completions_by_working_days(completed, "supply_station_id", "category", "business_type"):
        station, category, business_type = row["supply_station_id"], row["category"], row["business_type"]
        # The count alone (for the completions per day), and the working days' histogram (for the mean,
        # the P90 and the overruns per category): a year's flow reads a few thousand rows, not the
        # histogram's hundred thousand.
        yield station, _Key(0, DailyFigureKind.COMPLETED, category, business_type), row["total"], 0, None
        if row[USED] is not None:
            key = _Key(0, DailyFigureKind.WORKING_DAYS, category, business_type, working_days=row[USED])
            yield station, key, row["total"], row["over_limit"], row["limit_days"]


def _clock_stops_started(start: datetime, end: datetime) -> Iterator[tuple[int, _Key, int, int, int | None]]:
    rows = (
        ClockStop.objects.filter(started_at__gte=start, started_at__lt=end)
        .values(
            "work_item__candidate_unit_id", "application__category", "application__business_type", "reason"
        )
        .annotate(total=Count("*"))
        .order_by()
    )
    for row in rows:
        key = _Key(
            0,
            DailyFigureKind.CLOCK_STOP_STARTED,
            row["application__category"],
            row["application__business_type"],
            reason=row["reason"],
        )
        yield row["work_item__candidate_unit_id"], key, row["total"], 0, None


def figures_of_day(day: date, *, ancestries: dict[int, list[int]]) -> list[DailyFigure]:
    """The day's figures for every unit: each station's facts counted again at every unit above it."""
    start, end = day_bounds(day)
    tallies: dict[_Key, _Tally] = defaultdict(_Tally)
    for source in (_received, _completed, _clock_stops_started):
        for unit_id, key, count, over_limit, limit_days in source(start, end):
            for ancestor_id in ancestries.get(unit_id, [unit_id]):
                tally = tallies[
                    _Key(ancestor_id, key.kind, key.category, key.business_type, key.reason, key.working_days)
                ]
                tally.add(count, over_limit, limit_days)
    return [
        DailyFigure(
            day=day,
            unit_id=key.unit_id,
            kind=key.kind,
            category=key.category,
            business_type=key.business_type,
            reason=key.reason,
            working_days=key.working_days,
            limit_days=tally.limit_days,
            count=tally.count,
            over_limit=tally.over_limit,
        )
        for key, tally in tallies.items()
    ]


# The units that keep stage figures, by level: fixed, so that a tree that grows (a team under a station)
# never leaves a unit reading stage figures for days that were rolled up without them. A county's or a
# station's stage visits would make about as many rows as visits, and are few enough to read directly.
STAGE_FIGURE_LEVELS = frozenset({UnitLevel.PROVINCE_COMPANY, UnitLevel.CITY_COMPANY})


def stage_figure_unit_ids() -> set[int]:
    return set(Unit.objects.filter(level__in=STAGE_FIGURE_LEVELS).values_list("pk", flat=True))


def keeps_stage_figures(unit: Unit) -> bool:
    return unit.level in STAGE_FIGURE_LEVELS


def stage_figures_of_day(
    day: date, *, ancestries: dict[int, list[int]], branches: set[int]
) -> list[DailyStageFigure]:
    """The day's stage visits opened, returned and completed (by duration band), at every unit above the
    visit's unit that keeps stage figures (stage_figure_unit_ids). The stage ids go to the database as a
    list so the indexes on (stage definition, opened/closed at) serve the day's range."""
    start, end = day_bounds(day)
    stage_ids = list(StageDefinition.objects.values_list("pk", flat=True))
    items = WorkItem.objects.filter(stage_definition_id__in=stage_ids)
    facts: Counter[tuple[int, int, str, int | None]] = Counter()
    for unit_id, stage_id, total in (
        items.filter(opened_at__gte=start, opened_at__lt=end)
        .values_list("candidate_unit_id", "stage_definition_id")
        .annotate(total=Count("*"))
        .order_by()
    ):
        facts[unit_id, stage_id, DailyStageFigureKind.OPENED, None] += total
    closed = items.filter(
        closed_at__gte=start,
        closed_at__lt=end,
        status__in=[WorkItemStatus.RETURNED, WorkItemStatus.COMPLETED],
    ).values_list("candidate_unit_id", "stage_definition_id", "status", "opened_at", "closed_at")
    for unit_id, stage_id, status, opened_at, closed_at in closed.iterator(chunk_size=5000):
        if status == WorkItemStatus.RETURNED:
            facts[unit_id, stage_id, DailyStageFigureKind.RETURNED, None] += 1
        elif closed_at is not None:  # always, by the filter
            completed_band = elapsed_band((closed_at - opened_at).total_seconds())
            facts[unit_id, stage_id, DailyStageFigureKind.COMPLETED, completed_band] += 1
    tallies: Counter[tuple[int, int, str, int | None]] = Counter()
    for (unit_id, stage_id, kind, band), count in facts.items():
        for ancestor_id in ancestries.get(unit_id, [unit_id]):
            if ancestor_id in branches:
                tallies[ancestor_id, stage_id, kind, band] += count
    return [
        DailyStageFigure(
            day=day,
            unit_id=unit_id,
            stage_definition_id=stage_id,
            kind=kind,
            elapsed_band=band,
            count=count,
        )
        for (unit_id, stage_id, kind, band), count in tallies.items()
    ]


def _days_to_roll_up(last: date) -> list[date]:
    first_moment = Application.objects.aggregate(first=Min("submitted_at"))["first"]
    if first_moment is None:
        return []
    first = timezone.localtime(first_moment).date()
    done = set(DailyFigureDay.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True))
    span = (last - first).days + 1
    return [day for day in (last - timedelta(days=n) for n in range(span)) if day not in done]


@dataclass(frozen=True)
class UnitTree:
    """What a roll-up needs of the organisation, read once per run."""

    ancestries: dict[int, list[int]]
    branches: set[int]


def unit_tree() -> UnitTree:
    return UnitTree(ancestries=unit_ancestries(), branches=stage_figure_unit_ids())


def _lock_figures() -> None:
    """Serialise roll-ups and forgetting (call inside a transaction): a reorganisation waits for the day
    being rolled up, and the next day is rolled up with the tree as it is after the reorganisation."""
    SchedulerState.objects.select_for_update().get_or_create(
        task=FIGURES_LOCK, defaults={"last_run_on": date(2000, 1, 1)}
    )


def roll_up_day(day: date, *, now: datetime) -> bool:
    """Roll one day up; False when it is rolled up already (another worker did it first)."""
    with transaction.atomic():
        _lock_figures()
        if DailyFigureDay.objects.filter(day=day).exists():
            return False
        tree = unit_tree()  # read under the lock (see _lock_figures)
        DailyFigure.objects.filter(day=day).delete()  # left by forget_days
        DailyStageFigure.objects.filter(day=day).delete()
        DailyFigure.objects.bulk_create(figures_of_day(day, ancestries=tree.ancestries), batch_size=2000)
        DailyStageFigure.objects.bulk_create(
            stage_figures_of_day(day, ancestries=tree.ancestries, branches=tree.branches), batch_size=2000
        )
        DailyFigureDay.objects.create(day=day, rolled_up_at=now)
    return True


def roll_up_closed_days(*, now: datetime, limit: int = DAYS_PER_RUN, seconds: float | None = None) -> int:
    """Roll up the closed days not rolled up yet, newest first, at most `limit` of them and, when `seconds`
    is given, no more once that long has passed (the day under way is finished); returns how many."""
    days = _days_to_roll_up(last_closed_day(now))[:limit]
    if not days:
        return 0
    started = monotonic()
    rolled_up = 0
    for day in days:
        rolled_up += roll_up_day(day, now=now)
        if seconds is not None and monotonic() - started >= seconds:
            break
    return rolled_up


def forget_days(days: Iterable[date] | None = None) -> int:
    """Mark the given days (all days when None) as not rolled up, to be rolled up again: for data written
    with past times (an import, a repair made directly in the database) or a reorganisation. Only the
    marks go (fast, whatever the history); a day's old figures are replaced when it is rolled up again and
    are never read meanwhile. Returns how many days were marked."""
    with transaction.atomic():
        _lock_figures()
        marks = DailyFigureDay.objects.all()
        if days is not None:
            marks = marks.filter(day__in=sorted(set(days)))
        dropped, _ = marks.delete()
    return dropped


def forget_after_reorganisation(*, old_path: str, new_path: str, **kwargs: Any) -> None:
    """treebeard rewrote a subtree's paths. Under another parent, every past fact of the subtree counted
    under the old parents: every day is rolled up again. Renumbered among its siblings (a new unit sorted
    before it), nothing changed for the figures, which name units by id."""
    if old_path[: -Unit.steplen] != new_path[: -Unit.steplen]:
        forget_days()
        logger.info("a unit moved: every day's figures are rolled up again")


def forget_when_level_changes(sender: type[Unit], instance: Unit, **kwargs: Any) -> None:
    """A unit's level decides whether it keeps stage figures (STAGE_FIGURE_LEVELS)."""
    if instance.pk is None:
        return
    stored = Unit.objects.filter(pk=instance.pk).values_list("level", flat=True).first()
    if stored is not None and stored != instance.level:
        forget_days()
        logger.info("a unit's level changed: every day's figures are rolled up again")
