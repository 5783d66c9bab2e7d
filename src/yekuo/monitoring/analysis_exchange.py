"""Event-log exchange from the analysis page: download the current selection as CSV, XES or Parquet, and
import a CSV or XES log from another system (administrators and auditors)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from yekuo.accounts.models import AccountKind
from yekuo.analytics.errors import AnalyticsBusy, LogImportFailed, LogNotFound
from yekuo.analytics.exporting import ExportFormat, log_export
from yekuo.analytics.importing import ColumnMapping, log_import
from yekuo.analytics.selectors import imported_logs
from yekuo.analytics.sync import live_log_sync
from yekuo.monitoring.analysis_access import may_use_imported_logs
from yekuo.monitoring.analysis_filters import parse_analysis_filters
from yekuo.monitoring.analysis_views import answers_soon, scoped_selection
from yekuo.monitoring.scope import may_see_dashboard
from yekuo.web.guards import account_of_kind, current_account, staff_required

SAFE_METHODS = ["GET", "HEAD"]
DEFAULT_IMPORT_MAXIMUM_BYTES = 100 * 1024 * 1024
IMPORT_SUFFIXES = (".csv", ".xes")
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XES: "application/xml",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
}


def import_maximum_bytes() -> int:
    return int(getattr(settings, "ANALYTICS_IMPORT_MAXIMUM_BYTES", DEFAULT_IMPORT_MAXIMUM_BYTES))


@answers_soon
def analysis_export(request: HttpRequest) -> HttpResponseBase:
    """(Guarded inline like the evidence download: the guard decorator is typed for ordinary responses and
    this one streams. The kind comes first, so a customer gets 403 whatever the method.)"""
    user = account_of_kind(request, AccountKind.STAFF)
    if user is None:
        return redirect_to_login(request.get_full_path(), login_url=reverse("workbench:login"))
    if request.method not in SAFE_METHODS:
        return HttpResponseNotAllowed(SAFE_METHODS)
    _form, filters = parse_analysis_filters(request.GET)
    chosen = request.GET.get("format", "")
    if filters is None or chosen not in set(ExportFormat):
        if not may_see_dashboard(user):
            raise Http404
        return HttpResponse(_("Choose valid filters and a format: CSV, XES or Parquet."), status=400)
    selection, _scope = scoped_selection(user, filters)
    export_format = ExportFormat(chosen)
    scratch = tempfile.TemporaryDirectory()
    path = Path(scratch.name) / f"{filters.log}.{export_format.value}"
    try:
        if filters.is_live:
            live_log_sync()
        log_export(selection=selection, export_format=export_format, path=path, actor=user)
        handle = path.open("rb")  # streamed after the folder is gone; the open file keeps its data
    except LogNotFound:
        raise Http404 from None
    except AnalyticsBusy as error:
        return HttpResponse(str(error.message), status=503)
    finally:
        scratch.cleanup()
    return FileResponse(
        handle, as_attachment=True, filename=path.name, content_type=CONTENT_TYPES[export_format]
    )


class LogImportForm(forms.Form):
    name = forms.RegexField(
        label=gettext_lazy("Log name"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$",
        help_text=gettext_lazy("Letters, digits, dots, dashes or underscores; at most 60."),
    )
    log_file = forms.FileField(label=gettext_lazy("CSV or XES file"))
    case = forms.CharField(label=gettext_lazy("Case column"), required=False, max_length=200)
    activity = forms.CharField(label=gettext_lazy("Activity column"), required=False, max_length=200)
    timestamp = forms.CharField(label=gettext_lazy("Timestamp column"), required=False, max_length=200)
    resource = forms.CharField(label=gettext_lazy("Resource column"), required=False, max_length=200)
    replace = forms.BooleanField(label=gettext_lazy("Replace a log of the same name"), required=False)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if name == "live":
            raise forms.ValidationError(gettext_lazy("“live” is the live log's name; choose another."))
        return name

    def clean_log_file(self) -> object:
        upload = self.cleaned_data["log_file"]
        if not upload.name.lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(gettext_lazy("Upload a .csv or .xes file."))
        if upload.size > import_maximum_bytes():
            raise forms.ValidationError(
                gettext_lazy("The file is larger than %(megabytes)s MB."),
                params={"megabytes": import_maximum_bytes() // (1024 * 1024)},
            )
        return upload

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        return ColumnMapping(
            case=data["case"] or None,
            activity=data["activity"] or None,
            timestamp=data["timestamp"] or None,
            resource=data["resource"] or None,
        )


def _name_taken(form: LogImportForm) -> bool:
    """A log of that name exists and is not to be replaced: said in the page's words, not the CLI's."""
    name = form.cleaned_data["name"]
    if form.cleaned_data["replace"] or name not in {log.name for log in imported_logs()}:
        return False
    form.add_error(
        "name", _("A log named “%(name)s” exists already; tick “Replace” to replace it.") % {"name": name}
    )
    return True


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_soon
def analysis_import(request: HttpRequest) -> HttpResponse:
    user = current_account(request)
    if not may_see_dashboard(user):
        raise Http404
    if not may_use_imported_logs(user):
        raise PermissionDenied(_("Importing event logs is for administrators and auditors."))
    form = LogImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not _name_taken(form):
        upload = form.cleaned_data["log_file"]
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / get_valid_filename(Path(upload.name).name)
            with path.open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            try:
                imported = log_import(
                    path=path,
                    name=form.cleaned_data["name"],
                    mapping=form.mapping(),
                    actor=user,
                    replace=form.cleaned_data["replace"],
                )
            except (LogImportFailed, AnalyticsBusy) as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("Imported “%(name)s”: %(cases)s cases, %(events)s events.")
                    % {"name": imported.name, "cases": imported.cases, "events": imported.events},
                )
                analysis_url = reverse("monitoring_analysis:analysis")
                return redirect(f"{analysis_url}?{urlencode({'log': imported.name})}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "monitoring/analysis_import.html",
        {"form": form, "maximum_megabytes": import_maximum_bytes() // (1024 * 1024)},
        status=status,
    )
