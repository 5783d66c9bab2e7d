"""The working-day calendar in the Django admin: correct a day, import a new year's notice from a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yekuo.calendar.importing import notice_rows_from_csv
from yekuo.calendar.models import CalendarDay, CalendarYear, validate_day_kind
from yekuo.calendar.services import calendar_day_update, calendar_year_import
from yekuo.core.errors import DomainError

IMPORT_FILE_MAX_BYTES = 64 * 1024  # a year's notice is about forty lines


class CalendarYearImportForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    source_notice = forms.CharField(
        label=_("source notice"),
        max_length=200,
        help_text=_(
            "The notice's title and number, e.g. "
            "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕…号"
        ),
    )
    notice_file = forms.FileField(
        label=_("file"),
        help_text=_(
            "CSV with the columns date,kind,holiday_name, one line per holiday, day off in lieu or adjusted "
            "working day; kind is public_holiday, in_lieu_day_off or adjusted_working_day."
        ),
    )
    replace = forms.BooleanField(label=_("replace the year if it is already loaded"), required=False)

    def clean_notice_file(self) -> str:
        upload = self.cleaned_data["notice_file"]
        if upload.size > IMPORT_FILE_MAX_BYTES:
            raise ValidationError(_("The file is too large for a year's notice."), code="file_too_large")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise ValidationError(_("Save the file as UTF-8 text."), code="file_not_utf8") from error


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("year", "source_notice", "loaded_at", "loaded_by", "days_link")
    fields = ("year", "source_notice", "loaded_at", "loaded_by", "cross_check_note")
    readonly_fields = ("year", "loaded_at", "loaded_by", "cross_check_note")
    search_fields = ("year", "source_notice")

    @admin.display(description=_("days"))
    def days_link(self, calendar_year: CalendarYear) -> str:
        url = (
            reverse("admin:calendar_calendarday_changelist") + f"?calendar_year__id__exact={calendar_year.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("days of %(year)s") % {"year": calendar_year.year})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a year is added whole, from its notice: see the import view

    def get_urls(self) -> list[URLPattern]:
        import_view = path(
            "import/", self.admin_site.admin_view(self.import_view), name="calendar_calendaryear_import"
        )
        return [import_view, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "can_import": request.user.has_perm("calendar.add_calendaryear")}
        return super().changelist_view(request, extra_context=context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("calendar.add_calendaryear"):
            raise PermissionDenied
        form = CalendarYearImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            replace = form.cleaned_data["replace"]
            if replace and not request.user.has_perm("calendar.change_calendaryear"):
                raise PermissionDenied
            try:
                calendar_year = calendar_year_import(
                    year=form.cleaned_data["year"],
                    rows=notice_rows_from_csv(form.cleaned_data["notice_file"]),
                    source_notice=form.cleaned_data["source_notice"],
                    loaded_by=request.user.get_username(),
                    replace=replace,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                self.message_user(
                    request,
                    _("The calendar for %(year)s is loaded. %(note)s")
                    % {"year": calendar_year.year, "note": calendar_year.cross_check_note},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:calendar_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a year from its State Council notice"),
            "form": form,
        }
        return TemplateResponse(request, "admin/calendar/calendaryear/import_year.html", context)


class CalendarDayForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CalendarDay
        fields = ("kind", "holiday_name")

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned is not None and "kind" in cleaned:
            try:
                validate_day_kind(self.instance.on, cleaned["kind"])
            except ValidationError as error:
                self.add_error("kind", error)
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CalendarDayForm
    list_display = ("on", "weekday", "kind", "is_working_day", "holiday_name")
    list_filter = ("calendar_year", "kind", "is_working_day")
    search_fields = ("holiday_name",)
    date_hierarchy = "on"
    fields = ("on", "weekday", "kind", "is_working_day", "holiday_name")
    readonly_fields = ("on", "weekday", "is_working_day")
    list_select_related = ("calendar_year",)

    @admin.display(description=_("weekday"))
    def weekday(self, day: CalendarDay) -> str:
        return date_format(day.on, "l")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # every day of a loaded year exists; days are corrected, never added

    def has_delete_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        return False  # a year with a day missing would stop every computation that reaches it

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: forms.ModelForm[Any], change: bool
    ) -> None:
        calendar_day_update(on_day=obj, kind=obj.kind, holiday_name=obj.holiday_name)
