"""Load 2004-2026 from chinesecalendar (cross-checked against holidays) so every database starts with the
working days the State Council published. Later years arrive through `yekuo calendar import` or the admin."""

from uuid import uuid4

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

from yekuo.calendar import library

FIRST_YEAR = 2004
LAST_YEAR = 2026
LOADED_BY = "migration calendar.0002 (chinesecalendar 1.11.0)"


def seed(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    calendar_year_model = apps.get_model("calendar", "CalendarYear")
    calendar_day_model = apps.get_model("calendar", "CalendarDay")
    loaded = set(calendar_year_model.objects.values_list("year", flat=True))
    days_by_year = {
        year: library.library_year_days(year) for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in loaded
    }
    notes = library.cross_check(days_by_year)
    for year, days in days_by_year.items():
        calendar_year = calendar_year_model.objects.create(
            year=year,
            source_notice=library.source_notice_for(year),
            loaded_at=timezone.now(),
            loaded_by=LOADED_BY,
            cross_check_note=notes[year],
            revision=uuid4().hex,
        )
        calendar_day_model.objects.bulk_create(
            calendar_day_model(
                on=day.on,
                calendar_year=calendar_year,
                is_working_day=day.is_working_day,
                kind=day.kind,
                holiday_name=day.holiday_name,
            )
            for day in days
        )


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
