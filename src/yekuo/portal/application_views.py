"""The customer's applications: apply, add documents, submit, follow every stage, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from yekuo.accounts.models import AccountKind
from yekuo.applications.access import application_get_for_user
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.document_services import (
    application_document_add,
    document_checklist,
    document_get_for_user,
    missing_document_kinds,
)
from yekuo.applications.guidance import CATEGORY_HELP
from yekuo.applications.online import application_apply_online
from yekuo.core.errors import AccessDenied, DomainError
from yekuo.portal.application_forms import ApplicationForm, DocumentUploadForm, ReasonForm
from yekuo.portal.views import own_customer
from yekuo.web.file_responses import private_file_response
from yekuo.web.guards import account_of_kind, current_account, customer_required
from yekuo.workflow.customer_actions import customer_actions_for
from yekuo.workflow.services import application_cancel, application_submit
from yekuo.workflow.tracking import application_tracking_for


@customer_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    customer = own_customer(request)
    if customer is None:
        raise Http404
    initial = {"premises_address": customer.address, "supply_station": customer.service_unit_id}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_apply_online(
                actor=current_account(request),
                business_type=data["business_type"],
                category=data["category"],
                requested_capacity_kva=data["requested_capacity_kva"],
                existing_capacity_kva=data["existing_capacity_kva"],
                premises_address=data["premises_address"],
                supply_station_id=data["supply_station"],
                is_important_customer=data["is_important_customer"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your draft is saved. Now add the documents and submit it."))
            return redirect("portal:application", application_id=application.pk)
    context = {"form": form, "category_help": CATEGORY_HELP}
    return render(request, "portal/apply.html", context, status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, application_id: int) -> dict[str, object]:
    viewer = current_account(request)
    try:
        tracking = application_tracking_for(viewer=viewer, application_id=application_id)
    except AccessDenied:
        raise Http404 from None
    application = tracking.application
    received = {document.kind for document in tracking.documents}
    checklist = [(kind, kind in received) for kind in document_checklist(application)]
    return {
        "tracking": tracking,
        "application": application,
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "checklist": checklist,
        "missing": missing_document_kinds(application),
        "upload_form": DocumentUploadForm(checklist=document_checklist(application)),
        "withdraw_form": ReasonForm(),
        "actions": customer_actions_for(viewer=viewer, application=application),
    }


@customer_required
@require_safe
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    return render(request, "portal/application.html", _detail_context(request, application_id))


@customer_required
@require_POST
def document_upload(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = current_account(request)
    try:
        application_get_for_user(user=viewer, application_id=application_id)
    except AccessDenied:
        raise Http404 from None
    form = DocumentUploadForm(request.POST, request.FILES)  # any known kind; the service checks it
    if form.is_valid():
        try:
            application_document_add(
                actor=viewer,
                application_id=application_id,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            messages.success(request, _("The document has been added."))
            return redirect("portal:application", application_id=application_id)
    context = _detail_context(request, application_id) | {"upload_form": form}
    return render(request, "portal/application.html", context, status=400)


@customer_required
@require_POST
def submit(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = current_account(request)
    try:
        application_get_for_user(user=viewer, application_id=application_id)
        application = application_submit(actor=viewer, application_id=application_id)
    except AccessDenied:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("portal:application", application_id=application_id)
    messages.success(
        request,
        _("Application %(number)s has been submitted. You can follow every step here.")
        % {"number": application.number},
    )
    return redirect("portal:application", application_id=application_id)


@customer_required
@require_POST
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = current_account(request)
    try:
        application_get_for_user(user=viewer, application_id=application_id)
    except AccessDenied:
        raise Http404 from None
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            application_cancel(
                actor=viewer, application_id=application_id, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("portal:application", application_id=application_id)
    context = _detail_context(request, application_id) | {"withdraw_form": form}
    return render(request, "portal/application.html", context, status=400)


@require_safe
def document_file(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """Stream a document's file after the access check; never a public address. (Guarded inline: the
    guard decorator is typed for ordinary responses, this one streams.)"""
    if account_of_kind(request, AccountKind.CUSTOMER) is None:
        return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login"))
    try:
        document = document_get_for_user(user=current_account(request), document_id=document_id)
    except AccessDenied:
        raise Http404 from None
    return private_file_response(document.file, original_name=document.original_name)
