"""Values every page's layout needs."""

from __future__ import annotations

from django.http import HttpRequest

import yekuo


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "yekuo_version": yekuo.__version__,
        "is_staff_member": bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff"),
        "is_customer": bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "customer"),
    }
