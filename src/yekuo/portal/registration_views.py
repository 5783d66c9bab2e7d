"""Registration and password reset in two steps: the mobile number gets a code, then the details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yekuo.accounts.models import AccountKind, User
from yekuo.accounts.validators import mask_mobile_number
from yekuo.core.errors import DomainError
from yekuo.customers.models import VerificationPurpose
from yekuo.customers.self_registration import customer_password_reset, customer_self_register
from yekuo.customers.verification import verification_code_send
from yekuo.org.models import Unit, UnitLevel
from yekuo.portal.registration_forms import MobileNumberForm, PasswordResetForm, RegistrationForm

SESSION_KEYS = {
    VerificationPurpose.REGISTRATION: "yekuo_registration_mobile",
    VerificationPurpose.PASSWORD_RESET: "yekuo_password_reset_mobile",
}
NEXT_STEP = {
    VerificationPurpose.REGISTRATION: "portal:register_details",
    VerificationPurpose.PASSWORD_RESET: "portal:password_reset_details",
}
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refuse_logged_in_customer(request: HttpRequest) -> HttpResponseRedirect | None:
    user = request.user
    if isinstance(user, User) and user.kind == AccountKind.CUSTOMER:
        return redirect("portal:home")
    return None


def _send_code_page(request: HttpRequest, purpose: VerificationPurpose, template: str) -> HttpResponse:
    already = _refuse_logged_in_customer(request)
    if already is not None:
        return already
    form = MobileNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = verification_code_send(mobile_number=form.cleaned_data["mobile_number"], purpose=purpose)
        except DomainError as error:
            form.add_error("mobile_number", str(error.message))
            return render(request, template, {"form": form}, status=error.http_status)
        request.session[SESSION_KEYS[purpose]] = record.mobile_number
        messages.success(
            request,
            _("We sent a verification code to %(number)s. It is valid for 10 minutes.")
            % {"number": mask_mobile_number(record.mobile_number)},
        )
        return redirect(NEXT_STEP[purpose])
    return render(request, template, {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    return _send_code_page(request, VerificationPurpose.REGISTRATION, "portal/register.html")


@require_http_methods(["GET", "HEAD", "POST"])
def register_details(request: HttpRequest) -> HttpResponse:
    already = _refuse_logged_in_customer(request)
    if already is not None:
        return already
    mobile_number = request.session.get(SESSION_KEYS[VerificationPurpose.REGISTRATION])
    if not mobile_number:
        return redirect("portal:register")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        station = Unit.objects.filter(pk=data["service_unit"], level=UnitLevel.SUPPLY_STATION).first()
        if station is None:
            form.add_error("service_unit", _("Choose your supply station."))
        else:
            try:
                customer = customer_self_register(
                    mobile_number=mobile_number,
                    code=data["code"],
                    password=data["password"],
                    party_kind=data["party_kind"],
                    name=data["name"],
                    address=data["address"],
                    service_unit=station,
                    identity_document_type=data["identity_document_type"]
                    if data["party_kind"] == "person"
                    else "",
                    identity_number=data["identity_number"] if data["party_kind"] == "person" else "",
                    credit_code=data["credit_code"] if data["party_kind"] == "enterprise" else "",
                    legal_representative=data["legal_representative"]
                    if data["party_kind"] == "enterprise"
                    else "",
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                del request.session[SESSION_KEYS[VerificationPurpose.REGISTRATION]]
                login(request, customer.account, backend=MODEL_BACKEND)
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("portal:home")
    context = {"form": form, "masked_mobile_number": mask_mobile_number(mobile_number)}
    return render(request, "portal/register_details.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    return _send_code_page(request, VerificationPurpose.PASSWORD_RESET, "portal/password_reset.html")


@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_details(request: HttpRequest) -> HttpResponse:
    mobile_number = request.session.get(SESSION_KEYS[VerificationPurpose.PASSWORD_RESET])
    if not mobile_number:
        return redirect("portal:password_reset")
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            customer_password_reset(
                mobile_number=mobile_number,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            del request.session[SESSION_KEYS[VerificationPurpose.PASSWORD_RESET]]
            messages.success(request, _("Your password has been changed. Please log in."))
            return redirect("portal:login")
    context = {"form": form, "masked_mobile_number": mask_mobile_number(mobile_number)}
    return render(request, "portal/password_reset_details.html", context, status=400 if form.errors else 200)
