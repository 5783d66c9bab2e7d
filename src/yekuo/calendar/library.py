"""The two published calendars yekuo reads: chinesecalendar for the days, `holidays` as a second opinion.

chinesecalendar transcribes each State Council notice (国务院办公厅关于××年部分节假日安排的通知) and raises
for a year it does not have; `holidays.China` also knows the adjusted working days (调休上班) but, past the
years it has an official table for, silently computes plausible-looking dates. So chinesecalendar is the
source, and `holidays` is consulted only for the years it has a table for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version

import chinese_calendar  # type: ignore[import-untyped]  # ships no type information
from chinese_calendar.constants import Holiday  # type: ignore[import-untyped]
from holidays.countries.china import China, ChinaStaticHolidays

from yekuo.calendar.models import DayKind, default_kind, kind_is_working

CHINESECALENDAR_VERSION = version("chinesecalendar")
HOLIDAYS_VERSION = version("holidays")
LIBRARY_SOURCE = f"chinesecalendar {CHINESECALENDAR_VERSION}"

# The notices whose number was checked against the published text; other years name the library.
KNOWN_NOTICES: dict[int, str] = {
    2025: "国务院办公厅关于2025年部分节假日安排的通知 国办发明电〔2024〕12号",
    2026: "国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号",
}


@dataclass(frozen=True)
class NoticeDay:
    """A day of a year with its kind; `holiday_name` names the holiday it is off for or works for."""

    on: date
    kind: DayKind
    holiday_name: str = ""

    @property
    def is_working_day(self) -> bool:
        return kind_is_working(self.kind)


def library_years() -> range:
    """The years chinesecalendar has notices for (2004-2026 in version 1.11.0)."""
    known = chinese_calendar.holidays.keys()
    return range(min(known).year, max(known).year + 1)


def source_notice_for(year: int) -> str:
    return KNOWN_NOTICES.get(year, LIBRARY_SOURCE)


def days_of_year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=offset) for offset in range((date(year + 1, 1, 1) - first).days)]


def _chinese_name(english_name: str) -> str:
    return str(Holiday(english_name).chinese)


def library_year_days(year: int) -> list[NoticeDay]:
    """Every day of `year` as chinesecalendar has it. The caller checks `year` is in `library_years()`."""
    holiday_names: dict[date, str] = chinese_calendar.holidays
    adjusted_working_days: dict[date, str] = chinese_calendar.workdays
    in_lieu_days: dict[date, str] = chinese_calendar.in_lieu_days
    days: list[NoticeDay] = []
    for day in days_of_year(year):
        if day in adjusted_working_days:
            days.append(
                NoticeDay(day, DayKind.ADJUSTED_WORKING_DAY, _chinese_name(adjusted_working_days[day]))
            )
        elif day in in_lieu_days:
            days.append(NoticeDay(day, DayKind.IN_LIEU_DAY_OFF, _chinese_name(in_lieu_days[day])))
        elif day in holiday_names:
            days.append(NoticeDay(day, DayKind.PUBLIC_HOLIDAY, _chinese_name(holiday_names[day])))
        else:
            days.append(NoticeDay(day, default_kind(day)))
    return days


def holidays_table_years() -> frozenset[int]:
    """The years `holidays` transcribed an official notice for; outside them it only estimates."""
    return frozenset(ChinaStaticHolidays.special_public_holidays)


def cross_check(days_by_year: dict[int, list[NoticeDay]]) -> dict[int, str]:
    """A note per year comparing working or not, date by date, with `holidays.China`."""
    covered = holidays_table_years()
    checked_years = sorted(year for year in days_by_year if year in covered)
    # The next year too: its notice may move a weekend at the end of this year (2006's moved 2005-12-31).
    years = {*checked_years, *(year + 1 for year in checked_years)}
    second_opinion = China(years=years, language="en_US")  # type: ignore[no-untyped-call]  # untyped __init__
    notes: dict[int, str] = {}
    for year, days in days_by_year.items():
        if year not in covered:
            notes[year] = f"Not cross-checked: holidays {HOLIDAYS_VERSION} has no official table for {year}."
            continue
        disagreements = [
            f"{day.on.isoformat()} is {_working_word(day.is_working_day)} here but "
            f"{_working_word(second_opinion.is_working_day(day.on))} in holidays"
            + (f" ({second_opinion[day.on]})" if day.on in second_opinion else "")
            for day in days
            if day.is_working_day != second_opinion.is_working_day(day.on)
        ]
        if disagreements:
            notes[year] = (
                f"Cross-checked with holidays {HOLIDAYS_VERSION}: {len(disagreements)} disagreement(s), "
                f"the State Council notice as loaded was kept: " + "; ".join(disagreements) + "."
            )
        else:
            notes[year] = f"Cross-checked with holidays {HOLIDAYS_VERSION}: agrees on all {len(days)} days."
    return notes


def _working_word(is_working_day: bool) -> str:
    return "a working day" if is_working_day else "a day off"
