"""Every figure links to the applications behind it, on the workbench's application search.

The search page reads this query-string contract (issue 5): unit (the application's supply station lies in
that unit's subtree), category, business_type, stage (an open work item at that stage), status,
deadline=warning|overdue (an open item in that state), due=today|week (an open item due then),
received_from/received_to and completed_from/completed_to (YYYY-MM-DD, inclusive), clock_stop_reason.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from yekuo.monitoring.filters import DashboardFilters
from yekuo.monitoring.scope import DashboardScope

APPLICATION_SEARCH_PATH = "applications/"  # below the workbench; the search page is its own feature


def application_search_url(**parameters: str | int | date | None) -> str:
    values = {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in parameters.items()
        if value not in (None, "")
    }
    return f"{reverse('workbench:home')}{APPLICATION_SEARCH_PATH}?{urlencode(values)}"


class LinkBuilder:
    """Links with the dashboard's own filters (unit, category, business type) already in them."""

    def __init__(self, *, scope: DashboardScope, filters: DashboardFilters) -> None:
        self.unit_id = scope.unit.pk if scope.unit is not None else None
        self.category = filters.category
        self.business_type = filters.business_type

    def url(self, *, unit_id: int | None = None, **parameters: str | int | date | None) -> str:
        values: dict[str, str | int | date | None] = {
            "unit": unit_id if unit_id is not None else self.unit_id,
            "category": self.category,
            "business_type": self.business_type,
        }
        values.update(parameters)  # a figure of one category names it, whatever the filter says
        return application_search_url(**values)
