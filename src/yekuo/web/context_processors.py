"""Values every page's layout needs."""

from __future__ import annotations

from django.http import HttpRequest

import yekuo
from yekuo.accounts.models import AccountKind, User
from yekuo.notifications.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    account = user if isinstance(user, User) and user.is_authenticated else None
    return {
        "yekuo_version": yekuo.__version__,
        "is_staff_member": account is not None and account.kind == AccountKind.STAFF,
        "is_customer": account is not None and account.kind == AccountKind.CUSTOMER,
        # Called by the template only where the layout shows the badge: no query on other pages.
        "unread_notification_count": (lambda: unread_count(account)) if account is not None else 0,
    }
