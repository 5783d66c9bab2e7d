"""The analysis page over the live event log or an imported one: parse the choices, scope them to the
viewer, bring the live copy up to date, and render what the analytics selectors find."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from yekuo.accounts.models import User
from yekuo.analytics.errors import AnalyticsBusy, LogNotFound
from yekuo.analytics.selectors import LogSelection, imported_logs
from yekuo.analytics.store import waiting_at_most
from yekuo.analytics.sync import live_log_sync
from yekuo.core.errors import AccessDenied
from yekuo.monitoring.analysis_access import analysis_selection_for, may_use_imported_logs
from yekuo.monitoring.analysis_filters import AnalysisFilterForm, AnalysisFilters, parse_analysis_filters
from yekuo.monitoring.analysis_report import analysis_report
from yekuo.monitoring.scope import DashboardScope, dashboard_scope_for
from yekuo.web.guards import current_account, staff_required

EXPORT_FORMATS = ("csv", "xes", "parquet")
DEFAULT_PAGE_WAIT_SECONDS = 3.0
Parameters = ParamSpec("Parameters")
Response = TypeVar("Response")


def page_wait_seconds() -> float:
    """How long a page waits for the analytics file another process holds before saying it is busy."""
    return float(getattr(settings, "ANALYTICS_PAGE_WAIT_SECONDS", DEFAULT_PAGE_WAIT_SECONDS))


def answers_soon(view: Callable[Parameters, Response]) -> Callable[Parameters, Response]:
    """The view waits at most page_wait_seconds() for a busy analytics file, then says so (503)."""

    @wraps(view)
    def waiting(*args: Parameters.args, **kwargs: Parameters.kwargs) -> Response:
        with waiting_at_most(page_wait_seconds()):
            return view(*args, **kwargs)

    return waiting


def scoped_selection(user: User, filters: AnalysisFilters) -> tuple[LogSelection, DashboardScope]:
    """The selection within the viewer's rights; anything else is 404 (its existence is not revealed)."""
    try:
        return analysis_selection_for(user=user, filters=filters)
    except AccessDenied as error:
        raise Http404(str(error.message)) from None


def _page_context(
    user: User,
    form: AnalysisFilterForm,
    filters: AnalysisFilters | None,
    scope: DashboardScope | None,
    *,
    list_logs: bool = True,
) -> dict[str, Any]:
    """`list_logs`: read the imported logs' names (not when the store is busy)."""
    may_import = may_use_imported_logs(user)
    logs = []
    busy = None
    if may_import and list_logs:
        try:
            logs = imported_logs()
        except AnalyticsBusy as error:
            busy = error.message
    return {
        "form": form,
        "filters": filters,
        "scope": scope,
        "may_import": may_import,
        "logs": logs,
        "busy": busy,
        "query_string": urlencode(filters.query()) if filters else "",
        "export_formats": EXPORT_FORMATS,
    }


@staff_required
@require_safe
@answers_soon
def analysis(request: HttpRequest) -> HttpResponse:
    user = current_account(request)
    form, filters = parse_analysis_filters(request.GET)
    if filters is None:
        try:
            scope = dashboard_scope_for(user=user, unit_id=None)
        except AccessDenied:
            raise Http404 from None
        context = _page_context(user, form, None, scope)
        return render(request, "monitoring/analysis.html", context, status=400)
    selection, scope = scoped_selection(user, filters)
    try:
        context = _page_context(user, form, filters, scope)
        if filters.is_live:
            live_log_sync()
        report = analysis_report(selection, variant_limit=filters.variant_limit)
    except LogNotFound:
        raise Http404 from None
    except AnalyticsBusy as error:
        context = {**_page_context(user, form, filters, scope, list_logs=False), "busy": error.message}
        return render(request, "monitoring/analysis.html", context, status=503)
    context.update({"report": report, "chart": report.chart_data()})
    return render(request, "monitoring/analysis.html", context)
