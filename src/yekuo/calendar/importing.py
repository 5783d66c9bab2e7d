"""A State Council notice as a file: the CSV `date,kind,holiday_name`, one line per non-ordinary day.

The file lists the holidays, the weekdays given off in lieu and the adjusted working days (调休上班) of one
year; every other weekday is an ordinary working day and every other Saturday and Sunday a weekend day.
Example, from the 2025 notice (国办发明电〔2024〕12号):

    date,kind,holiday_name
    2025-09-28,adjusted_working_day,国庆节
    2025-10-01,public_holiday,国庆节
    2025-10-07,in_lieu_day_off,国庆节
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yekuo.calendar.library import NoticeDay, days_of_year
from yekuo.calendar.models import NOTICE_KINDS, DayKind, default_kind, validate_day_kind
from yekuo.core.errors import ValidationFailed

CSV_COLUMNS = ("date", "kind", "holiday_name")
HOLIDAY_NAME_MAX_LENGTH = 60
FIRST_IMPORTABLE_YEAR = 2000
LAST_IMPORTABLE_YEAR = 2100


@dataclass(frozen=True)
class NoticeDayRow:
    """One line of the file as written, with its line number for error messages."""

    line: int
    date_text: str
    kind: str
    holiday_name: str = ""
    has_extra_columns: bool = False


def notice_rows_from_csv(text: str) -> list[NoticeDayRow]:
    """Read the file's lines; only the header is checked here, the rows by `notice_days_from_rows`."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))  # Excel writes a byte-order mark
    header = next(reader, None)
    if header is None or tuple(column.strip() for column in header) != CSV_COLUMNS:
        raise ValidationFailed(
            _("Line 1: the header must be %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)},
            code="calendar_file_header",
        )
    rows: list[NoticeDayRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        padded = [*(cell.strip() for cell in cells), "", ""]
        rows.append(
            NoticeDayRow(
                line=reader.line_num,
                date_text=padded[0],
                kind=padded[1],
                holiday_name=padded[2],
                has_extra_columns=len(cells) > len(CSV_COLUMNS),
            )
        )
    return rows


class _LineProblem(Exception):
    """What is wrong with one line; collected so that one answer lists every bad line."""


def _line_day(row: NoticeDayRow, year: int) -> date:
    if row.has_extra_columns:
        raise _LineProblem(_("there are more than %(count)s columns.") % {"count": len(CSV_COLUMNS)})
    try:
        day = date.fromisoformat(row.date_text)
    except ValueError:
        raise _LineProblem(_("“%(text)s” is not a date like 2027-01-01.") % {"text": row.date_text}) from None
    if day.year != year:
        raise _LineProblem(_("%(day)s is not in %(year)s.") % {"day": day.isoformat(), "year": year})
    if row.kind not in NOTICE_KINDS:
        kinds = ", ".join(str(kind) for kind in NOTICE_KINDS)
        raise _LineProblem(_("the kind must be one of %(kinds)s.") % {"kinds": kinds})
    if len(row.holiday_name) > HOLIDAY_NAME_MAX_LENGTH:
        raise _LineProblem(
            _("the holiday name is longer than %(limit)s characters.") % {"limit": HOLIDAY_NAME_MAX_LENGTH}
        )
    try:
        validate_day_kind(day, row.kind)
    except ValidationError as error:
        raise _LineProblem("; ".join(error.messages)) from None
    return day


def notice_days_from_rows(*, year: int, rows: Sequence[NoticeDayRow]) -> list[NoticeDay]:
    """Every day of `year`, or ValidationFailed listing each bad line."""
    if not FIRST_IMPORTABLE_YEAR <= year <= LAST_IMPORTABLE_YEAR:
        raise ValidationFailed(
            _("%(year)s is not a plausible calendar year.") % {"year": year}, code="bad_year"
        )
    problems: list[str] = []
    listed: dict[date, NoticeDayRow] = {}
    for row in rows:
        try:
            day = _line_day(row, year)
            if day in listed:
                raise _LineProblem(
                    _("%(day)s is already listed on line %(line)s.")
                    % {"day": day.isoformat(), "line": listed[day].line}
                )
        except _LineProblem as problem:
            problems.append(_("Line %(line)s: %(problem)s") % {"line": row.line, "problem": problem})
        else:
            listed[day] = row
    if problems:
        raise ValidationFailed("; ".join(problems), code="calendar_file_invalid")
    if not any(row.kind == DayKind.PUBLIC_HOLIDAY for row in listed.values()):
        raise ValidationFailed(
            _("The file lists no public holiday; every State Council notice has some."),
            code="calendar_file_empty",
        )
    return [
        NoticeDay(day, DayKind(listed[day].kind), listed[day].holiday_name)
        if day in listed
        else NoticeDay(day, default_kind(day))
        for day in days_of_year(year)
    ]
