"""Keep the two audiences apart: customers never reach staff pages, staff never reach customer pages.

Anonymous visitors are sent to the log-in page of the area they asked for; a logged-in account of the
other kind gets 403, so a customer learns nothing about the workbench beyond that it is not theirs.
Put the guard outermost (above require_safe and the like), so the other kind gets 403 whatever the method.
For a class-based view: method_decorator(staff_required, name="dispatch").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from yekuo.accounts.models import AccountKind, User

Parameters = ParamSpec("Parameters")
View = Callable[Concatenate[HttpRequest, Parameters], HttpResponse]


def account_of_kind(request: HttpRequest, kind: AccountKind) -> User | None:
    """The logged-in account if it is of `kind`; None for anonymous visitors; 403 for the other kind."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not isinstance(user, User) or user.kind != kind:
        raise PermissionDenied
    return user


def _require_kind(kind: AccountKind, login_url_name: str) -> Callable[[View[Parameters]], View[Parameters]]:
    def decorator(view: View[Parameters]) -> View[Parameters]:
        @wraps(view)
        def guarded(
            request: HttpRequest, /, *args: Parameters.args, **kwargs: Parameters.kwargs
        ) -> HttpResponse:
            if account_of_kind(request, kind) is None:
                return redirect_to_login(request.get_full_path(), login_url=reverse(login_url_name))
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def staff_required(view: View[Parameters]) -> View[Parameters]:
    """For workbench views: staff only; anonymous → staff log-in; customers → 403."""
    return _require_kind(AccountKind.STAFF, "workbench:login")(view)


def customer_required(view: View[Parameters]) -> View[Parameters]:
    """For portal views: customers only; anonymous → customer log-in; staff → 403."""
    return _require_kind(AccountKind.CUSTOMER, "portal:login")(view)


def current_account(request: HttpRequest) -> User:
    """The logged-in account inside a guarded view (the guard has already refused everyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
