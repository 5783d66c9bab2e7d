"""The calendar in the admin: correct a day, import a year's notice from a file."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.calendar.test_import import INVENTED_2027_FILE, INVENTED_2027_NOTICE
from yekuo.accounts.models import AccountKind, User
from yekuo.calendar.models import CalendarDay, CalendarYear, DayKind
from yekuo.calendar.selectors import working_day_calendar
from yekuo.calendar.services import SeedReport

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def calendar_admin(db: None) -> Client:
    account = User.objects.create_superuser(
        "calendar.admin", "correct horse battery", display_name="日历管理员", kind=AccountKind.STAFF
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the assertions read the English messages
    client.force_login(account, backend=MODEL_BACKEND)
    return client


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("2027.csv", text.encode("utf-8"), content_type="text/csv")


def test_the_year_list_offers_the_import(recent_working_days: SeedReport, calendar_admin: Client) -> None:
    response = calendar_admin.get(reverse("admin:calendar_calendaryear_changelist"))

    assert response.status_code == 200
    assert reverse("admin:calendar_calendaryear_import") in response.content.decode()


def test_imports_a_year_from_a_file(recent_working_days: SeedReport, calendar_admin: Client) -> None:
    page = calendar_admin.get(reverse("admin:calendar_calendaryear_import"))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()  # nothing inline: the CSP allows only our own files

    response = calendar_admin.post(
        reverse("admin:calendar_calendaryear_import"),
        {"year": "2027", "source_notice": INVENTED_2027_NOTICE, "notice_file": upload(INVENTED_2027_FILE)},
    )

    assert response.status_code == 302
    calendar_year = CalendarYear.objects.get(year=2027)
    assert (calendar_year.source_notice, calendar_year.loaded_by) == (INVENTED_2027_NOTICE, "calendar.admin")
    assert working_day_calendar().is_working_day(date(2027, 2, 20))


def test_shows_the_bad_lines_and_stores_nothing(
    recent_working_days: SeedReport, calendar_admin: Client
) -> None:
    response = calendar_admin.post(
        reverse("admin:calendar_calendaryear_import"),
        {
            "year": "2027",
            "source_notice": INVENTED_2027_NOTICE,
            "notice_file": upload(INVENTED_2027_FILE + "2027-05-03,adjusted_working_day,劳动节\n"),
        },
    )

    assert response.status_code == 200
    assert "Line 12: 2027-05-03 is a weekday" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_correcting_a_day_recomputes_whether_it_is_worked(
    recent_working_days: SeedReport, calendar_admin: Client
) -> None:
    assert working_day_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    url = reverse("admin:calendar_calendarday_change", args=["2026-03-07"])

    response = calendar_admin.post(url, {"kind": DayKind.ADJUSTED_WORKING_DAY, "holiday_name": "测试"})

    assert response.status_code == 302
    assert CalendarDay.objects.get(on=date(2026, 3, 7)).is_working_day
    assert working_day_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_refuses_a_kind_that_does_not_fit_the_weekday(
    recent_working_days: SeedReport, calendar_admin: Client
) -> None:
    url = reverse("admin:calendar_calendarday_change", args=["2026-03-09"])

    response = calendar_admin.post(url, {"kind": DayKind.ADJUSTED_WORKING_DAY, "holiday_name": ""})

    assert response.status_code == 200
    assert "is a weekday" in response.content.decode()
    assert CalendarDay.objects.get(on=date(2026, 3, 9)).kind == DayKind.ORDINARY_WORKING_DAY


def test_days_can_be_filtered_but_not_added_or_deleted(
    recent_working_days: SeedReport, calendar_admin: Client
) -> None:
    changelist = calendar_admin.get(
        reverse("admin:calendar_calendarday_changelist"), {"kind": DayKind.ADJUSTED_WORKING_DAY}
    )

    assert changelist.status_code == 200
    assert "2026-02-14" in changelist.content.decode() or "2026年2月14日" in changelist.content.decode()
    assert calendar_admin.get(reverse("admin:calendar_calendarday_add")).status_code == 403
    delete_url = reverse("admin:calendar_calendarday_delete", args=["2026-03-09"])
    assert calendar_admin.post(delete_url, {"post": "yes"}).status_code == 403
    assert CalendarDay.objects.filter(on=date(2026, 3, 9)).exists()
