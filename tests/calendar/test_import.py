"""Adding a year from a notice file: all or nothing, every bad line named."""

from __future__ import annotations

from datetime import date

import pytest

from yekuo.calendar.importing import notice_rows_from_csv
from yekuo.calendar.models import CalendarDay, CalendarYear, DayKind
from yekuo.calendar.selectors import working_day_calendar
from yekuo.calendar.services import SeedReport, calendar_year_import
from yekuo.core.errors import Conflict, ValidationFailed

# A made-up notice for 2027, test data only: the real one had not been published when this was written.
INVENTED_2027_NOTICE = "（测试用虚构通知）国务院办公厅关于2027年部分节假日安排的通知"
INVENTED_2027_FILE = """date,kind,holiday_name
2027-01-01,public_holiday,元旦
2027-02-05,public_holiday,春节
2027-02-06,public_holiday,春节
2027-02-07,public_holiday,春节
2027-02-08,public_holiday,春节
2027-02-09,public_holiday,春节
2027-02-10,public_holiday,春节
2027-02-11,in_lieu_day_off,春节
2027-02-12,in_lieu_day_off,春节
2027-02-20,adjusted_working_day,春节
"""


def import_2027(text: str = INVENTED_2027_FILE, *, replace: bool = False) -> CalendarYear:
    return calendar_year_import(
        year=2027,
        rows=notice_rows_from_csv(text),
        source_notice=INVENTED_2027_NOTICE,
        loaded_by="calendar.admin",
        replace=replace,
    )


def test_imports_a_year_and_fills_the_ordinary_days(recent_working_days: SeedReport) -> None:
    calendar_year = import_2027()

    assert calendar_year.days.count() == 365
    assert CalendarDay.objects.get(on=date(2027, 2, 20)).kind == DayKind.ADJUSTED_WORKING_DAY
    assert CalendarDay.objects.get(on=date(2027, 2, 11)).kind == DayKind.IN_LIEU_DAY_OFF
    assert CalendarDay.objects.get(on=date(2027, 3, 6)).kind == DayKind.WEEKEND
    assert CalendarDay.objects.get(on=date(2027, 3, 8)).kind == DayKind.ORDINARY_WORKING_DAY
    assert calendar_year.loaded_by == "calendar.admin"
    assert "2027" in calendar_year.cross_check_note  # holidays has no table for 2027: said so


def test_the_cached_calendar_sees_an_imported_year(recent_working_days: SeedReport) -> None:
    assert 2027 not in working_day_calendar().loaded_years

    import_2027()

    calendar = working_day_calendar()
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 15)
    assert calendar.is_working_day(date(2027, 2, 20))


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        pytest.param("2026-12-31,public_holiday,元旦", "Line 12: 2026-12-31 is not in 2027", id="wrong year"),
        pytest.param("2027-13-01,public_holiday,元旦", "Line 12: “2027-13-01” is not a date", id="bad date"),
        pytest.param("2027-05-01,holiday,劳动节", "Line 12: the kind must be one of", id="unknown kind"),
        pytest.param("2027-05-01,weekend,", "Line 12: the kind must be one of", id="implied kind"),
        pytest.param(
            "2027-05-03,adjusted_working_day,劳动节",
            "Line 12: 2027-05-03 is a weekday; only a Saturday or Sunday",
            id="weekday marked adjusted working",
        ),
        pytest.param(
            "2027-05-01,in_lieu_day_off,劳动节",
            "Line 12: 2027-05-01 is a Saturday or Sunday; only a weekday",
            id="weekend marked in lieu",
        ),
        pytest.param(
            "2027-02-05,public_holiday,春节",
            "Line 12: 2027-02-05 is already listed on line 3",
            id="duplicate",
        ),
        pytest.param(
            "2027-05-01,public_holiday,劳动节,extra", "Line 12: there are more than 3", id="columns"
        ),
    ],
)
def test_refuses_a_bad_line_and_stores_nothing(
    recent_working_days: SeedReport, bad_line: str, message: str
) -> None:
    text = INVENTED_2027_FILE + bad_line + "\n"  # the header and ten days are lines 1-11

    with pytest.raises(ValidationFailed, match=message) as raised:
        import_2027(text)

    assert raised.value.code == "calendar_file_invalid"
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(on__year=2027).exists()


def test_names_every_bad_line_at_once(recent_working_days: SeedReport) -> None:
    text = INVENTED_2027_FILE + "2026-01-01,public_holiday,\n2027-01-04,adjusted_working_day,\n"

    with pytest.raises(ValidationFailed) as raised:
        import_2027(text)

    assert "Line 12:" in str(raised.value.message)
    assert "Line 13:" in str(raised.value.message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("day,kind\n2027-01-01,public_holiday\n", "Line 1: the header", id="wrong header"),
        pytest.param("", "Line 1: the header", id="empty file"),
        pytest.param(
            "date,kind,holiday_name\n2027-02-20,adjusted_working_day,\n", "no public holiday", id="none"
        ),
    ],
)
def test_refuses_a_file_that_is_not_a_notice(
    recent_working_days: SeedReport, text: str, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        import_2027(text)

    assert not CalendarYear.objects.filter(year=2027).exists()


def test_refuses_to_import_a_loaded_year_again(recent_working_days: SeedReport) -> None:
    first = import_2027()

    with pytest.raises(Conflict) as raised:
        import_2027(INVENTED_2027_FILE.replace("2027-02-20,adjusted_working_day,春节\n", ""))

    assert raised.value.code == "calendar_year_loaded"
    assert CalendarYear.objects.get(year=2027).revision == first.revision
    assert CalendarDay.objects.get(on=date(2027, 2, 20)).is_working_day


def test_replaces_a_loaded_year_when_told_to(recent_working_days: SeedReport) -> None:
    import_2027()

    import_2027(INVENTED_2027_FILE.replace("2027-02-20,adjusted_working_day,春节\n", ""), replace=True)

    assert CalendarDay.objects.get(on=date(2027, 2, 20)).kind == DayKind.WEEKEND
    assert CalendarDay.objects.filter(on__year=2027).count() == 365
    assert not working_day_calendar().is_working_day(date(2027, 2, 20))


def test_cross_checks_an_imported_year_that_holidays_knows(recent_working_days: SeedReport) -> None:
    """Re-importing 2025 with the 11 October adjusted working day forgotten: holidays notices."""
    rows = [
        row
        for row in notice_rows_from_csv(
            "date,kind,holiday_name\n2025-10-01,public_holiday,国庆节\n2025-10-11,adjusted_working_day,国庆节\n"
        )
        if row.date_text != "2025-10-11"
    ]

    calendar_year = calendar_year_import(
        year=2025, rows=rows, source_notice="test", loaded_by="test", replace=True
    )

    assert "2025-10-11 is a day off here but a working day in holidays" in calendar_year.cross_check_note


def test_requires_the_notice_to_be_named(recent_working_days: SeedReport) -> None:
    with pytest.raises(ValidationFailed, match="notice"):
        calendar_year_import(
            year=2027, rows=notice_rows_from_csv(INVENTED_2027_FILE), source_notice="  ", loaded_by="x"
        )
