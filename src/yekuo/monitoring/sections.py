"""What each part of the dashboard shows: one function per section, each a handful of GROUP BY queries.
The page renders every section; the live update fetches each section on its own (htmx polling)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from yekuo.monitoring import flow_selectors, process_map, work_selectors
from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.scope import DashboardScope
from yekuo.workflow.models import DeadlineState

SectionBuilder = Callable[[DashboardScope, DashboardFilters, LinkBuilder, dict[str, str]], dict[str, Any]]


def work_section(
    scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder, options: dict[str, str]
) -> dict[str, Any]:
    return {"work": work_selectors.work_in_progress(scope=scope, filters=filters, links=links)}


def deadlines_section(
    scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder, options: dict[str, str]
) -> dict[str, Any]:
    return {
        "overdue_items": work_selectors.late_items(
            scope=scope, filters=filters, deadline_state=DeadlineState.OVERDUE
        ),
        "warning_items": work_selectors.late_items(
            scope=scope, filters=filters, deadline_state=DeadlineState.WARNING
        ),
        "overdue_url": links.url(deadline="overdue"),
        "warning_url": links.url(deadline="warning"),
        "list_length": work_selectors.LIST_LENGTH,
    }


def flow_section(
    scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder, options: dict[str, str]
) -> dict[str, Any]:
    flow = flow_selectors.flow(scope=scope, filters=filters, links=links)
    chart = {
        "days": [day.first_day.isoformat() for day in flow.days],
        "received": [day.received.value for day in flow.days],
        "completed": [day.completed.value for day in flow.days],
        "received_urls": [day.received.url for day in flow.days],
        "completed_urls": [day.completed.url for day in flow.days],
    }
    return {
        "flow": flow,
        "flow_chart_json": json.dumps(chart),
        "durations": flow_selectors.durations_by_category(scope=scope, filters=filters, links=links),
        "clock_stops": flow_selectors.clock_stops_by_reason(scope=scope, filters=filters, links=links),
    }


def process_section(
    scope: DashboardScope, filters: DashboardFilters, links: LinkBuilder, options: dict[str, str]
) -> dict[str, Any]:
    choices = process_map.definition_choices(scope=scope, filters=filters)
    wanted = options.get("definition", "")
    chosen = next((choice for choice in choices if str(choice.definition.pk) == wanted), None)
    if chosen is None and choices:
        chosen = choices[0]
    return {
        "definition_choices": choices,
        "chosen_definition": chosen.definition if chosen else None,
        "chosen_definition_label": chosen.label if chosen else "",
    }


SECTIONS: dict[str, SectionBuilder] = {
    "work": work_section,
    "deadlines": deadlines_section,
    "flow": flow_section,
    "process": process_section,
}
