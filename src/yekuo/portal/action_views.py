"""The applicant's answers where the process waits on them. Each view parses, calls one workflow service
and goes back to the application page with the outcome as a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yekuo.accounts.models import User
from yekuo.applications.access import application_get_for_user
from yekuo.core.errors import AccessDenied, DomainError
from yekuo.web.guards import current_account, customer_required
from yekuo.workflow.services.customer import (
    application_documents_supplied,
    contract_sign,
    customer_stage_complete,
    fee_payment_declare,
    rectification_declare,
    scheme_respond,
)


def _act(
    request: HttpRequest, application_id: int, action: Callable[[User], object], done: str
) -> HttpResponse:
    viewer = current_account(request)
    try:
        application_get_for_user(user=viewer, application_id=application_id)
    except AccessDenied:
        raise Http404 from None
    try:
        action(viewer)
    except AccessDenied:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect("portal:application", application_id=application_id)


def _work_item_id(request: HttpRequest) -> int:
    raw = request.POST.get("work_item", "")
    if not raw.isdigit():
        raise Http404
    return int(raw)


@customer_required
@require_POST
def documents_supplied(request: HttpRequest, application_id: int) -> HttpResponse:
    return _act(
        request,
        application_id,
        lambda viewer: application_documents_supplied(actor=viewer, application_id=application_id),
        _("Thank you. Acceptance continues with your documents."),
    )


@customer_required
@require_POST
def scheme_answer(request: HttpRequest, application_id: int) -> HttpResponse:
    answer = request.POST.get("answer", "")
    message = request.POST.get("message", "")
    done = (
        _("You have confirmed the supply scheme.")
        if answer == "confirmed"
        else _("Your question has been sent to your account manager.")
    )
    return _act(
        request,
        application_id,
        lambda viewer: scheme_respond(
            actor=viewer, application_id=application_id, answer=answer, message=message
        ),
        done,
    )


@customer_required
@require_POST
def stage_done(request: HttpRequest, application_id: int) -> HttpResponse:
    work_item_id = _work_item_id(request)
    raw_firm = request.POST.get("firm", "")
    firm_id = int(raw_firm) if raw_firm.isdigit() else None
    note = request.POST.get("note", "")
    return _act(
        request,
        application_id,
        lambda viewer: customer_stage_complete(
            actor=viewer, work_item_id=work_item_id, firm_id=firm_id, note=note
        ),
        _("Recorded. The utility takes the next step."),
    )


@customer_required
@require_POST
def contract(request: HttpRequest, application_id: int) -> HttpResponse:
    work_item_id = _work_item_id(request)
    version = request.POST.get("text_version", "")
    agreed = request.POST.get("agree") == "yes"
    return _act(
        request,
        application_id,
        lambda viewer: contract_sign(
            actor=viewer, work_item_id=work_item_id, text_version=version, agreed=agreed
        ),
        _("You have signed the supply contract."),
    )


@customer_required
@require_POST
def fees(request: HttpRequest, application_id: int) -> HttpResponse:
    work_item_id = _work_item_id(request)
    method = request.POST.get("method", "")
    reference = request.POST.get("reference", "")
    return _act(
        request,
        application_id,
        lambda viewer: fee_payment_declare(
            actor=viewer, work_item_id=work_item_id, method=method, reference=reference
        ),
        _("Thank you. The utility confirms your payment when it arrives."),
    )


@customer_required
@require_POST
def rectification_done(request: HttpRequest, application_id: int) -> HttpResponse:
    note = request.POST.get("note", "")
    evidence = request.FILES.getlist("file")
    return _act(
        request,
        application_id,
        lambda viewer: rectification_declare(
            actor=viewer, application_id=application_id, note=note, evidence=evidence
        ),
        _("Thank you. The utility has been told and will re-inspect your installation."),
    )
