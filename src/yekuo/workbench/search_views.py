"""The staff's application search (/workbench/applications/): the shared form and selector, bounded pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from yekuo.core.errors import AccessDenied
from yekuo.web.application_search import ROWS_PER_PAGE, ApplicationSearchForm, bounded_page
from yekuo.web.guards import current_account, staff_required
from yekuo.workbench.search_selectors import search_rows, unit_choices_for
from yekuo.workflow.application_search import applications_search


@staff_required
@require_safe
def application_search(request: HttpRequest) -> HttpResponse:
    viewer = current_account(request)
    form = ApplicationSearchForm(request.GET)
    if not form.is_valid():
        choices = unit_choices_for(viewer, chosen=form["unit"].value())
        context = {"form": form, "unit_choices": choices, "page": None}
        return render(request, "workbench/application_search.html", context, status=400)
    try:
        search = form.search_for(viewer)
    except AccessDenied as error:
        raise Http404(str(error.message)) from None
    choices = unit_choices_for(viewer, selected=search.unit, chosen=form["unit"].value())
    context = {"form": form, "unit_choices": choices}
    number = form.page_number()
    page = bounded_page(
        applications_search(viewer=viewer, search=search),
        offset=(number - 1) * ROWS_PER_PAGE,
        limit=ROWS_PER_PAGE,
        number=number,
    )
    context.update(page=page, rows=search_rows(page.rows), selected_unit=search.unit)
    return render(request, "workbench/application_search.html", context)
