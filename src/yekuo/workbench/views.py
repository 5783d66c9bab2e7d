"""The staff workbench: log-in, a home page built from the roles the member of staff holds, and lists of
the units and staff they can see. Queries live in yekuo.workbench.selectors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from yekuo.org import selectors as org_selectors
from yekuo.web.authentication import AreaLoginView
from yekuo.web.guards import current_account, staff_required
from yekuo.workbench import selectors
from yekuo.workbench.forms import StaffAuthenticationForm

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
    context = {
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
