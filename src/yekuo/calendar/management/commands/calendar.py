"""`yekuo calendar …`: administrators' checks of the working-day calendar, and loading it.

    yekuo calendar is-workday 2025-09-28             -> yes
    yekuo calendar add-workdays 2025-09-26 3         -> 2025-09-30
    yekuo calendar workdays-between 2025-09-26 2025-10-09
    yekuo calendar seed                              (2004-2026 from chinesecalendar)
    yekuo calendar import FILE --year 2027 --notice "国务院办公厅关于2027年部分节假日安排的通知 …"
    yekuo calendar status

Every failure is one line on stderr and exit status 1.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.calendar.importing import notice_rows_from_csv
from yekuo.calendar.selectors import calendar_loaded_years, calendar_missing_next_year, working_day_calendar
from yekuo.calendar.services import calendar_seed_from_library, calendar_year_import
from yekuo.core import clock
from yekuo.core.errors import DomainError


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Not a date: '%(text)s'; write it as YYYY-MM-DD.") % {"text": text}) from None


def _parse_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        raise CommandError(_("Not a number of working days: '%(text)s'; give 0 or more.") % {"text": text})
    return count


def _year_ranges(years: list[int]) -> str:
    ranges: list[str] = []
    for year in years:
        if ranges and ranges[-1].rsplit("-", 1)[-1] == str(year - 1):
            ranges[-1] = f"{ranges[-1].split('-')[0]}-{year}"
        else:
            ranges.append(str(year))
    return ", ".join(ranges) or "-"


def _operator() -> str:
    try:
        return f"{getpass.getuser()} (yekuo calendar import)"
    except (KeyError, OSError):
        return "yekuo calendar import"


class Command(BaseCommand):
    help = "Chinese working days: check a date, seed 2004-2026, import a State Council notice, status."
    # `status` reports what the calendar system checks would; the three check commands print only the answer.
    requires_system_checks: list[str] = []  # noqa: RUF012  # Django's declared type

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        is_workday = actions.add_parser("is-workday", help="print yes or no")
        is_workday.add_argument("date", help="YYYY-MM-DD")
        add_workdays = actions.add_parser("add-workdays", help="print the N-th working day after DATE")
        add_workdays.add_argument("date", help="YYYY-MM-DD (not counted itself)")
        add_workdays.add_argument("count", metavar="N", help="0 or more")
        between = actions.add_parser("workdays-between", help="print the working days after FIRST up to LAST")
        between.add_argument("first", help="YYYY-MM-DD (not counted)")
        between.add_argument("last", help="YYYY-MM-DD (counted)")
        actions.add_parser("seed", help="load 2004-2026 from chinesecalendar, cross-checked against holidays")
        import_year = actions.add_parser("import", help="load a year from a CSV file: date,kind,holiday_name")
        import_year.add_argument("file", type=Path)
        import_year.add_argument("--year", type=int, required=True)
        import_year.add_argument("--notice", required=True, help="the notice's title and number")
        import_year.add_argument("--replace", action="store_true", help="replace a year already loaded")
        actions.add_parser("status", help="the loaded years, and a warning when the next one is due")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except DomainError as error:
            raise CommandError(str(error.message)) from error

    def _is_workday(self, options: dict[str, Any]) -> None:
        day = _parse_date(options["date"])
        self.stdout.write("yes" if working_day_calendar().is_working_day(day) else "no")

    def _add_workdays(self, options: dict[str, Any]) -> None:
        start, count = _parse_date(options["date"]), _parse_count(options["count"])
        self.stdout.write(working_day_calendar().add_working_days(start, count).isoformat())

    def _workdays_between(self, options: dict[str, Any]) -> None:
        first, last = _parse_date(options["first"]), _parse_date(options["last"])
        self.stdout.write(str(working_day_calendar().working_days_between(first, last)))

    def _seed(self, options: dict[str, Any]) -> None:
        report = calendar_seed_from_library()
        self.stdout.write(f"Loaded: {_year_ranges(report.loaded_years)}")
        self.stdout.write(f"Already loaded, left as they were: {_year_ranges(report.skipped_years)}")
        for year, note in sorted(report.cross_check_notes.items()):
            self.stdout.write(f"{year}: {note}")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            ) from error
        calendar_year = calendar_year_import(
            year=options["year"],
            rows=notice_rows_from_csv(text),
            source_notice=options["notice"],
            loaded_by=_operator(),
            replace=options["replace"],
        )
        self.stdout.write(self.style.SUCCESS(f"Loaded {calendar_year.year}: {calendar_year.source_notice}"))
        self.stdout.write(calendar_year.cross_check_note)

    def _status(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"Loaded years: {_year_ranges(calendar_loaded_years())}")
        missing_year = calendar_missing_next_year(today=timezone.localdate(clock.now()))
        if missing_year is not None:
            self.stdout.write(
                self.style.WARNING(
                    _("Warning: the calendar for %(year)s is not loaded; add its State Council notice.")
                    % {"year": missing_year}
                )
            )
