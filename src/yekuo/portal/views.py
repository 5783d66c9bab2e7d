"""The customer portal: log-in with the mobile number and the customer's own page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from yekuo.accounts.validators import mask_mobile_number
from yekuo.applications.access import applications_visible_to
from yekuo.customers.access import customers_visible_to
from yekuo.customers.models import Customer, PartyKind
from yekuo.org.selectors import unit_ancestry
from yekuo.portal.forms import CustomerAuthenticationForm
from yekuo.web.authentication import AreaLoginView
from yekuo.web.guards import current_account, customer_required


class CustomerLoginView(AreaLoginView):
    form_class = CustomerAuthenticationForm
    home_url_name = "portal:home"
    extra_context = {  # noqa: RUF012  # Django's own attribute; read, never changed
        "login_heading": _("Customer log-in"),
        "login_introduction": _("Log in with your mobile number and password."),
        "forgotten_password_hint": _("Forgotten your password? Your service counter can reset it."),
        "register_url": reverse_lazy("portal:register"),
        "register_text": _("New here? Register with your mobile number"),
        "password_reset_url": reverse_lazy("portal:password_reset"),
        "password_reset_text": _("Reset the password by text message"),
        "other_login_url": reverse_lazy("workbench:login"),
        "other_login_text": _("Utility staff log in here"),
    }


def own_customer(request: HttpRequest) -> Customer | None:
    """The customer record of the logged-in account (request.user.customer), read through the access
    selector like every other customer on every other page."""
    return customers_visible_to(current_account(request)).first()


def identification_label(customer: Customer) -> str:
    """What the identification shown on the page is: an enterprise's credit code or a person's document."""
    if customer.party_kind == PartyKind.ENTERPRISE:
        return str(_("Unified social credit code"))
    return customer.get_identity_document_type_display() or str(_("Identity number"))


@customer_required  # first, so staff get 403 whatever the method
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    customer = own_customer(request)
    if customer is None:
        return render(request, "portal/home.html", {"customer": None})
    context = {
        "customer": customer,
        "identification_label": identification_label(customer),
        "masked_mobile_number": mask_mobile_number(customer.mobile_number),
        "serving_unit_ancestry": unit_ancestry(customer.service_unit),
        "applications": applications_visible_to(current_account(request)).order_by("-created_at")[:50],
    }
    return render(request, "portal/home.html", context)
