"""Changes to the working-day table: seed from chinesecalendar, import a new notice, correct one day.

Each change gives the year a new revision, which is how every process notices that its cached
`WorkingDayCalendar` is stale (see selectors.working_day_calendar).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from yekuo.calendar import library
from yekuo.calendar.importing import NoticeDayRow, notice_days_from_rows
from yekuo.calendar.models import CalendarDay, CalendarYear, kind_is_working, new_revision, validate_day_kind
from yekuo.core import clock
from yekuo.core.errors import Conflict, ValidationFailed

SEEDED_BY = "calendar seed (chinesecalendar)"
FIRST_SEEDED_YEAR = 2004
LAST_SEEDED_YEAR = 2026


@dataclass
class SeedReport:
    loaded_years: list[int] = field(default_factory=list)
    skipped_years: list[int] = field(default_factory=list)  # already loaded: a seed never overwrites
    cross_check_notes: dict[int, str] = field(default_factory=dict)


def _store_year(
    *, year: int, days: Sequence[library.NoticeDay], source_notice: str, loaded_by: str, cross_check_note: str
) -> CalendarYear:
    calendar_year = CalendarYear.objects.create(
        year=year,
        source_notice=source_notice,
        loaded_at=clock.now(),
        loaded_by=loaded_by,
        cross_check_note=cross_check_note,
    )
    CalendarDay.objects.bulk_create(
        CalendarDay(
            on=day.on,
            calendar_year=calendar_year,
            is_working_day=day.is_working_day,
            kind=day.kind,
            holiday_name=day.holiday_name,
        )
        for day in days
    )
    return calendar_year


def calendar_seed_from_library(
    *, years: Iterable[int] = range(FIRST_SEEDED_YEAR, LAST_SEEDED_YEAR + 1), loaded_by: str = SEEDED_BY
) -> SeedReport:
    """Load each year from chinesecalendar, one transaction per year, skipping years already loaded.

    Safe to run again and from two processes at once: the unique year decides who loads it.
    """
    wanted = sorted(set(years))
    available = library.library_years()
    unavailable = [year for year in wanted if year not in available]
    if unavailable:
        raise ValidationFailed(
            _("chinesecalendar has no data for %(years)s; add those years from the State Council notice.")
            % {"years": ", ".join(map(str, unavailable))},
            code="calendar_year_not_in_library",
        )
    report = SeedReport()
    already_loaded = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    report.skipped_years = sorted(already_loaded)
    days_by_year = {year: library.library_year_days(year) for year in wanted if year not in already_loaded}
    report.cross_check_notes = library.cross_check(days_by_year)
    for year, days in days_by_year.items():
        try:
            with transaction.atomic():
                _store_year(
                    year=year,
                    days=days,
                    source_notice=library.source_notice_for(year),
                    loaded_by=loaded_by,
                    cross_check_note=report.cross_check_notes[year],
                )
        except IntegrityError:
            report.skipped_years.append(year)  # another process loaded it meanwhile
            del report.cross_check_notes[year]
        else:
            report.loaded_years.append(year)
    report.skipped_years.sort()
    return report


@transaction.atomic
def calendar_year_import(
    *,
    year: int,
    rows: Sequence[NoticeDayRow],
    source_notice: str,
    loaded_by: str,
    replace: bool = False,
) -> CalendarYear:
    """Load a year from a notice's non-ordinary days; every other day follows from its weekday.

    All or nothing. A loaded year is replaced only when `replace` is given.
    """
    source_notice = source_notice.strip()
    if not source_notice:
        raise ValidationFailed(_("Name the State Council notice the days come from."), code="notice_missing")
    days = notice_days_from_rows(year=year, rows=rows)
    existing = CalendarYear.objects.select_for_update().filter(year=year).first()
    if existing is not None and not replace:
        raise Conflict(
            _("The calendar for %(year)s is already loaded; replace it explicitly to load it again.")
            % {"year": year},
            code="calendar_year_loaded",
        )
    note = library.cross_check({year: days})[year]
    if existing is not None:
        existing.delete()
    try:
        with transaction.atomic():
            return _store_year(
                year=year, days=days, source_notice=source_notice, loaded_by=loaded_by, cross_check_note=note
            )
    except IntegrityError as error:
        raise Conflict(
            _("The calendar for %(year)s was loaded by someone else meanwhile.") % {"year": year},
            code="calendar_year_loaded",
        ) from error


@transaction.atomic
def calendar_day_update(*, on_day: CalendarDay, kind: str, holiday_name: str) -> CalendarDay:
    """Correct one day's kind; whether it is a working day follows from the kind."""
    try:
        validate_day_kind(on_day.on, kind)
    except ValidationError as error:
        raise ValidationFailed("; ".join(error.messages), code="invalid_day_kind") from error
    locked = CalendarDay.objects.select_for_update().get(pk=on_day.pk)
    locked.kind = kind
    locked.is_working_day = kind_is_working(kind)
    locked.holiday_name = holiday_name.strip()
    locked.save(update_fields=["kind", "is_working_day", "holiday_name"])
    CalendarYear.objects.filter(pk=locked.calendar_year_id).update(revision=new_revision())
    return locked
