"""System checks that alert administrators before a due date cannot be computed (`yekuo manage check`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.calendar.selectors import calendar_loaded_years, calendar_missing_next_year
from yekuo.core import clock


def check_calendar_years_loaded(**kwargs: Any) -> list[CheckMessage]:
    """W002 when no year is loaded; W001 when the year due-date computations will need next is missing.

    It reads the database, which Django's own checks avoid; an alert nobody sees is worth nothing, so it
    runs with every command, and stays silent while the table does not exist yet (before `migrate`).
    """
    try:
        if not calendar_loaded_years():
            return [
                Warning(
                    _("No working-day calendar is loaded, so no due date can be computed."),
                    hint=_("Run: yekuo calendar seed"),
                    id="calendar.W002",
                )
            ]
        missing_year = calendar_missing_next_year(today=timezone.localdate(clock.now()))
    except DatabaseError:
        return []
    if missing_year is None:
        return []
    return [
        Warning(
            _(
                "The working-day calendar for %(year)s is not loaded; "
                "due dates reaching it cannot be computed."
            )
            % {"year": missing_year},
            hint=_(
                "Add the State Council notice for that year in the admin, or run: "
                "yekuo calendar import FILE --year %(year)s --notice TITLE"
            )
            % {"year": missing_year},
            id="calendar.W001",
        )
    ]
