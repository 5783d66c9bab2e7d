"""Working-day arithmetic in memory: a sorted list of working-day ordinals and the set of loaded years.

A pure function of its inputs (conventions §2): it never reads the clock or the database. Build it with
`yekuo.calendar.selectors.working_day_calendar()`, which caches it per table revision.

Every answer needs each year it touches to be loaded; otherwise `CalendarYearMissing` is raised. It never
falls back to Monday-to-Friday: a wrong legal deadline that looks plausible is worse than no deadline.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from yekuo.core.errors import DomainError


class CalendarYearMissing(DomainError):
    """A computation reached a year whose State Council notice has not been loaded."""

    code = "calendar_year_missing"
    # Not the caller's fault and not permanent: it works once an administrator loads the year.
    http_status = 503

    def __init__(self, year: int) -> None:
        super().__init__(
            _(
                "No working-day calendar is loaded for %(year)s; "
                "add the State Council notice for that year first."
            )
            % {"year": year}
        )
        self.year = year


class WorkingDayCalendar:
    """Answers about working days for the loaded years only."""

    __slots__ = ("_ordinal_set", "_ordinals", "loaded_years")

    def __init__(self, *, working_days: Iterable[date], loaded_years: Iterable[int]) -> None:
        self.loaded_years = frozenset(loaded_years)
        # Days of years that are not loaded are dropped: a partial year answers nothing.
        self._ordinals = sorted(day.toordinal() for day in working_days if day.year in self.loaded_years)
        self._ordinal_set = frozenset(self._ordinals)

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(years={sorted(self.loaded_years)}, working_days={len(self._ordinals)})"

    def _require_years(self, first_year: int, last_year: int) -> None:
        for year in range(first_year, last_year + 1):
            if year not in self.loaded_years:
                raise CalendarYearMissing(year)

    def _first_missing_year_from(self, year: int) -> int:
        while year in self.loaded_years:
            year += 1
        return year

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.loaded_years:
            raise CalendarYearMissing(day.year)
        return day.toordinal() in self._ordinal_set

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start`, which itself is not counted; `start` when `count` is 0.

        The start may be a day off: three working days after a Saturday are Monday, Tuesday and Wednesday.
        """
        if count < 0:
            raise ValueError(f"count must be 0 or more, not {count}")
        if start.year not in self.loaded_years:
            raise CalendarYearMissing(start.year)
        if count == 0:
            return start
        index = bisect_right(self._ordinals, start.toordinal()) + count - 1
        if index >= len(self._ordinals):
            raise CalendarYearMissing(self._first_missing_year_from(start.year))
        result = date.fromordinal(self._ordinals[index])
        if result.year != start.year:
            # The list skips years that are not loaded; a gap between the two years must not be jumped.
            self._require_years(start.year + 1, result.year)
        return result

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days d satisfy first < d <= last.

        Antisymmetric: when `last` is before `first` the answer is minus the count the other way round,
        and it is 0 when they are the same day.
        """
        low, high = (first, last) if first <= last else (last, first)
        self._require_years(low.year, high.year)
        return bisect_right(self._ordinals, last.toordinal()) - bisect_right(
            self._ordinals, first.toordinal()
        )

    # The names the application-process engine uses: a limit of `days` working days from a stage's start.
    def due_on(self, start_on: date, days: int) -> date:
        return self.add_working_days(start_on, days)

    def working_days_used(self, start_on: date, until_on: date) -> int:
        return self.working_days_between(start_on, until_on)
