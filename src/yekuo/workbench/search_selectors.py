"""What the application search page shows: the rows of one page, and the units to choose from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.org import access
from yekuo.org.models import Unit, UnitLevel
from yekuo.workbench.work_selectors import DeadlineBadge, deadline_badges
from yekuo.workflow.application_search import active_items_of
from yekuo.workflow.models import WorkItem

MAXIMUM_UNIT_CHOICES = 150
UNIT_CHOICE_INDENT = "\u3000"  # an ideographic space per level below the viewer's top units


@dataclass(frozen=True)
class StageEntry:
    item: WorkItem
    badges: list[DeadlineBadge]


@dataclass(frozen=True)
class SearchRow:
    application: Application
    stages: list[StageEntry]


@dataclass(frozen=True)
class UnitChoice:
    pk: int
    label: str
    selected: bool


def search_rows(applications: Iterable[Application]) -> list[SearchRow]:
    """A row per application with its active stages and their deadline marks: one more query per page."""
    applications = list(applications)
    items = active_items_of([application.pk for application in applications])
    return [
        SearchRow(
            application=application,
            stages=[StageEntry(item, deadline_badges(item)) for item in items[application.pk]],
        )
        for application in applications
    ]


def unit_choices_for(
    viewer: User, *, selected: Unit | None = None, chosen: object = None
) -> list[UnitChoice]:
    """The viewer's units in tree order, indented by depth, for the unit filter. A province has a thousand
    supply stations: above MAXIMUM_UNIT_CHOICES the list stops at the county companies (a station can still
    be chosen through the unit's link or the URL, and stays listed while selected). `chosen` is the unit
    filter's value as submitted; the unit it names is marked selected."""
    visible = access.units_overseen_by(viewer)
    if visible.count() > MAXIMUM_UNIT_CHOICES:
        visible = visible.exclude(
            Q(level=UnitLevel.SUPPLY_STATION) & ~Q(pk=selected.pk if selected else None)
        )
    units = list(visible.order_by("path").only("pk", "name", "depth"))
    top = min((unit.depth for unit in units), default=0)
    chosen_text = "" if chosen is None else str(chosen)
    return [
        UnitChoice(unit.pk, UNIT_CHOICE_INDENT * (unit.depth - top) + unit.name, str(unit.pk) == chosen_text)
        for unit in units
    ]
