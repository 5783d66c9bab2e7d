"""Chinese working days (工作日): a table of every day of each loaded year, with holidays and 调休."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "yekuo.calendar"
    label = "calendar"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.core import checks  # noqa: PLC0415  # the app registry must be ready first

        from yekuo.calendar.checks import check_calendar_years_loaded  # noqa: PLC0415

        checks.register(check_calendar_years_loaded, "calendar")
