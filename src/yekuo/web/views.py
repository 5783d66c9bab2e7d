"""The public pages of the shell: the landing page and log-out."""

from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from yekuo.accounts.models import AccountKind, User

HOME_URL_NAME_BY_KIND: dict[str, str] = {
    AccountKind.STAFF: "workbench:home",
    AccountKind.CUSTOMER: "portal:home",
}


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    """Who yekuo is for and where to log in; a logged-in visitor goes straight to their own home page."""
    user = request.user
    if isinstance(user, User) and user.kind in HOME_URL_NAME_BY_KIND:
        return redirect(HOME_URL_NAME_BY_KIND[user.kind])
    return render(request, "web/landing.html")


class AccountLogoutView(LogoutView):
    """POST only (Django answers GET with 405): a link or an image elsewhere cannot log anyone out."""

    next_page = "web:landing"  # resolve_url() turns the URL name into the address
