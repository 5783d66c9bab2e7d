"""Values every page's layout needs."""

from __future__ import annotations

from django.http import HttpRequest

import yekuo
from yekuo.accounts.models import AccountKind, User


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    account = user if isinstance(user, User) and user.is_authenticated else None
    return {
        "yekuo_version": yekuo.__version__,
        "is_staff_member": account is not None and account.kind == AccountKind.STAFF,
        "is_customer": account is not None and account.kind == AccountKind.CUSTOMER,
    }
