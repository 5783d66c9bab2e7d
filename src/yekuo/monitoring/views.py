"""The live dashboard for staff who watch units: the page, its sections for the live update, and the
process map's data. Views parse, scope and render; the figures come from the selectors (sections.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from yekuo.core import clock
from yekuo.core.errors import AccessDenied
from yekuo.monitoring import process_map
from yekuo.monitoring.filters import DashboardFilterForm, DashboardFilters, parse_filters
from yekuo.monitoring.links import LinkBuilder
from yekuo.monitoring.scope import DashboardScope, dashboard_scope_for
from yekuo.monitoring.sections import SECTIONS
from yekuo.web.guards import current_account, staff_required
from yekuo.workflow.models import ProcessDefinition

DEFAULT_REFRESH_SECONDS = 30


def refresh_seconds() -> int:
    return int(getattr(settings, "YEKUO_DASHBOARD_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS))


def _scope(request: HttpRequest, form: DashboardFilterForm) -> DashboardScope:
    unit_id = form.cleaned_data.get("unit") if hasattr(form, "cleaned_data") else None
    try:
        return dashboard_scope_for(user=current_account(request), unit_id=unit_id)
    except AccessDenied as error:
        raise Http404(str(error.message)) from None


def _options(request: HttpRequest) -> dict[str, str]:
    return {"definition": request.GET.get("definition", "")}


def _common_context(
    request: HttpRequest, scope: DashboardScope, form: DashboardFilterForm, filters: DashboardFilters | None
) -> dict[str, Any]:
    query = filters.query(unit_id=scope.unit.pk if scope.unit else None) if filters else {}
    options = {name: value for name, value in _options(request).items() if value}
    return {
        "scope": scope,
        "form": form,
        "filters": filters,
        "query_string": urlencode({**query, **options}),
        "filter_query_string": urlencode(query),
        "top_query_string": urlencode({name: value for name, value in query.items() if name != "unit"}),
        "refresh_seconds": refresh_seconds(),
        "updated_at": clock.now(),
    }


@staff_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = parse_filters(request.GET)
    scope = _scope(request, form)
    context = _common_context(request, scope, form, filters)
    if filters is None:
        return render(request, "monitoring/dashboard.html", context, status=400)
    links = LinkBuilder(scope=scope, filters=filters)
    for build in SECTIONS.values():
        context.update(build(scope, filters, links, _options(request)))
    return render(request, "monitoring/dashboard.html", context)


@staff_required
@require_safe
def section(request: HttpRequest, name: str) -> HttpResponse:
    build = SECTIONS.get(name)
    if build is None:
        raise Http404
    form, filters = parse_filters(request.GET)
    scope = _scope(request, form)
    context = _common_context(request, scope, form, filters)
    if filters is None:
        return render(request, "monitoring/partials/invalid.html", context, status=400)
    context.update(build(scope, filters, LinkBuilder(scope=scope, filters=filters), _options(request)))
    return render(request, f"monitoring/partials/{name}.html", context)


@staff_required
@require_safe
def process_map_data(request: HttpRequest, definition_id: int) -> JsonResponse:
    form, filters = parse_filters(request.GET)
    scope = _scope(request, form)
    if filters is None:
        return JsonResponse({"code": "invalid_filters", "errors": form.errors.get_json_data()}, status=400)
    definition = ProcessDefinition.objects.filter(pk=definition_id).first()
    if definition is None:
        raise Http404
    links = LinkBuilder(scope=scope, filters=filters)
    return JsonResponse(process_map.process_map(definition, scope=scope, filters=filters, links=links))
