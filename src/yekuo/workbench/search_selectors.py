"""What the application search page shows: the rows of one page, and the units to choose from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.org import access
from yekuo.org.models import Unit, UnitLevel
from yekuo.web.id_urls import id_url
from yekuo.workbench.work_selectors import DeadlineBadge, deadline_badges, due_texts, local_iso
from yekuo.workflow.application_search import active_items_of
from yekuo.workflow.models import WorkItem

MAXIMUM_UNIT_CHOICES = 150
UNIT_CHOICE_INDENT = "\u3000"  # an ideographic space per level below the viewer's top units


@dataclass(frozen=True)
class StageEntry:
    """An active stage of a result, its texts ready (see SearchRow)."""

    badges: list[DeadlineBadge]
    stage_label: str
    due_at_iso: str
    due_day_text: str


@dataclass(frozen=True)
class SearchRow:
    """A result's row, its texts and link ready: the template only places them (see web.id_urls)."""

    stages: list[StageEntry]
    url: str
    number: str
    customer_name: str
    customer_identification: str
    category_label: str
    business_type_label: str
    status_label: str
    station_name: str
    submitted_at_iso: str
    submitted_on_text: str


@dataclass(frozen=True)
class UnitChoice:
    pk: int
    label: str
    selected: bool


def search_rows(applications: Iterable[Application]) -> list[SearchRow]:
    """A row per application with its active stages and their deadline marks: one more query per page."""
    applications = list(applications)
    items = active_items_of([application.pk for application in applications])
    url = id_url("workbench:application_detail")
    return [
        SearchRow(
            stages=[_stage_entry(item) for item in items[application.pk]],
            url=url(application.pk),
            number=str(application),
            customer_name=application.customer.name,
            customer_identification=application.customer.identification_display,
            category_label=application.get_category_display(),
            business_type_label=application.get_business_type_display(),
            status_label=application.get_status_display(),
            station_name=application.supply_station.name,
            submitted_at_iso=local_iso(application.submitted_at),
            submitted_on_text=f"{timezone.localtime(application.submitted_at):%Y-%m-%d}"
            if application.submitted_at
            else "",
        )
        for application in applications
    ]


def _stage_entry(item: WorkItem) -> StageEntry:
    due_at_iso, due_day_text = due_texts(item.due_at)
    return StageEntry(deadline_badges(item), item.get_stage_display(), due_at_iso, due_day_text)


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
