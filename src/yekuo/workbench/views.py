"""The staff workbench: log-in, a home page built from the roles the member of staff holds, and lists of
the units and staff they can see. Queries live in yekuo.workbench.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from yekuo.core.errors import AccessDenied, DomainError
from yekuo.org import access as org_access
from yekuo.org import selectors as org_selectors
from yekuo.web.authentication import AreaLoginView
from yekuo.web.guards import current_account, staff_required
from yekuo.workbench import (
    application_selectors,
    selectors,
    unit_head_selectors,
    work_item_selectors,
    work_selectors,
)
from yekuo.workbench.escalation_forms import EscalationHandlingForm
from yekuo.workbench.forms import StaffAuthenticationForm
from yekuo.workbench.work_item_forms import (
    AssignForm,
    ClockStopDecisionForm,
    ClockStopRequestForm,
    OutcomeForm,
    ReturnForm,
    outcome_form_for,
)
from yekuo.workflow import selectors as workflow_selectors
from yekuo.workflow import services as workflow_services
from yekuo.workflow.models import WorkItem
from yekuo.workflow.stages import Stage

ROWS_PER_PAGE = 50


class StaffLoginView(AreaLoginView):
    form_class = StaffAuthenticationForm
    home_url_name = "workbench:home"
    extra_context = {  # noqa: RUF012  # Django's own attribute; read, never changed
        "login_heading": _("Staff log-in"),
        "login_introduction": _("Log in with the log-in name your administrator gave you."),
        "forgotten_password_hint": _("Forgotten your password? Your administrator can reset it."),
        "other_login_url": reverse_lazy("portal:login"),
        "other_login_text": _("Are you a customer? Log in with your mobile number"),
    }


@staff_required  # first, so a customer gets 403 whatever the method
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    headed_paths = workflow_selectors.headed_unit_paths(account)
    context = {
        # For heads only: how many escalations (督办) of their units nobody has handled yet.
        "escalations_awaiting": (
            workflow_selectors.escalations_awaiting(paths=headed_paths).count() if headed_paths else None
        ),
        "staff": org_selectors.staff_for_account(account),
        "role_cards": selectors.role_cards_for(account),
        "headed_units": selectors.headed_units_for(account),
    }
    return render(request, "workbench/home.html", context)


@staff_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.unit_tree_for(current_account(request))
    page = Paginator(units, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": selectors.unit_tree_rows(page.object_list, top_depth=selectors.top_depth_of(units)),
    }
    return render(request, "workbench/unit_list.html", context)


@staff_required
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = selectors.staff_list_for(current_account(request))
    page = Paginator(staff, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "workbench/staff_list.html", {"page_obj": page})


def _work_list(
    request: HttpRequest,
    items: QuerySet[WorkItem],
    *,
    filters: work_selectors.WorkListFilters,
    tab: str,
    heads_units: bool,
) -> HttpResponse:
    page = Paginator(items.only(*work_selectors.WORK_LIST_FIELDS), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "tab": tab,
        "heads_units": heads_units,
        "approves_clock_stops": bool(unit_head_selectors.approver_paths(current_account(request))),
        "page_obj": page,
        "rows": work_selectors.work_item_rows(page.object_list),
        "filters": filters,
        "stage_choices": Stage.choices,
        "deadline_choices": work_selectors.DeadlineFilter.choices,
    }
    return render(request, "workbench/work_list.html", context)


@staff_required
@require_safe
def my_work(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    filters = work_selectors.WorkListFilters.from_query(request.GET)
    items = work_selectors.work_items_for(account, filters=filters)
    heads_units = bool(workflow_selectors.headed_unit_paths(account))
    return _work_list(request, items, filters=filters, tab="mine", heads_units=heads_units)


@staff_required
@require_safe
def unit_queue(request: HttpRequest) -> HttpResponse:
    paths = workflow_selectors.headed_unit_paths(current_account(request))
    if not paths:
        raise Http404
    filters = work_selectors.WorkListFilters.from_query(request.GET)
    items = work_selectors.unit_queue_for(paths=paths, filters=filters)
    return _work_list(request, items, filters=filters, tab="units", heads_units=True)


@staff_required
@require_safe
def clock_stop_queue(request: HttpRequest) -> HttpResponse:
    """The clock stops awaiting the approval of a unit head, under the units where they hold the role."""
    paths = unit_head_selectors.approver_paths(current_account(request))
    if not paths:
        raise Http404
    stops = unit_head_selectors.clock_stops_awaiting(paths=paths)
    page = Paginator(stops, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "tab": "clock_stops",
        "heads_units": True,
        "approves_clock_stops": True,
        "page_obj": page,
        "decision_form": ClockStopDecisionForm(),
    }
    return render(request, "workbench/clock_stop_queue.html", context)


def _decide_clock_stop(request: HttpRequest, clock_stop_id: int, *, approve: bool) -> HttpResponse:
    account = current_account(request)
    if not unit_head_selectors.approver_paths(account):
        raise Http404
    queue = HttpResponseRedirect(reverse("workbench:clock_stop_queue"))
    form = ClockStopDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("note", []):
            messages.error(request, str(error))
        return queue
    try:
        stop = workflow_services.clock_stop_decide(
            actor=account, clock_stop_id=clock_stop_id, approve=approve, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return queue
    values = {"number": stop.application, "stage": stop.work_item.get_stage_display()}
    if approve:
        message = gettext("You approved the clock stop of %(number)s: the clock of “%(stage)s” is stopped.")
    else:
        message = gettext(
            "You rejected the clock stop of %(number)s: the clock of “%(stage)s” keeps running."
        )
    messages.success(request, message % values)
    return queue


@staff_required
@require_POST
def clock_stop_approve(request: HttpRequest, clock_stop_id: int) -> HttpResponse:
    return _decide_clock_stop(request, clock_stop_id, approve=True)


@staff_required
@require_POST
def clock_stop_reject(request: HttpRequest, clock_stop_id: int) -> HttpResponse:
    return _decide_clock_stop(request, clock_stop_id, approve=False)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the list the form was on; anything pointing elsewhere goes to My work."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("workbench:my_work"))


@staff_required
@require_POST
def work_item_claim(request: HttpRequest, work_item_id: int) -> HttpResponse:
    try:
        item = workflow_services.work_item_claim(actor=current_account(request), work_item_id=work_item_id)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            gettext("You claimed the work item “%(stage)s”.") % {"stage": item.get_stage_display()},
        )
    return _back(request)


@staff_required
@require_safe
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        detail = application_selectors.application_detail_for(
            viewer=current_account(request), application_id=application_id
        )
    except AccessDenied as error:
        raise Http404(str(error.message)) from None
    return render(request, "workbench/application_detail.html", {"detail": detail})


def _work_item_page(request: HttpRequest, work_item_id: int) -> work_item_selectors.WorkItemPage:
    try:
        return work_item_selectors.work_item_page_for(
            viewer=current_account(request), work_item_id=work_item_id
        )
    except AccessDenied as error:
        raise Http404(str(error.message)) from None


def _render_work_item(
    request: HttpRequest,
    page: work_item_selectors.WorkItemPage,
    *,
    outcome_form: OutcomeForm | None = None,
    return_form: ReturnForm | None = None,
    clock_stop_form: ClockStopRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page with its three forms; the one that was posted comes back bound, with its errors."""
    context = {
        "page": page,
        "outcome_form": outcome_form if outcome_form is not None else outcome_form_for(page.item.stage),
        "return_form": (
            return_form if return_form is not None else ReturnForm(stages=page.return_stages, prefix="return")
        ),
        "clock_stop_form": (
            clock_stop_form if clock_stop_form is not None else ClockStopRequestForm(prefix="clock_stop")
        ),
        "escalation_form": EscalationHandlingForm(auto_id="escalation_%s"),
    }
    return render(request, "workbench/work_item.html", context, status=status)


def _done(request: HttpRequest, page: work_item_selectors.WorkItemPage, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("workbench:application_detail", args=[page.application.pk]))


@staff_required
@require_safe
def work_item(request: HttpRequest, work_item_id: int) -> HttpResponse:
    return _render_work_item(request, _work_item_page(request, work_item_id))


@staff_required
@require_POST
def work_item_complete(request: HttpRequest, work_item_id: int) -> HttpResponse:
    page = _work_item_page(request, work_item_id)
    form = outcome_form_for(page.item.stage, request.POST)
    if not form.is_valid():
        return _render_work_item(request, page, outcome_form=form, status=400)
    try:
        workflow_services.work_item_complete(
            actor=current_account(request), work_item_id=page.item.pk, outcome=form.outcome()
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _render_work_item(request, page, outcome_form=form, status=error.http_status)
    return _done(
        request,
        page,
        gettext("You completed “%(stage)s”.") % {"stage": page.item.get_stage_display()},
    )


@staff_required
@require_POST
def work_item_return(request: HttpRequest, work_item_id: int) -> HttpResponse:
    page = _work_item_page(request, work_item_id)
    form = ReturnForm(request.POST, stages=page.return_stages, prefix="return")
    if not form.is_valid():
        return _render_work_item(request, page, return_form=form, status=400)
    try:
        workflow_services.work_item_return(
            actor=current_account(request),
            work_item_id=page.item.pk,
            to_stage=form.cleaned_data["to_stage"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _render_work_item(request, page, return_form=form, status=error.http_status)
    return _done(
        request,
        page,
        gettext("The application went back to “%(stage)s”.")
        % {"stage": dict(page.return_stages)[form.cleaned_data["to_stage"]]},
    )


@staff_required
@require_POST
def work_item_clock_stop_request(request: HttpRequest, work_item_id: int) -> HttpResponse:
    page = _work_item_page(request, work_item_id)
    form = ClockStopRequestForm(request.POST, request.FILES, prefix="clock_stop")
    if not form.is_valid():
        return _render_work_item(request, page, clock_stop_form=form, status=400)
    try:
        workflow_services.clock_stop_request(
            actor=current_account(request),
            work_item_id=page.item.pk,
            reason=form.cleaned_data["reason"],
            explanation=form.cleaned_data["explanation"],
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _render_work_item(request, page, clock_stop_form=form, status=error.http_status)
    return _done(request, page, gettext("You asked the unit head to stop the clock."))


@staff_required
@require_POST
def work_item_resume(request: HttpRequest, work_item_id: int) -> HttpResponse:
    """End the clock stop of a suspended item (the customer has remedied the defects, say)."""
    page = _work_item_page(request, work_item_id)
    back = HttpResponseRedirect(reverse("workbench:work_item", args=[page.item.pk]))
    try:
        item = workflow_services.work_item_resume(actor=current_account(request), work_item_id=page.item.pk)
    except DomainError as error:
        messages.error(request, str(error.message))
        return back
    messages.success(
        request, gettext("The clock of “%(stage)s” runs again.") % {"stage": item.get_stage_display()}
    )
    return back


@staff_required
@require_POST
def work_item_assign(request: HttpRequest, work_item_id: int) -> HttpResponse:
    """A unit head assigns the item; work_item_assign decides, and its refusal comes back as a message."""
    account = current_account(request)
    page = _work_item_page(request, work_item_id)
    back = HttpResponseRedirect(reverse("workbench:work_item", args=[page.item.pk]))
    form = AssignForm(request.POST, staff=org_access.staff_visible_to(account))
    if not form.is_valid():
        messages.error(request, gettext("Choose a member of staff from the list."))
        return back
    assignee = form.cleaned_data["assignee"]
    try:
        workflow_services.work_item_assign(actor=account, work_item_id=page.item.pk, assignee=assignee)
    except DomainError as error:
        messages.error(request, str(error.message))
        return back
    messages.success(
        request,
        gettext("You assigned “%(stage)s” to %(name)s.")
        % {"stage": page.item.get_stage_display(), "name": assignee.account.display_name},
    )
    return back
