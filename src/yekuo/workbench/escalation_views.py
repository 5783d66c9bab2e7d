"""The escalations (督办) awaiting a head: overdue work items the sweep escalated to the units they answer
for, and the form that records how each was handled."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from yekuo.applications.access import applications_visible_to
from yekuo.core.errors import DomainError
from yekuo.web.guards import current_account, staff_required
from yekuo.workbench import unit_head_selectors, work_selectors
from yekuo.workbench.escalation_forms import EscalationHandlingForm
from yekuo.workflow import selectors as workflow_selectors
from yekuo.workflow import services as workflow_services

ROWS_PER_PAGE = 50


@staff_required
@require_safe
def escalation_queue(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    paths = workflow_selectors.headed_unit_paths(account)
    if not paths:
        raise Http404
    items = workflow_selectors.escalations_awaiting(paths=paths)
    page = Paginator(items, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    # A named head without a role at the unit handles its escalations here but cannot open the
    # application's pages (applications_visible_to); they see its number without a link to a 404.
    openable = set(
        applications_visible_to(account)
        .filter(pk__in=[item.application_id for item in page.object_list])
        .values_list("pk", flat=True)
    )
    context = {
        "tab": "escalations",
        "heads_units": True,
        "approves_clock_stops": bool(unit_head_selectors.approver_paths(account)),
        "page_obj": page,
        "rows": work_selectors.work_item_rows(page.object_list),
        "openable_application_ids": openable,
        "handling_form": EscalationHandlingForm(),
    }
    return render(request, "workbench/escalation_queue.html", context)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (the queue or the work item); anything else goes to the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("workbench:escalation_queue"))


@staff_required
@require_POST
def escalation_handle(request: HttpRequest, work_item_id: int) -> HttpResponse:
    form = EscalationHandlingForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, gettext("Choose the action you took and write a note (at most 2,000 characters).")
        )
        return _back(request)
    try:
        handling = workflow_services.escalation_handle(
            actor=current_account(request),
            work_item_id=work_item_id,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return _back(request)
    messages.success(
        request,
        gettext("You recorded how the escalation of %(number)s (“%(stage)s”) was handled.")
        % {"number": handling.work_item.application, "stage": handling.work_item.get_stage_display()},
    )
    return _back(request)
