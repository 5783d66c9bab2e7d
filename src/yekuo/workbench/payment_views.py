"""Fee payments declared by customers, confirmed (or not) by the staff who may work the fees stage."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yekuo.applications.access import applications_visible_to
from yekuo.applications.customer_records import FeePayment, PaymentStatus
from yekuo.core.errors import DomainError
from yekuo.web.guards import current_account, staff_required
from yekuo.workbench.forms import PaymentDecisionForm
from yekuo.workflow.services.customer import fee_payment_decide

PAYMENTS_SHOWN = 100


@staff_required
@require_safe
def payment_queue(request: HttpRequest) -> HttpResponse:
    viewer = current_account(request)
    payments = (
        FeePayment.objects.filter(
            status=PaymentStatus.DECLARED, application__in=applications_visible_to(viewer)
        )
        .select_related("application", "declared_by")
        .order_by("declared_at", "pk")[:PAYMENTS_SHOWN]
    )
    return render(request, "workbench/payment_queue.html", {"payments": payments})


@staff_required
@require_POST
def payment_decide(request: HttpRequest, payment_id: int) -> HttpResponse:
    form = PaymentDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("workbench:payment_queue")
    received = form.cleaned_data["received"] == "yes"
    try:
        fee_payment_decide(
            actor=current_account(request),
            payment_id=payment_id,
            received=received,
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Payment confirmed; the fees stage is complete.")
            if received
            else _("Payment marked as not received."),
        )
    return redirect("workbench:payment_queue")
